package meta

import (
	"fmt"
	"time"
)

// RFC3339Micro is the layout of MicroTime.
const RFC3339Micro = "2006-01-02T15:04:05.000000Z07:00"

// Time is a timestamp with second precision, encoded as RFC 3339 in UTC
// ("2026-11-25T13:20:52Z"); the zero value encodes as null.
type Time struct {
	time.Time `json:"-"`
}

// NewTime returns t truncated to seconds.
func NewTime(t time.Time) Time { return Time{t.Truncate(time.Second)} }

// Now returns the current time truncated to seconds.
func Now() Time { return NewTime(time.Now()) }

// IsZero reports whether t is nil or the zero time.
func (t *Time) IsZero() bool { return t == nil || t.Time.IsZero() }

// Equal reports whether t and u are both nil or name the same instant.
func (t *Time) Equal(u *Time) bool {
	if t == nil || u == nil {
		return t == u
	}
	return t.Time.Equal(u.Time)
}

// Before reports whether t is before u.
func (t *Time) Before(u *Time) bool {
	if t != nil && u != nil {
		return t.Time.Before(u.Time)
	}
	return false
}

// DeepCopyInto copies t into out.
func (t *Time) DeepCopyInto(out *Time) { *out = *t }

// DeepCopy returns a copy of t.
func (t *Time) DeepCopy() *Time {
	if t == nil {
		return nil
	}
	out := *t
	return &out
}

// MarshalJSON encodes t as an RFC 3339 string in UTC, or null.
func (t Time) MarshalJSON() ([]byte, error) {
	if t.Time.IsZero() {
		return []byte("null"), nil
	}
	b := make([]byte, 0, len(time.RFC3339)+2)
	b = append(b, '"')
	b = t.UTC().AppendFormat(b, time.RFC3339)
	return append(b, '"'), nil
}

// UnmarshalJSON decodes an RFC 3339 string or null.
func (t *Time) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		t.Time = time.Time{}
		return nil
	}
	if len(b) < 2 || b[0] != '"' || b[len(b)-1] != '"' {
		return fmt.Errorf("invalid time %s: want an RFC 3339 string such as \"2006-01-02T15:04:05Z\"", b)
	}
	pt, err := time.Parse(time.RFC3339, string(b[1:len(b)-1]))
	if err != nil || pt.UTC().Year() > 9999 {
		return fmt.Errorf("invalid time %s: want an RFC 3339 string such as \"2006-01-02T15:04:05Z\"", b)
	}
	t.Time = pt.Local()
	return nil
}

// MicroTime is a timestamp with microsecond precision (Events, Leases).
type MicroTime struct {
	time.Time `json:"-"`
}

// NewMicroTime returns t truncated to microseconds.
func NewMicroTime(t time.Time) MicroTime { return MicroTime{t.Truncate(time.Microsecond)} }

// NowMicro returns the current time truncated to microseconds.
func NowMicro() MicroTime { return NewMicroTime(time.Now()) }

// IsZero reports whether t is nil or the zero time.
func (t *MicroTime) IsZero() bool { return t == nil || t.Time.IsZero() }

// DeepCopyInto copies t into out.
func (t *MicroTime) DeepCopyInto(out *MicroTime) { *out = *t }

// DeepCopy returns a copy of t.
func (t *MicroTime) DeepCopy() *MicroTime {
	if t == nil {
		return nil
	}
	out := *t
	return &out
}

// MarshalJSON encodes t with microseconds in UTC, or null.
func (t MicroTime) MarshalJSON() ([]byte, error) {
	if t.Time.IsZero() {
		return []byte("null"), nil
	}
	b := make([]byte, 0, len(RFC3339Micro)+2)
	b = append(b, '"')
	b = t.UTC().AppendFormat(b, RFC3339Micro)
	return append(b, '"'), nil
}

// UnmarshalJSON decodes an RFC 3339 string (with or without fraction) or null.
func (t *MicroTime) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		t.Time = time.Time{}
		return nil
	}
	if len(b) < 2 || b[0] != '"' || b[len(b)-1] != '"' {
		return fmt.Errorf("invalid time %s: want an RFC 3339 string such as \"2006-01-02T15:04:05.000000Z\"", b)
	}
	pt, err := time.Parse(time.RFC3339Nano, string(b[1:len(b)-1]))
	if err != nil || pt.UTC().Year() > 9999 {
		return fmt.Errorf("invalid time %s: want an RFC 3339 string such as \"2006-01-02T15:04:05.000000Z\"", b)
	}
	t.Time = pt.Local()
	return nil
}

// Duration is a time.Duration encoded as a Go duration string ("1m30s").
type Duration struct {
	time.Duration `json:"-" protobuf:"varint,1,opt,name=duration,casttype=time.Duration"`
}

// MarshalJSON encodes d as a string.
func (d Duration) MarshalJSON() ([]byte, error) {
	return []byte(`"` + d.Duration.String() + `"`), nil
}

// UnmarshalJSON decodes a Go duration string.
func (d *Duration) UnmarshalJSON(b []byte) error {
	if len(b) < 2 || b[0] != '"' || b[len(b)-1] != '"' {
		return fmt.Errorf("invalid duration %s: want a string such as \"1m30s\"", b)
	}
	pd, err := time.ParseDuration(string(b[1 : len(b)-1]))
	if err != nil {
		return fmt.Errorf("invalid duration %s: want a string such as \"1m30s\"", b)
	}
	d.Duration = pd
	return nil
}
