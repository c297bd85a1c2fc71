package v1

import (
	"fmt"
	"strings"
	"time"

	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	"github.com/gantryhq/gantry/sdk/api/labels"
	"github.com/gantryhq/gantry/sdk/api/registry"
)

const (
	nameDesc       = "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names"
	ageDesc        = "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC."
	containersDesc = "Names of each container in the template."
	imagesDesc     = "Images referenced by each container in the template."
	selectorDesc   = "A label query over pods that should match the pod count. Normally, the system sets this field for you. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors"
)

// jobColumns are kubectl's: NAME STATUS COMPLETIONS DURATION AGE | CONTAINERS IMAGES SELECTOR.
var jobColumns = []registry.Column{
	{Name: "Name", Type: "string", Format: "name", Description: nameDesc},
	{Name: "Status", Type: "string", Description: "Status of the job."},
	{Name: "Completions", Type: "string", Description: "The number of pods which reached phase Succeeded."},
	{Name: "Duration", Type: "string", Description: "Time required to complete the job."},
	{Name: "Age", Type: "string", Description: ageDesc},
	{Name: "Containers", Type: "string", Priority: 1, Description: containersDesc},
	{Name: "Images", Type: "string", Priority: 1, Description: imagesDesc},
	{Name: "Selector", Type: "string", Priority: 1, Description: selectorDesc},
}

func jobCells(o *Job, now time.Time) []any {
	var completions string
	switch {
	case o.Spec.Completions != nil:
		completions = fmt.Sprintf("%d/%d", o.Status.Succeeded, *o.Spec.Completions)
	case deref(o.Spec.Parallelism, 0) > 1:
		completions = fmt.Sprintf("%d/1 of %d", o.Status.Succeeded, *o.Spec.Parallelism)
	default:
		completions = fmt.Sprintf("%d/1", o.Status.Succeeded)
	}
	var duration string
	switch {
	case o.Status.StartTime == nil:
	case o.Status.CompletionTime == nil:
		duration = registry.HumanDuration(now.Sub(o.Status.StartTime.Time))
	default:
		duration = registry.HumanDuration(o.Status.CompletionTime.Sub(o.Status.StartTime.Time))
	}
	names, images := layoutContainerCells(o.Spec.Template.Spec.Containers)
	return []any{
		o.Name, JobStatusString(o), completions, duration, registry.Age(o.CreationTimestamp, now),
		names, images, labels.FormatLabelSelector(o.Spec.Selector),
	}
}

// JobStatusString is the STATUS column of a Job, as kubectl shows it:
// Complete, Failed, Terminating, Suspended, FailureTarget or Running.
func JobStatusString(o *Job) string {
	switch {
	case HasJobCondition(o, JobComplete):
		return "Complete"
	case HasJobCondition(o, JobFailed):
		return "Failed"
	case o.DeletionTimestamp != nil:
		return "Terminating"
	case HasJobCondition(o, JobSuspended):
		return "Suspended"
	case HasJobCondition(o, JobFailureTarget):
		return "FailureTarget"
	}
	return "Running"
}

// HasJobCondition reports whether the first condition of type t of the Job
// has status True.
func HasJobCondition(o *Job, t JobConditionType) bool {
	for _, c := range o.Status.Conditions {
		if c.Type == t {
			return c.Status == corev1.ConditionTrue
		}
	}
	return false
}

// cronJobColumns are kubectl's: NAME SCHEDULE TIMEZONE SUSPEND ACTIVE LAST
// SCHEDULE AGE | CONTAINERS IMAGES SELECTOR.
var cronJobColumns = []registry.Column{
	{Name: "Name", Type: "string", Format: "name", Description: nameDesc},
	{Name: "Schedule", Type: "string", Description: "The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron."},
	{Name: "Timezone", Type: "string", Description: "The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones. If not specified, this will default to the time zone of the kube-controller-manager process."},
	{Name: "Suspend", Type: "boolean", Description: "This flag tells the controller to suspend subsequent executions, it does not apply to already started executions.  Defaults to false."},
	{Name: "Active", Type: "integer", Description: "A list of pointers to currently running jobs."},
	{Name: "Last Schedule", Type: "string", Description: "Information when was the last time the job was successfully scheduled."},
	{Name: "Age", Type: "string", Description: ageDesc},
	{Name: "Containers", Type: "string", Priority: 1, Description: containersDesc},
	{Name: "Images", Type: "string", Priority: 1, Description: imagesDesc},
	{Name: "Selector", Type: "string", Priority: 1, Description: selectorDesc},
}

func cronJobCells(o *CronJob, now time.Time) []any {
	lastSchedule := "<none>"
	if o.Status.LastScheduleTime != nil {
		lastSchedule = registry.Age(*o.Status.LastScheduleTime, now)
	}
	timeZone := "<none>"
	if o.Spec.TimeZone != nil {
		timeZone = *o.Spec.TimeZone
	}
	suspend := "<unset>"
	if o.Spec.Suspend != nil {
		suspend = "False"
		if *o.Spec.Suspend {
			suspend = "True"
		}
	}
	names, images := layoutContainerCells(o.Spec.JobTemplate.Spec.Template.Spec.Containers)
	return []any{
		o.Name, o.Spec.Schedule, timeZone, suspend, int64(len(o.Status.Active)), lastSchedule,
		registry.Age(o.CreationTimestamp, now),
		names, images, labels.FormatLabelSelector(o.Spec.JobTemplate.Spec.Selector),
	}
}

// layoutContainerCells joins the names and images of containers with
// commas, as kubectl's wide output shows them.
func layoutContainerCells(containers []corev1.Container) (names, images string) {
	var n, i strings.Builder
	for k, c := range containers {
		if k > 0 {
			n.WriteByte(',')
			i.WriteByte(',')
		}
		n.WriteString(c.Name)
		i.WriteString(c.Image)
	}
	return n.String(), i.String()
}
