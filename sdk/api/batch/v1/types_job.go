package v1

import (
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	"github.com/gantryhq/gantry/sdk/api/meta"
)

// Labels and annotations of Jobs and their pods.
const (
	labelPrefix = "batch.kubernetes.io/"

	// JobNameLabel labels the pods of a Job with the Job's name.
	JobNameLabel = labelPrefix + "job-name"
	// ControllerUIDLabel labels the pods of a Job with the Job's UID; the
	// generated selector of a Job matches it.
	ControllerUIDLabel = labelPrefix + "controller-uid"
	// LegacyJobNameLabel is the unprefixed form of JobNameLabel, still set.
	LegacyJobNameLabel = "job-name"
	// LegacyControllerUIDLabel is the unprefixed form of ControllerUIDLabel, still set.
	LegacyControllerUIDLabel = "controller-uid"

	// CronJobScheduledTimestampAnnotation records, on a Job made by a
	// CronJob, the time it was scheduled for (RFC 3339).
	CronJobScheduledTimestampAnnotation = labelPrefix + "cronjob-scheduled-timestamp"
	// JobCompletionIndexAnnotation holds the completion index of a pod of an Indexed Job.
	JobCompletionIndexAnnotation = labelPrefix + "job-completion-index"
	// JobCompletionIndexLabel labels the pods of an Indexed Job with their index.
	JobCompletionIndexLabel = "job.kubernetes.io/pod-index"
	// JobTrackingFinalizer is the finalizer that keeps a Job's pods until
	// the Job controller has counted them.
	JobTrackingFinalizer = labelPrefix + "job-tracking"
	// JobIndexFailureCountAnnotation counts the failures of an index (backoffLimitPerIndex).
	JobIndexFailureCountAnnotation = labelPrefix + "job-index-failure-count"
	// JobIndexIgnoredFailureCountAnnotation counts the failures of an index
	// that a podFailurePolicy rule ignored.
	JobIndexIgnoredFailureCountAnnotation = labelPrefix + "job-index-ignored-failure-count"
	// JobControllerName is the reserved spec.managedBy value of the built-in Job controller.
	JobControllerName = "kubernetes.io/job-controller"
)

// Job runs pods until a number of them complete successfully.
type Job struct {
	meta.TypeMeta   `json:",inline"`
	meta.ObjectMeta `json:"metadata,omitempty" protobuf:"bytes,1,opt,name=metadata"`
	// Spec is the desired behavior of the Job.
	Spec JobSpec `json:"spec,omitempty" protobuf:"bytes,2,opt,name=spec"`
	// Status is the current state of the Job.
	Status JobStatus `json:"status,omitempty" protobuf:"bytes,3,opt,name=status"`
}

// JobList is a list of Jobs.
type JobList struct {
	meta.TypeMeta `json:",inline"`
	meta.ListMeta `json:"metadata,omitempty" protobuf:"bytes,1,opt,name=metadata"`
	Items         []Job `json:"items" protobuf:"bytes,2,rep,name=items"`
}

// CompletionMode says how the completions of a Job's pods are counted.
type CompletionMode string

// Completion modes.
const (
	// NonIndexedCompletion: the Job is complete after spec.completions successful pods.
	NonIndexedCompletion CompletionMode = "NonIndexed"
	// IndexedCompletion: each pod gets an index in [0, completions); the Job
	// is complete when every index has succeeded.
	IndexedCompletion CompletionMode = "Indexed"
)

// PodFailurePolicyAction is what happens when a pod failure matches a rule.
type PodFailurePolicyAction string

// Pod failure policy actions.
const (
	// PodFailurePolicyActionFailJob fails the Job and terminates its running pods.
	PodFailurePolicyActionFailJob PodFailurePolicyAction = "FailJob"
	// PodFailurePolicyActionFailIndex fails the pod's index (needs backoffLimitPerIndex).
	PodFailurePolicyActionFailIndex PodFailurePolicyAction = "FailIndex"
	// PodFailurePolicyActionIgnore does not count the failure towards backoffLimit.
	PodFailurePolicyActionIgnore PodFailurePolicyAction = "Ignore"
	// PodFailurePolicyActionCount counts the failure towards backoffLimit (the default handling).
	PodFailurePolicyActionCount PodFailurePolicyAction = "Count"
)

