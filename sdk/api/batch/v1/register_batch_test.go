package v1

import (
	"testing"
	"time"

	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/google/go-cmp/cmp"
)

func TestRegisterKinds(t *testing.T) {
	r := newRegistry(t)
	job, cj := kindOf(t, r, "Job"), kindOf(t, r, "CronJob")
	if job.Resource() != "jobs" || cj.Resource() != "cronjobs" {
		t.Errorf("resources %q %q", job.Resource(), cj.Resource())
	}
	if diff := cmp.Diff([]string{"cj"}, cj.ShortNames()); diff != "" {
		t.Errorf("cronjob short names (-want +got):\n%s", diff)
	}
	if len(job.ShortNames()) != 0 {
		t.Errorf("job short names %v, want none", job.ShortNames())
	}
	for _, k := range []string{"Job", "CronJob"} {
		kk := kindOf(t, r, k)
		if diff := cmp.Diff([]string{"all"}, kk.Categories()); diff != "" {
			t.Errorf("%s categories (-want +got):\n%s", k, diff)
		}
		if !kk.Namespaced() || !kk.HasStatus() || kk.HasScale() {
			t.Errorf("%s: namespaced %v, status %v, scale %v", k, kk.Namespaced(), kk.HasStatus(), kk.HasScale())
		}
	}
	if !job.SupportsField("status.successful") {
		t.Error("Job does not support field selector status.successful")
	}
}

func TestJobStrategy(t *testing.T) {
	r := newRegistry(t)
	k := kindOf(t, r, "Job")
	stored := createdJob(t, piJobYAML)
	if stored.Generation != 1 {
		t.Fatalf("generation after create %d, want 1", stored.Generation)
	}
	stored.Status = JobStatus{Active: 1, StartTime: ptrTime(meta.Now())}

	upd := stored.DeepCopy()
	upd.Spec.Suspend = ptrBool(true)
	upd.Status = JobStatus{}
	k.PrepareForUpdate(upd, stored)
	if upd.Generation != 2 || upd.Status.Active != 1 {
		t.Errorf("generation %d, status.active %d; want 2 and 1", upd.Generation, upd.Status.Active)
	}

	st := stored.DeepCopy()
	st.Status.Succeeded = 1
	st.Spec.Parallelism = ptrInt32(7)
	k.PrepareForStatusUpdate(st, stored)
	if *st.Spec.Parallelism != 1 || st.Status.Succeeded != 1 {
		t.Errorf("status update: parallelism %d, succeeded %d; want 1 and 1", *st.Spec.Parallelism, st.Status.Succeeded)
	}

	stored.Status.Succeeded = 3
	if v, _ := k.FieldValue(stored, "status.successful"); v != "3" {
		t.Errorf("status.successful = %q", v)
	}
}

