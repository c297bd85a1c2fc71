package v1

import (
	"fmt"

	"github.com/gantryhq/gantry/sdk/api/field"
	"github.com/gantryhq/gantry/sdk/api/validation"
)

// Length limits of Event fields (events with eventTime set).
const (
	EventReportingInstanceLengthLimit = 128
	EventActionLengthLimit            = 128
	EventReasonLengthLimit            = 128
	EventNoteLengthLimit              = 1024
)

var eventTypes = []string{EventTypeNormal, EventTypeWarning}

// ValidateEvent checks an Event as Kubernetes validates core/v1 Events on
// create and update: the involved object's namespace must match the
// event's; events carrying eventTime (the newer style) also need
// reportingComponent, reportingInstance, action and reason within their
// length limits. Gantry also requires type to be Normal or Warning when set.
func ValidateEvent(ev *Event) field.ErrorList {
	var errs field.ErrorList
	nsPath := field.NewPath("involvedObject", "namespace")
	if ev.EventTime.IsZero() {
		if len(ev.InvolvedObject.Namespace) == 0 {
			// Cluster-scoped objects' events live in "default" (or no namespace).
			if ev.Namespace != "" && ev.Namespace != NamespaceDefault {
				errs = append(errs, field.Invalid(nsPath, ev.InvolvedObject.Namespace, "does not match event.namespace"))
			}
		} else if ev.Namespace != ev.InvolvedObject.Namespace {
			errs = append(errs, field.Invalid(nsPath, ev.InvolvedObject.Namespace, "does not match event.namespace"))
		}
	} else {
		if len(ev.InvolvedObject.Namespace) == 0 && ev.Namespace != NamespaceDefault && ev.Namespace != NamespaceSystem {
			errs = append(errs, field.Invalid(nsPath, ev.InvolvedObject.Namespace, "does not match event.namespace"))
		}
		rcPath := field.NewPath("reportingComponent")
		if len(ev.ReportingController) == 0 {
			errs = append(errs, field.Required(rcPath, ""))
		}
		errs = append(errs, validation.ValidateQualifiedName(ev.ReportingController, rcPath)...)
		if len(ev.ReportingInstance) == 0 {
			errs = append(errs, field.Required(field.NewPath("reportingInstance"), ""))
		}
		if len(ev.ReportingInstance) > EventReportingInstanceLengthLimit {
			errs = append(errs, field.Invalid(field.NewPath("reportingInstance"), "", fmt.Sprintf("can have at most %v characters", EventReportingInstanceLengthLimit)))
		}
		if len(ev.Action) == 0 {
			errs = append(errs, field.Required(field.NewPath("action"), ""))
		}
		if len(ev.Action) > EventActionLengthLimit {
			errs = append(errs, field.Invalid(field.NewPath("action"), "", fmt.Sprintf("can have at most %v characters", EventActionLengthLimit)))
		}
		if len(ev.Reason) == 0 {
			errs = append(errs, field.Required(field.NewPath("reason"), ""))
		}
		if len(ev.Reason) > EventReasonLengthLimit {
			errs = append(errs, field.Invalid(field.NewPath("reason"), "", fmt.Sprintf("can have at most %v characters", EventReasonLengthLimit)))
		}
		if len(ev.Message) > EventNoteLengthLimit {
			errs = append(errs, field.Invalid(field.NewPath("message"), "", fmt.Sprintf("can have at most %v characters", EventNoteLengthLimit)))
		}
	}
	if ev.Type != "" && !memberOf(ev.Type, eventTypes) {
		errs = append(errs, field.NotSupported(field.NewPath("type"), ev.Type, eventTypes))
	}
	return errs
}
