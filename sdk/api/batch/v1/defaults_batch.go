package v1

import (
	"math"

	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
)

// SetDefaults_Job fills the defaults of a Job's own fields, as Kubernetes'
// batch/v1 defaulting does: completions and parallelism 1 when both are
// unset (else parallelism 1), backoffLimit 6 (MaxInt32 with
// backoffLimitPerIndex), completionMode NonIndexed, suspend false,
// podFailurePolicy pattern status True, podReplacementPolicy
// TerminatingOrFailed (Failed with a podFailurePolicy), and the Job's
// labels from its template's when it has none. The selector and the pod
// labels that go with it are not defaults: the server generates them when
// the Job is created (see the strategy registered by Register).
func SetDefaults_Job(obj *Job) {
	if obj.Spec.Completions == nil && obj.Spec.Parallelism == nil {
		obj.Spec.Completions = ptrInt32(1)
		obj.Spec.Parallelism = ptrInt32(1)
	}
	if obj.Spec.Parallelism == nil {
		obj.Spec.Parallelism = ptrInt32(1)
	}
	if obj.Spec.BackoffLimit == nil {
		if obj.Spec.BackoffLimitPerIndex != nil {
			obj.Spec.BackoffLimit = ptrInt32(math.MaxInt32)
		} else {
			obj.Spec.BackoffLimit = ptrInt32(6)
		}
	}
	if l := obj.Spec.Template.Labels; l != nil && len(obj.Labels) == 0 {
		obj.Labels = make(map[string]string, len(l))
		for k, v := range l {
			obj.Labels[k] = v
		}
	}
	if obj.Spec.CompletionMode == nil {
		m := NonIndexedCompletion
		obj.Spec.CompletionMode = &m
	}
	if obj.Spec.Suspend == nil {
		obj.Spec.Suspend = ptrBool(false)
	}
	if p := obj.Spec.PodFailurePolicy; p != nil {
		for i := range p.Rules {
			for j := range p.Rules[i].OnPodConditions {
				if p.Rules[i].OnPodConditions[j].Status == "" {
					p.Rules[i].OnPodConditions[j].Status = corev1.ConditionTrue
				}
			}
		}
	}
	if obj.Spec.PodReplacementPolicy == nil {
		p := TerminatingOrFailed
		if obj.Spec.PodFailurePolicy != nil {
			p = Failed
		}
		obj.Spec.PodReplacementPolicy = &p
	}
}

// SetObjectDefaults_Job applies every default of a Job, including those of
// its pod template. It is the registry's Default.
func SetObjectDefaults_Job(obj *Job) {
	SetDefaults_Job(obj)
	corev1.SetDefaults_PodTemplateSpec(&obj.Spec.Template)
}

// SetDefaults_CronJob defaults concurrencyPolicy to Allow, suspend to false,
// successfulJobsHistoryLimit to 3 and failedJobsHistoryLimit to 1.
func SetDefaults_CronJob(obj *CronJob) {
	if obj.Spec.ConcurrencyPolicy == "" {
		obj.Spec.ConcurrencyPolicy = AllowConcurrent
	}
	if obj.Spec.Suspend == nil {
		obj.Spec.Suspend = ptrBool(false)
	}
	if obj.Spec.SuccessfulJobsHistoryLimit == nil {
		obj.Spec.SuccessfulJobsHistoryLimit = ptrInt32(3)
	}
	if obj.Spec.FailedJobsHistoryLimit == nil {
		obj.Spec.FailedJobsHistoryLimit = ptrInt32(1)
	}
}

// SetObjectDefaults_CronJob applies every default of a CronJob, including
// those of the pod template of its job template. As in Kubernetes, the
// job template's own Job fields (completions, backoffLimit, ...) are not
// defaulted here: the Jobs created from it are.
func SetObjectDefaults_CronJob(obj *CronJob) {
	SetDefaults_CronJob(obj)
	corev1.SetDefaults_PodTemplateSpec(&obj.Spec.JobTemplate.Spec.Template)
}

func ptrInt32(v int32) *int32 { return &v }

func ptrBool(v bool) *bool { return &v }