// PodFailurePolicyOnExitCodesOperator relates exit codes to a rule's values.
type PodFailurePolicyOnExitCodesOperator string

// Exit code operators.
const (
	PodFailurePolicyOnExitCodesOpIn    PodFailurePolicyOnExitCodesOperator = "In"
	PodFailurePolicyOnExitCodesOpNotIn PodFailurePolicyOnExitCodesOperator = "NotIn"
)

// PodReplacementPolicy says when a replacement pod is created.
type PodReplacementPolicy string

// Pod replacement policies.
const (
	// TerminatingOrFailed replaces a pod as soon as it is terminating or failed.
	TerminatingOrFailed PodReplacementPolicy = "TerminatingOrFailed"
	// Failed waits until the old pod is fully terminated (Failed or Succeeded).
	Failed PodReplacementPolicy = "Failed"
)

// PodFailurePolicyOnExitCodesRequirement matches a failed pod by the exit
// codes of its containers (exit code 0 never matches).
type PodFailurePolicyOnExitCodesRequirement struct {
	// ContainerName restricts the check to one container or init container; nil means all.
	ContainerName *string `json:"containerName" protobuf:"bytes,1,opt,name=containerName"`
	// Operator is In or NotIn.
	Operator PodFailurePolicyOnExitCodesOperator `json:"operator" protobuf:"bytes,2,req,name=operator"`
	// Values are sorted exit codes, without duplicates (1 to 255 of them; 0 not with In).
	Values []int32 `json:"values" protobuf:"varint,3,rep,name=values"`
}

// PodFailurePolicyOnPodConditionsPattern matches a pod condition.
type PodFailurePolicyOnPodConditionsPattern struct {
	// Type is the pod condition type.
	Type corev1.PodConditionType `json:"type" protobuf:"bytes,1,req,name=type"`
	// Status is the condition status; defaults to True.
	Status corev1.ConditionStatus `json:"status" protobuf:"bytes,2,req,name=status"`
}

// PodFailurePolicyRule is one rule of a PodFailurePolicy: exactly one of
// OnExitCodes and OnPodConditions is set.
type PodFailurePolicyRule struct {
	// Action taken when the rule matches.
	Action PodFailurePolicyAction `json:"action" protobuf:"bytes,1,req,name=action"`
	// OnExitCodes matches container exit codes.
	OnExitCodes *PodFailurePolicyOnExitCodesRequirement `json:"onExitCodes" protobuf:"bytes,2,opt,name=onExitCodes"`
	// OnPodConditions matches when any pattern matches a pod condition (at most 20).
	OnPodConditions []PodFailurePolicyOnPodConditionsPattern `json:"onPodConditions" protobuf:"bytes,3,opt,name=onPodConditions"`
}

// PodFailurePolicy says how pod failures count towards backoffLimit.
type PodFailurePolicy struct {
	// Rules are evaluated in order; the first match applies (at most 20).
	Rules []PodFailurePolicyRule `json:"rules" protobuf:"bytes,1,opt,name=rules"`
}

// SuccessPolicy declares an Indexed Job succeeded before all indexes succeed.
type SuccessPolicy struct {
	// Rules are alternatives (1 to 20); the first one met adds SuccessCriteriaMet.
	Rules []SuccessPolicyRule `json:"rules" protobuf:"bytes,1,opt,name=rules"`
}

// SuccessPolicyRule is met when the given indexes, or a number of them, succeeded.
type SuccessPolicyRule struct {
	// SucceededIndexes is an index set such as "1,3-5,7".
	SucceededIndexes *string `json:"succeededIndexes,omitempty" protobuf:"bytes,1,opt,name=succeededIndexes"`
	// SucceededCount is how many (of SucceededIndexes, when set) must succeed.
	SucceededCount *int32 `json:"succeededCount,omitempty" protobuf:"varint,2,opt,name=succeededCount"`
}

