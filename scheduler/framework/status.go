package framework

import (
	"errors"
	"strings"
)

// Code is the outcome of a plugin call.
type Code int

// Status codes and what the framework does with each.
const (
	// Success: the plugin ran and the pod may proceed. A nil *Status means Success.
	Success Code = iota
	// Error: an internal error; the pod is re-queued with back-off and the
	// error is reported (Event, condition).
	Error
	// Unschedulable: the pod does not fit the node (Filter) or the cluster
	// now; PostFilter (preemption) may make room. The pod waits in the
	// unschedulable pool until a cluster event could make it fit.
	Unschedulable
	// UnschedulableAndUnresolvable: the pod does not fit the node and
	// preemption on that node cannot help (e.g. a node selector mismatch).
	UnschedulableAndUnresolvable
	// Wait: returned by Permit only; the pod waits for approval or timeout.
	Wait
	// Skip: from PreFilter/PreScore, the plugin's Filter/Score is skipped for
	// this pod; from Bind, the next bind plugin is tried.
	Skip
	// Pending: the pod waits for something external (e.g. another pod);
	// treated like Unschedulable but never preempts.
	Pending
)

var codeNames = []string{"Success", "Error", "Unschedulable", "UnschedulableAndUnresolvable", "Wait", "Skip", "Pending"}

// String returns the code's name.
func (c Code) String() string {
	if int(c) < len(codeNames) {
		return codeNames[c]
	}
	return "Unknown"
}

// Status is the result of a plugin call: a Code, human-readable reasons
// (shown in the unschedulable Event: "Insufficient cpu") and, for Error, the
// error. A nil *Status is Success.
type Status struct {
	code    Code
	reasons []string
	err     error
	plugin  string
}

// NewStatus returns a status with code and reasons.
func NewStatus(code Code, reasons ...string) *Status {
	s := &Status{code: code, reasons: reasons}
	if code == Error {
		s.err = errors.New(strings.Join(reasons, ", "))
	}
	return s
}

// AsStatus wraps err as an Error status; nil err gives nil.
func AsStatus(err error) *Status {
	if err == nil {
		return nil
	}
	return &Status{code: Error, reasons: []string{err.Error()}, err: err}
}

// Code returns the status code; Success for nil.
func (s *Status) Code() Code {
	if s == nil {
		return Success
	}
	return s.code
}

// IsSuccess reports whether s is nil or Success.
func (s *Status) IsSuccess() bool { return s.Code() == Success }

// IsSkip reports whether s is Skip.
func (s *Status) IsSkip() bool { return s.Code() == Skip }

// IsWait reports whether s is Wait.
func (s *Status) IsWait() bool { return s.Code() == Wait }

// IsRejected reports whether s rejects the pod (Unschedulable,
// UnschedulableAndUnresolvable or Pending).
func (s *Status) IsRejected() bool {
	c := s.Code()
	return c == Unschedulable || c == UnschedulableAndUnresolvable || c == Pending
}

// Reasons returns the reasons.
func (s *Status) Reasons() []string {
	if s == nil {
		return nil
	}
	if s.err != nil && len(s.reasons) == 0 {
		return []string{s.err.Error()}
	}
	return s.reasons
}

// Message joins the reasons with ", ".
func (s *Status) Message() string {
	if s == nil {
		return ""
	}
	return strings.Join(s.Reasons(), ", ")
}

// AsError returns nil for success and rejection-free codes, else an error.
func (s *Status) AsError() error {
	if s.IsSuccess() || s.IsSkip() || s.IsWait() {
		return nil
	}
	if s.err != nil {
		return s.err
	}
	return errors.New(s.Message())
}

// WithPlugin records the plugin that produced the status and returns s.
func (s *Status) WithPlugin(name string) *Status {
	if s != nil {
		s.plugin = name
	}
	return s
}

// Plugin returns the plugin that produced the status.
func (s *Status) Plugin() string {
	if s == nil {
		return ""
	}
	return s.plugin
}

// String renders "Code: reasons".
func (s *Status) String() string {
	if s == nil {
		return "Success"
	}
	if m := s.Message(); m != "" {
		return s.code.String() + ": " + m
	}
	return s.code.String()
}
