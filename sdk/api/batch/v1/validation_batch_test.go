package v1

import (
	"strings"
	"testing"

	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/google/go-cmp/cmp"
)

func TestValidateJob(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(j *Job)
		want   []string
	}{
		{name: "valid", mutate: func(*Job) {}},
		{
			name:   "pod template errors carry the template path",
			mutate: func(j *Job) { j.Spec.Template.Spec.Containers[0].Image = "" },
			want:   []string{"spec.template.spec.containers[0].image: Required value"},
		},
		{
			name:   "restartPolicy Always",
			mutate: func(j *Job) { j.Spec.Template.Spec.RestartPolicy = corev1.RestartPolicyAlways },
			want:   []string{`spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"`},
		},
		{
			name: "podFailurePolicy needs restartPolicy Never",
			mutate: func(j *Job) {
				j.Spec.Template.Spec.RestartPolicy = corev1.RestartPolicyOnFailure
				j.Spec.PodFailurePolicy = &PodFailurePolicy{Rules: []PodFailurePolicyRule{{
					Action: PodFailurePolicyActionFailJob, OnExitCodes: &PodFailurePolicyOnExitCodesRequirement{Operator: "In", Values: []int32{1}},
				}}}
				j.Spec.PodReplacementPolicy = ptrPolicy(Failed)
			},
			want: []string{`spec.template.spec.restartPolicy: Invalid value: "OnFailure": only "Never" is supported when podFailurePolicy is specified`},
		},
		{
			name: "selector does not match template",
			mutate: func(j *Job) {
				j.Spec.Template.Labels[JobNameLabel] = "other"
				j.Spec.Template.Labels[ControllerUIDLabel] = "x"
			},
			want: []string{
				"spec.template.metadata.labels[batch.kubernetes.io/controller-uid]: Invalid value: map[string]string{\"batch.kubernetes.io/controller-uid\":\"x\", \"batch.kubernetes.io/job-name\":\"other\", \"controller-uid\":\"" + jobUID + "\", \"job-name\":\"pi\"}: must be '" + jobUID + "'",
				"spec.template.metadata.labels[batch.kubernetes.io/job-name]: Invalid value: map[string]string{\"batch.kubernetes.io/controller-uid\":\"x\", \"batch.kubernetes.io/job-name\":\"other\", \"controller-uid\":\"" + jobUID + "\", \"job-name\":\"pi\"}: must be 'pi'",
				"spec.template.metadata.labels: Invalid value: map[string]string{\"batch.kubernetes.io/controller-uid\":\"x\", \"batch.kubernetes.io/job-name\":\"other\", \"controller-uid\":\"" + jobUID + "\", \"job-name\":\"pi\"}: `selector` does not match template `labels`",
			},
		},
		{
			name:   "generated selector needs the uid",
			mutate: func(j *Job) { j.UID = "" },
			want: []string{
				"metadata.uid: Required value",
				"spec.template.metadata.labels[controller-uid]: Invalid value: map[string]string{\"batch.kubernetes.io/controller-uid\":\"" + jobUID + "\", \"batch.kubernetes.io/job-name\":\"pi\", \"controller-uid\":\"" + jobUID + "\", \"job-name\":\"pi\"}: must be ''",
				"spec.template.metadata.labels[batch.kubernetes.io/controller-uid]: Invalid value: map[string]string{\"batch.kubernetes.io/controller-uid\":\"" + jobUID + "\", \"batch.kubernetes.io/job-name\":\"pi\", \"controller-uid\":\"" + jobUID + "\", \"job-name\":\"pi\"}: must be ''",
				`spec.selector: Invalid value: meta.LabelSelector{MatchLabels:map[string]string{"batch.kubernetes.io/controller-uid":"` + jobUID + `"}, MatchExpressions:[]meta.LabelSelectorRequirement(nil)}: ` + "`selector` not auto-generated",
			},
		},
		{
			name: "negative counts",
			mutate: func(j *Job) {
				j.Spec.Parallelism, j.Spec.Completions = ptrInt32(-1), ptrInt32(-2)
				v := int64(-3)
				j.Spec.ActiveDeadlineSeconds = &v
				j.Spec.BackoffLimit, j.Spec.TTLSecondsAfterFinished = ptrInt32(-4), ptrInt32(-5)
			},
			want: []string{
				"spec.parallelism: Invalid value: -1: must be greater than or equal to 0",
				"spec.completions: Invalid value: -2: must be greater than or equal to 0",
				"spec.activeDeadlineSeconds: Invalid value: -3: must be greater than or equal to 0",
				"spec.backoffLimit: Invalid value: -4: must be greater than or equal to 0",
				"spec.ttlSecondsAfterFinished: Invalid value: -5: must be greater than or equal to 0",
			},
		},
		{
			name:   "Indexed needs completions",
			mutate: func(j *Job) { j.Spec.CompletionMode = ptrMode(IndexedCompletion); j.Spec.Completions = nil },
			want:   []string{"spec.completions: Required value: when completion mode is Indexed"},
		},
		{
			name:   "unknown completion mode",
			mutate: func(j *Job) { j.Spec.CompletionMode = ptrMode("Sparse") },
			want:   []string{`spec.completionMode: Unsupported value: "Sparse": supported values: "NonIndexed", "Indexed"`},
		},
		{
			name:   "backoffLimitPerIndex needs Indexed",
			mutate: func(j *Job) { j.Spec.BackoffLimitPerIndex = ptrInt32(1); j.Spec.MaxFailedIndexes = ptrInt32(1) },
			want: []string{
				"spec.backoffLimitPerIndex: Invalid value: 1: requires indexed completion mode",
				"spec.maxFailedIndexes: Invalid value: 1: requires indexed completion mode",
			},
		},
		{
			name: "maxFailedIndexes needs backoffLimitPerIndex",
			mutate: func(j *Job) {
				j.Spec.CompletionMode = ptrMode(IndexedCompletion)
				j.Spec.MaxFailedIndexes = ptrInt32(1)
			},
			want: []string{"spec.backoffLimitPerIndex: Required value: when maxFailedIndexes is specified"},
		},
		{
			name: "successPolicy needs Indexed",
			mutate: func(j *Job) {
				j.Spec.SuccessPolicy = &SuccessPolicy{Rules: []SuccessPolicyRule{{SucceededCount: ptrInt32(1)}}}
			},
			want: []string{"spec.successPolicy: Invalid value: requires indexed completion mode"},
		},
		{
			name: "successPolicy rules",
			mutate: func(j *Job) {
				j.Spec.CompletionMode = ptrMode(IndexedCompletion)
				j.Spec.Completions = ptrInt32(3)
				bad := "2-1"
				j.Spec.SuccessPolicy = &SuccessPolicy{Rules: []SuccessPolicyRule{{}, {SucceededIndexes: &bad}, {SucceededCount: ptrInt32(4)}}}
			},
			want: []string{
				"spec.successPolicy.rules[0]: Required value: at least one of succeededCount or succeededIndexes must be specified",
				`spec.successPolicy.rules[1].succeededIndexes: Invalid value: "2-1": error parsing succeededIndexes: non-increasing order, previous: 2, current: 1`,
				"spec.successPolicy.rules[2].succeededCount: Invalid value: 4: must be less than or equal to 3 (the number of specified completions)",
			},
		},
		{
			name: "podFailurePolicy rules",
			mutate: func(j *Job) {
				j.Spec.PodReplacementPolicy = ptrPolicy(Failed)
				other := "sidecar"
				j.Spec.PodFailurePolicy = &PodFailurePolicy{Rules: []PodFailurePolicyRule{
					{Action: "", OnExitCodes: &PodFailurePolicyOnExitCodesRequirement{Operator: "In", Values: []int32{0, 3, 3, 1}}},
					{Action: "Retry", OnExitCodes: &PodFailurePolicyOnExitCodesRequirement{ContainerName: &other, Operator: "Between"}},
					{Action: PodFailurePolicyActionFailIndex, OnPodConditions: []PodFailurePolicyOnPodConditionsPattern{{Type: "DisruptionTarget", Status: "Maybe"}}},
					{Action: PodFailurePolicyActionCount},
				}}
			},
			want: []string{
				`spec.podFailurePolicy.rules[0].action: Required value: valid values: ["Count" "FailIndex" "FailJob" "Ignore"]`,
				"spec.podFailurePolicy.rules[0].onExitCodes.values[0]: Invalid value: 0: must not be 0 for the In operator",
				"spec.podFailurePolicy.rules[0].onExitCodes.values[2]: Duplicate value: 3",
				"spec.podFailurePolicy.rules[0].onExitCodes.values: Invalid value: []int32{0, 3, 3, 1}: must be ordered",
				`spec.podFailurePolicy.rules[1].action: Unsupported value: "Retry": supported values: "Count", "FailIndex", "FailJob", "Ignore"`,
				`spec.podFailurePolicy.rules[1].onExitCodes.operator: Unsupported value: "Between": supported values: "In", "NotIn"`,
				`spec.podFailurePolicy.rules[1].onExitCodes.containerName: Invalid value: "sidecar": must be one of the container or initContainer names in the pod template`,
				"spec.podFailurePolicy.rules[1].onExitCodes.values: Invalid value: []int32(nil): at least one value is required",
				`spec.podFailurePolicy.rules[2].action: Invalid value: "FailIndex": requires the backoffLimitPerIndex to be set`,
				`spec.podFailurePolicy.rules[2].onPodConditions[0].status: Unsupported value: "Maybe": supported values: "False", "True", "Unknown"`,
				"spec.podFailurePolicy.rules[3]: Invalid value: specifying one of OnExitCodes and OnPodConditions is required",
			},
		},
		{
			name: "podReplacementPolicy must be Failed with a podFailurePolicy",
			mutate: func(j *Job) {
				j.Spec.PodFailurePolicy = &PodFailurePolicy{Rules: []PodFailurePolicyRule{{
					Action: PodFailurePolicyActionIgnore, OnPodConditions: []PodFailurePolicyOnPodConditionsPattern{{Type: "DisruptionTarget", Status: "True"}},
				}}}
			},
			want: []string{`spec.podReplacementPolicy: Unsupported value: "TerminatingOrFailed": supported values: "Failed"`},
		},
		{
			name:   "unknown podReplacementPolicy",
			mutate: func(j *Job) { j.Spec.PodReplacementPolicy = ptrPolicy("Never") },
			want:   []string{`spec.podReplacementPolicy: Unsupported value: "Never": supported values: "Failed", "TerminatingOrFailed"`},
		},
		{
			name: "managedBy",
			mutate: func(j *Job) {
				v := "acme.io/" + strings.Repeat("x", 60)
				j.Spec.ManagedBy = &v
			},
			want: []string{"spec.managedBy: Too long: may not be more than 63 bytes"},
		},
		{
			name: "Indexed pod hostnames must be DNS labels",
			mutate: func(j *Job) {
				j.Name = strings.Repeat("a", 62)
				j.Spec.CompletionMode = ptrMode(IndexedCompletion)
				j.Spec.Completions = ptrInt32(10)
				j.Spec.Template.Labels[JobNameLabel], j.Spec.Template.Labels[LegacyJobNameLabel] = j.Name, j.Name
			},
			want: []string{`metadata.name: Invalid value: "` + strings.Repeat("a", 62) + `": will not able to create pod with invalid DNS label: ` + strings.Repeat("a", 62) + `-9`},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			j := createdJob(t, piJobYAML)
			tc.mutate(j)
			if diff := cmp.Diff(tc.want, messages(ValidateJob(j))); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestValidateJobUpdate(t *testing.T) {
	old := createdJob(t, piJobYAML)
	suspendedOld := old.DeepCopy()
	suspendedOld.Spec.Suspend = ptrBool(true)
	tests := []struct {
		name   string
		old    *Job
		mutate func(j *Job)
		want   []string
	}{
		{name: "parallelism and suspend are mutable", old: old, mutate: func(j *Job) {
			j.Spec.Parallelism = ptrInt32(3)
			j.Spec.Suspend = ptrBool(true)
			j.Spec.ActiveDeadlineSeconds = ptrInt64(60)
		}},
		{name: "completions are immutable", old: old, mutate: func(j *Job) { j.Spec.Completions = ptrInt32(2) },
			want: []string{"spec.completions: Invalid value: 2: field is immutable"}},
		{name: "selector is immutable", old: old, mutate: func(j *Job) { j.Spec.Selector.MatchLabels["extra"] = "x"; j.Spec.Template.Labels["extra"] = "x" },
			want: []string{
				`spec.selector: Invalid value: meta.LabelSelector{MatchLabels:map[string]string{"batch.kubernetes.io/controller-uid":"` + jobUID + `", "extra":"x"}, MatchExpressions:[]meta.LabelSelectorRequirement(nil)}: field is immutable`,
				"spec.template: Invalid value: field is immutable",
			}},
		{name: "template is immutable", old: old, mutate: func(j *Job) { j.Spec.Template.Spec.Containers[0].Image = "perl:5.36" },
			want: []string{"spec.template: Invalid value: field is immutable"}},
		{name: "scheduling directives of a running job are immutable", old: old, mutate: func(j *Job) {
			j.Spec.Template.Spec.NodeSelector = map[string]string{"disk": "ssd"}
		}, want: []string{"spec.template: Invalid value: field is immutable"}},
		{name: "scheduling directives of a suspended, never started job are mutable", old: suspendedOld, mutate: func(j *Job) {
			j.Spec.Template.Spec.NodeSelector = map[string]string{"disk": "ssd"}
			j.Spec.Template.Spec.Tolerations = []corev1.Toleration{{Key: "batch", Operator: "Exists"}}
			j.Spec.Template.Annotations = map[string]string{"note": "x"}
			j.Spec.Template.Spec.Affinity = &corev1.Affinity{NodeAffinity: &corev1.NodeAffinity{}}
		}},
		{name: "but not the containers", old: suspendedOld, mutate: func(j *Job) { j.Spec.Template.Spec.Containers[0].Image = "perl:5.36" },
			want: []string{"spec.template: Invalid value: field is immutable"}},
		{name: "completionMode and backoffLimitPerIndex are immutable", old: old, mutate: func(j *Job) {
			j.Spec.CompletionMode = ptrMode(IndexedCompletion)
			j.Spec.BackoffLimitPerIndex = ptrInt32(1)
		}, want: []string{
			"spec.completionMode: Invalid value: \"Indexed\": field is immutable",
			"spec.backoffLimitPerIndex: Invalid value: 1: field is immutable",
		}},
		{name: "status", old: old, mutate: func(j *Job) {
			j.Status.Active = -1
			j.Status.UncountedTerminatedPods = &UncountedTerminatedPods{Succeeded: []meta.UID{"a", ""}, Failed: []meta.UID{"a"}}
		}, want: []string{
			"status.active: Invalid value: -1: must be greater than or equal to 0",
			`status.uncountedTerminatedPods.succeeded[1]: Invalid value: "": must not be empty`,
			`status.uncountedTerminatedPods.failed[0]: Duplicate value: "a"`,
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			upd := tc.old.DeepCopy()
			tc.mutate(upd)
			if diff := cmp.Diff(tc.want, messages(ValidateJobUpdate(upd, tc.old))); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestValidateCronJob(t *testing.T) {
	r := newRegistry(t)
	valid := decodeManifest(t, r, helloCronJobYAML).(*CronJob)
	kindOf(t, r, "CronJob").Default(valid)
	tests := []struct {
		name   string
		mutate func(c *CronJob)
		want   []string
	}{
		{name: "valid", mutate: func(*CronJob) {}},
		{name: "job template errors carry the template path", mutate: func(c *CronJob) {
			c.Spec.JobTemplate.Spec.Template.Spec.Containers[0].Image = ""
		}, want: []string{"spec.jobTemplate.spec.template.spec.containers[0].image: Required value"}},
		{name: "macro and time zone", mutate: func(c *CronJob) { c.Spec.Schedule = "@hourly"; c.Spec.TimeZone = ptrString("Europe/Paris") }},
		{name: "schedule required", mutate: func(c *CronJob) { c.Spec.Schedule = "" },
			want: []string{"spec.schedule: Required value"}},
		{name: "bad schedule", mutate: func(c *CronJob) { c.Spec.Schedule = "61 * * * *" },
			want: []string{`spec.schedule: Invalid value: "61 * * * *": end of range (61) above maximum (59): 61`}},
		{name: "TZ in schedule", mutate: func(c *CronJob) { c.Spec.Schedule = "TZ=UTC 0 * * * *" },
			want: []string{`spec.schedule: Invalid value: "TZ=UTC 0 * * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead`}},
		{name: "unknown time zone", mutate: func(c *CronJob) { c.Spec.TimeZone = ptrString("Mars/Olympus") },
			want: []string{`spec.timeZone: Invalid value: "Mars/Olympus": unknown time zone Mars/Olympus`}},
		{name: "malformed time zone", mutate: func(c *CronJob) { c.Spec.TimeZone = ptrString("../etc/passwd") },
			want: []string{`spec.timeZone: Invalid value: "../etc/passwd": unknown time zone ../etc/passwd`}},
		{name: "Local time zone", mutate: func(c *CronJob) { c.Spec.TimeZone = ptrString("Local") },
			want: []string{`spec.timeZone: Invalid value: "Local": timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones`}},
		{name: "empty time zone", mutate: func(c *CronJob) { c.Spec.TimeZone = ptrString("") },
			want: []string{`spec.timeZone: Invalid value: "": timeZone must be nil or non-empty string`}},
		{name: "unknown concurrency policy", mutate: func(c *CronJob) { c.Spec.ConcurrencyPolicy = "Queue" },
			want: []string{`spec.concurrencyPolicy: Unsupported value: "Queue": supported values: "Allow", "Forbid", "Replace"`}},
		{name: "negative limits", mutate: func(c *CronJob) {
			c.Spec.StartingDeadlineSeconds = ptrInt64(-1)
			c.Spec.SuccessfulJobsHistoryLimit, c.Spec.FailedJobsHistoryLimit = ptrInt32(-2), ptrInt32(-3)
		}, want: []string{
			"spec.startingDeadlineSeconds: Invalid value: -1: must be greater than or equal to 0",
			"spec.successfulJobsHistoryLimit: Invalid value: -2: must be greater than or equal to 0",
			"spec.failedJobsHistoryLimit: Invalid value: -3: must be greater than or equal to 0",
		}},
		{name: "job template selector and restartPolicy", mutate: func(c *CronJob) {
			c.Spec.JobTemplate.Spec.Selector = &meta.LabelSelector{MatchLabels: map[string]string{"a": "b"}}
			c.Spec.JobTemplate.Spec.ManualSelector = ptrBool(true)
			c.Spec.JobTemplate.Spec.Template.Spec.RestartPolicy = corev1.RestartPolicyAlways
		}, want: []string{
			`spec.jobTemplate.spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"`,
			`spec.jobTemplate.spec.selector: Invalid value: meta.LabelSelector{MatchLabels:map[string]string{"a":"b"}, MatchExpressions:[]meta.LabelSelectorRequirement(nil)}: ` + "`selector` will be auto-generated",
			`spec.jobTemplate.spec.manualSelector: Unsupported value: true: supported values: "nil", "false"`,
		}},
		{name: "name at most 52 characters", mutate: func(c *CronJob) { c.Name = strings.Repeat("c", 53) },
			want: []string{`metadata.name: Invalid value: "` + strings.Repeat("c", 53) + `": must be no more than 52 characters`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := valid.DeepCopy()
			tc.mutate(c)
			if diff := cmp.Diff(tc.want, messages(ValidateCronJob(c))); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestValidateCronJobUpdate(t *testing.T) {
	r := newRegistry(t)
	old := decodeManifest(t, r, helloCronJobYAML).(*CronJob)
	kindOf(t, r, "CronJob").Default(old)
	old.Name = strings.Repeat("c", 60) // created before the limit existed

	upd := old.DeepCopy()
	upd.Spec.Schedule = "*/10 * * * *"
	if errs := ValidateCronJobUpdate(upd, old); len(errs) != 0 {
		t.Errorf("update of a long-named CronJob: %v", messages(errs))
	}

	legacy := old.DeepCopy()
	legacy.Spec.Schedule = "TZ=UTC 0 * * * *"
	keep := legacy.DeepCopy()
	if errs := ValidateCronJobUpdate(keep, legacy); len(errs) != 0 {
		t.Errorf("a CronJob that already had TZ= stays updatable: %v", messages(errs))
	}
	both := legacy.DeepCopy()
	both.Spec.TimeZone = ptrString("UTC")
	want := []string{`spec.schedule: Invalid value: "TZ=UTC 0 * * * *": cannot use both timeZone field and TZ or CRON_TZ in schedule`}
	if diff := cmp.Diff(want, messages(ValidateCronJobUpdate(both, legacy))); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestValidateIndexesFormat(t *testing.T) {
	tests := []struct {
		in    string
		total int32
		err   string
	}{
		{"", 0, ""},
		{"0", 1, ""},
		{"1,3-5,7", 5, ""},
		{"1-1", 0, "non-increasing order, previous: 1, current: 1"},
		{"3,2", 0, "non-increasing order, previous: 3, current: 2"},
		{"8", 0, `too large index: "8"`},
		{"a", 0, `cannot convert string to integer for index: "a"`},
		{"1-2-3", 0, `the fragment "1-2-3" violates the requirement that an index interval can have at most two parts separated by '-'`},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			total, err := ValidateIndexesFormat(tc.in, 8)
			got := ""
			if err != nil {
				got = err.Error()
			}
			if total != tc.total || got != tc.err {
				t.Errorf("ValidateIndexesFormat(%q) = %d, %q; want %d, %q", tc.in, total, got, tc.total, tc.err)
			}
		})
	}
}

func ptrMode(m CompletionMode) *CompletionMode               { return &m }
func ptrPolicy(p PodReplacementPolicy) *PodReplacementPolicy { return &p }
func ptrInt64(v int64) *int64                                { return &v }
func ptrString(s string) *string                             { return &s }