// JobSpec is the desired behavior of a Job.
type JobSpec struct {
	// Parallelism is the most pods running at once; defaults to 1.
	Parallelism *int32 `json:"parallelism,omitempty" protobuf:"varint,1,opt,name=parallelism"`
	// Completions is the number of successful pods needed; nil means any one
	// success completes the Job. Defaults to 1 when parallelism is unset too.
	Completions *int32 `json:"completions,omitempty" protobuf:"varint,2,opt,name=completions"`
	// ActiveDeadlineSeconds bounds how long the Job may be active.
	ActiveDeadlineSeconds *int64 `json:"activeDeadlineSeconds,omitempty" protobuf:"varint,3,opt,name=activeDeadlineSeconds"`
	// PodFailurePolicy says how pod failures count; requires restartPolicy Never.
	PodFailurePolicy *PodFailurePolicy `json:"podFailurePolicy,omitempty" protobuf:"bytes,11,opt,name=podFailurePolicy"`
	// SuccessPolicy declares an Indexed Job succeeded early.
	SuccessPolicy *SuccessPolicy `json:"successPolicy,omitempty" protobuf:"bytes,16,opt,name=successPolicy"`
	// BackoffLimit is the number of retries before the Job fails; defaults to 6.
	BackoffLimit *int32 `json:"backoffLimit,omitempty" protobuf:"varint,7,opt,name=backoffLimit"`
	// BackoffLimitPerIndex is the number of retries of each index (Indexed Jobs).
	BackoffLimitPerIndex *int32 `json:"backoffLimitPerIndex,omitempty" protobuf:"varint,12,opt,name=backoffLimitPerIndex"`
	// MaxFailedIndexes fails the Job once more indexes failed (with backoffLimitPerIndex).
	MaxFailedIndexes *int32 `json:"maxFailedIndexes,omitempty" protobuf:"varint,13,opt,name=maxFailedIndexes"`
	// Selector selects the Job's pods; the server generates it unless manualSelector is true.
	Selector *meta.LabelSelector `json:"selector,omitempty" protobuf:"bytes,4,opt,name=selector"`
	// ManualSelector lets the user pick the selector and pod labels.
	ManualSelector *bool `json:"manualSelector,omitempty" protobuf:"varint,5,opt,name=manualSelector"`
	// Template describes the pods; its restartPolicy must be OnFailure or Never.
	Template corev1.PodTemplateSpec `json:"template" protobuf:"bytes,6,opt,name=template"`
	// TTLSecondsAfterFinished makes a finished Job deletable after that many seconds.
	TTLSecondsAfterFinished *int32 `json:"ttlSecondsAfterFinished,omitempty" protobuf:"varint,8,opt,name=ttlSecondsAfterFinished"`
	// CompletionMode is NonIndexed (the default) or Indexed.
	CompletionMode *CompletionMode `json:"completionMode,omitempty" protobuf:"bytes,9,opt,name=completionMode,casttype=CompletionMode"`
	// Suspend stops the controller from creating pods (and deletes running
	// ones when set later); defaults to false.
	Suspend *bool `json:"suspend,omitempty" protobuf:"varint,10,opt,name=suspend"`
	// PodReplacementPolicy says when replacement pods are created; defaults
	// to TerminatingOrFailed, or Failed with a podFailurePolicy.
	PodReplacementPolicy *PodReplacementPolicy `json:"podReplacementPolicy,omitempty" protobuf:"bytes,14,opt,name=podReplacementPolicy,casttype=podReplacementPolicy"`
	// ManagedBy names the controller that manages the Job; the built-in one
	// skips Jobs with a value other than "kubernetes.io/job-controller".
	ManagedBy *string `json:"managedBy,omitempty" protobuf:"bytes,15,opt,name=managedBy"`
}