func TestGenerateSelectorKeepsUserLabels(t *testing.T) {
	j := &Job{ObjectMeta: meta.ObjectMeta{Name: "pi", UID: jobUID, Labels: map[string]string{"team": "math"}}}
	j.Spec.Template.Labels = map[string]string{"job-name": "custom"}
	prepareJobForCreate(j)
	want := map[string]string{
		"job-name": "custom", JobNameLabel: "pi", LegacyControllerUIDLabel: jobUID, ControllerUIDLabel: jobUID,
	}
	if diff := cmp.Diff(want, j.Spec.Template.Labels); diff != "" {
		t.Errorf("template labels (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]string{"team": "math"}, j.Labels); diff != "" {
		t.Errorf("job labels (-want +got):\n%s", diff)
	}
	// The user's job-name label conflicts with the generated one: rejected.
	want2 := []string{`spec.template.metadata.labels[job-name]: Invalid value: map[string]string{"batch.kubernetes.io/controller-uid":"` + jobUID +
		`", "batch.kubernetes.io/job-name":"pi", "controller-uid":"` + jobUID + `", "job-name":"custom"}: must be 'pi'`}
	j.Spec.Template.Spec.RestartPolicy = corev1.RestartPolicyNever
	j.Spec.Template.Spec.Containers = []corev1.Container{{Name: "c", Image: "busybox"}}
	if diff := cmp.Diff(want2, messages(validateGeneratedSelector(j))); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestCronJobStrategy(t *testing.T) {
	r := newRegistry(t)
	k := kindOf(t, r, "CronJob")
	cj := decodeManifest(t, r, helloCronJobYAML).(*CronJob)
	k.Default(cj)
	cj.Status.Active = []corev1.ObjectReference{{Name: "x"}}
	k.PrepareForCreate(cj)
	if cj.Generation != 1 || len(cj.Status.Active) != 0 {
		t.Fatalf("after create: generation %d, active %v", cj.Generation, cj.Status.Active)
	}
	upd := cj.DeepCopy()
	upd.Spec.Suspend = ptrBool(true)
	k.PrepareForUpdate(upd, cj)
	if upd.Generation != 2 {
		t.Errorf("generation %d, want 2", upd.Generation)
	}
}

func TestJobTable(t *testing.T) {
	r := newRegistry(t)
	k := kindOf(t, r, "Job")
	now := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	base := createdJob(t, piJobYAML)
	base.CreationTimestamp = meta.NewTime(now.Add(-10 * time.Minute))

	var names []string
	var wide []bool
	for _, c := range k.Columns() {
		names = append(names, c.Name)
		wide = append(wide, c.Priority == 1)
	}
	if diff := cmp.Diff([]string{"Name", "Status", "Completions", "Duration", "Age", "Containers", "Images", "Selector"}, names); diff != "" {
		t.Errorf("columns (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]bool{false, false, false, false, false, true, true, true}, wide); diff != "" {
		t.Errorf("wide (-want +got):\n%s", diff)
	}

	cond := func(typ JobConditionType, status corev1.ConditionStatus) []JobCondition {
		return []JobCondition{{Type: typ, Status: status}}
	}
	tests := []struct {
		name   string
		mutate func(j *Job)
		want   []any
	}{
		{"running", func(j *Job) {
			j.Status.StartTime = ptrTime(meta.NewTime(now.Add(-90 * time.Second)))
		}, []any{"pi", "Running", "0/1", "90s"}},
		{"complete", func(j *Job) {
			j.Status.StartTime = ptrTime(meta.NewTime(now.Add(-9 * time.Minute)))
			j.Status.CompletionTime = ptrTime(meta.NewTime(now.Add(-9*time.Minute + 13*time.Second)))
			j.Status.Succeeded = 1
			j.Status.Conditions = cond(JobComplete, corev1.ConditionTrue)
		}, []any{"pi", "Complete", "1/1", "13s"}},
		{"failed", func(j *Job) { j.Status.Conditions = cond(JobFailed, corev1.ConditionTrue) }, []any{"pi", "Failed", "0/1", ""}},
		{"suspended", func(j *Job) { j.Status.Conditions = cond(JobSuspended, corev1.ConditionTrue) }, []any{"pi", "Suspended", "0/1", ""}},
		{"no longer suspended", func(j *Job) { j.Status.Conditions = cond(JobSuspended, corev1.ConditionFalse) }, []any{"pi", "Running", "0/1", ""}},
		{"failure target", func(j *Job) { j.Status.Conditions = cond(JobFailureTarget, corev1.ConditionTrue) }, []any{"pi", "FailureTarget", "0/1", ""}},
		{"terminating", func(j *Job) { j.DeletionTimestamp = ptrTime(meta.NewTime(now)) }, []any{"pi", "Terminating", "0/1", ""}},
		{"work queue", func(j *Job) { j.Spec.Completions = nil; j.Spec.Parallelism = ptrInt32(5); j.Status.Succeeded = 2 },
			[]any{"pi", "Running", "2/1 of 5", ""}},
		{"fixed completions", func(j *Job) { j.Spec.Completions = ptrInt32(8); j.Status.Succeeded = 3 },
			[]any{"pi", "Running", "3/8", ""}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			j := base.DeepCopy()
			tc.mutate(j)
			want := append(tc.want, "10m", "pi", "perl:5.34.0", "batch.kubernetes.io/controller-uid="+jobUID)
			if diff := cmp.Diff(want, k.Cells(j, now)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestCronJobTable(t *testing.T) {
	r := newRegistry(t)
	k := kindOf(t, r, "CronJob")
	now := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	cj := decodeManifest(t, r, helloCronJobYAML).(*CronJob)
	cj.CreationTimestamp = meta.NewTime(now.Add(-48 * time.Hour))

	var names []string
	for _, c := range k.Columns() {
		names = append(names, c.Name)
	}
	if diff := cmp.Diff([]string{"Name", "Schedule", "Timezone", "Suspend", "Active", "Last Schedule", "Age", "Containers", "Images", "Selector"}, names); diff != "" {
		t.Errorf("columns (-want +got):\n%s", diff)
	}
	want := []any{"hello", "* * * * *", "<none>", "<unset>", int64(0), "<none>", "2d", "hello", "busybox:1.28", "<none>"}
	if diff := cmp.Diff(want, k.Cells(cj, now)); diff != "" {
		t.Errorf("undefaulted (-want +got):\n%s", diff)
	}
	k.Default(cj)
	cj.Spec.TimeZone = ptrString("Etc/UTC")
	cj.Status.Active = []corev1.ObjectReference{{Kind: "Job", Name: "hello-29000000"}}
	cj.Status.LastScheduleTime = ptrTime(meta.NewTime(now.Add(-30 * time.Second)))
	want = []any{"hello", "* * * * *", "Etc/UTC", "False", int64(1), "30s", "2d", "hello", "busybox:1.28", "<none>"}
	if diff := cmp.Diff(want, k.Cells(cj, now)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func ptrTime(t meta.Time) *meta.Time { return &t }