// JobStatus is the current state of a Job.
type JobStatus struct {
	// Conditions are the latest observations of the Job's state.
	Conditions []JobCondition `json:"conditions,omitempty" patchStrategy:"merge" patchMergeKey:"type" protobuf:"bytes,1,rep,name=conditions"`
	// StartTime is when the controller started processing the Job.
	StartTime *meta.Time `json:"startTime,omitempty" protobuf:"bytes,2,opt,name=startTime"`
	// CompletionTime is when the Job completed successfully.
	CompletionTime *meta.Time `json:"completionTime,omitempty" protobuf:"bytes,3,opt,name=completionTime"`
	// Active is the number of pending and running pods that are not terminating.
	Active int32 `json:"active,omitempty" protobuf:"varint,4,opt,name=active"`
	// Succeeded is the number of pods that reached phase Succeeded.
	Succeeded int32 `json:"succeeded,omitempty" protobuf:"varint,5,opt,name=succeeded"`
	// Failed is the number of pods that reached phase Failed.
	Failed int32 `json:"failed,omitempty" protobuf:"varint,6,opt,name=failed"`
	// Terminating is the number of terminating pods.
	Terminating *int32 `json:"terminating,omitempty" protobuf:"varint,11,opt,name=terminating"`
	// CompletedIndexes of an Indexed Job, such as "1,3-5,7".
	CompletedIndexes string `json:"completedIndexes,omitempty" protobuf:"bytes,7,opt,name=completedIndexes"`
	// FailedIndexes of an Indexed Job with backoffLimitPerIndex.
	FailedIndexes *string `json:"failedIndexes,omitempty" protobuf:"bytes,10,opt,name=failedIndexes"`
	// UncountedTerminatedPods holds pods that terminated but are not counted yet.
	UncountedTerminatedPods *UncountedTerminatedPods `json:"uncountedTerminatedPods,omitempty" protobuf:"bytes,8,opt,name=uncountedTerminatedPods"`
	// Ready is the number of pods with a Ready condition.
	Ready *int32 `json:"ready,omitempty" protobuf:"varint,9,opt,name=ready"`
}

// UncountedTerminatedPods holds the UIDs of pods that terminated but are
// not yet counted in the Job's status.
type UncountedTerminatedPods struct {
	Succeeded []meta.UID `json:"succeeded,omitempty" protobuf:"bytes,1,rep,name=succeeded,casttype=k8s.io/apimachinery/pkg/types.UID"`
	Failed    []meta.UID `json:"failed,omitempty" protobuf:"bytes,2,rep,name=failed,casttype=k8s.io/apimachinery/pkg/types.UID"`
}

// JobConditionType is the type of a JobCondition.
type JobConditionType string

// Job condition types.
const (
	// JobSuspended means the Job is suspended.
	JobSuspended JobConditionType = "Suspended"
	// JobComplete means the Job completed successfully.
	JobComplete JobConditionType = "Complete"
	// JobFailed means the Job failed.
	JobFailed JobConditionType = "Failed"
	// JobFailureTarget means the Job is about to fail.
	JobFailureTarget JobConditionType = "FailureTarget"
	// JobSuccessCriteriaMet means the Job is about to succeed.
	JobSuccessCriteriaMet JobConditionType = "SuccessCriteriaMet"
)

// Reasons of Job conditions.
const (
	JobReasonPodFailurePolicy         = "PodFailurePolicy"
	JobReasonBackoffLimitExceeded     = "BackoffLimitExceeded"
	JobReasonDeadlineExceeded         = "DeadlineExceeded"
	JobReasonMaxFailedIndexesExceeded = "MaxFailedIndexesExceeded"
	JobReasonFailedIndexes            = "FailedIndexes"
	JobReasonSuccessPolicy            = "SuccessPolicy"
	JobReasonCompletionsReached       = "CompletionsReached"
)

// JobCondition describes the state of a Job at a point in time.
type JobCondition struct {
	Type JobConditionType `json:"type" protobuf:"bytes,1,opt,name=type,casttype=JobConditionType"`
	// Status is True, False or Unknown.
	Status corev1.ConditionStatus `json:"status" protobuf:"bytes,2,opt,name=status,casttype=k8s.io/api/core/v1.ConditionStatus"`
	// LastProbeTime is the last time the condition was checked.
	LastProbeTime meta.Time `json:"lastProbeTime,omitempty" protobuf:"bytes,3,opt,name=lastProbeTime"`
	// LastTransitionTime is the last time Status changed.
	LastTransitionTime meta.Time `json:"lastTransitionTime,omitempty" protobuf:"bytes,4,opt,name=lastTransitionTime"`
	// Reason is a one-word CamelCase reason for the last transition.
	Reason string `json:"reason,omitempty" protobuf:"bytes,5,opt,name=reason"`
	// Message is a human-readable explanation.
	Message string `json:"message,omitempty" protobuf:"bytes,6,opt,name=message"`
}
