package v1

import (
	"strconv"

	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/registry"
)

// Register adds the kinds of batch/v1 to r: Job and CronJob. It fails on
// the first kind r already has.
func Register(r *registry.Registry) error {
	if err := addJob(r); err != nil {
		return err
	}
	return addCronJob(r)
}

func addJob(r *registry.Registry) error {
	return registry.Add(r, registry.Type[*Job]{
		Group: GroupName, Version: Version, Kind: "Job",
		Categories: []string{"all"}, Namespaced: true,
		New:              func() *Job { return &Job{} },
		NewList:          func() meta.ListObject { return &JobList{} },
		Default:          SetObjectDefaults_Job,
		PrepareForCreate: prepareJobForCreate,
		Validate:         ValidateJob,
		ValidateUpdate:   ValidateJobUpdate,
		Spec:             func(o *Job) any { return &o.Spec },
		ResetStatus:      func(o *Job) { o.Status = JobStatus{} },
		CopyStatus:       func(dst, src *Job) { src.Status.DeepCopyInto(&dst.Status) },
		CopySpec:         func(dst, src *Job) { src.Spec.DeepCopyInto(&dst.Spec) },
		Fields: map[string]func(*Job) string{
			"status.successful": func(o *Job) string { return strconv.Itoa(int(o.Status.Succeeded)) },
		},
		Columns: jobColumns,
		Cells:   jobCells,
	})
}

func addCronJob(r *registry.Registry) error {
	return registry.Add(r, registry.Type[*CronJob]{
		Group: GroupName, Version: Version, Kind: "CronJob",
		ShortNames: []string{"cj"}, Categories: []string{"all"}, Namespaced: true,
		New:            func() *CronJob { return &CronJob{} },
		NewList:        func() meta.ListObject { return &CronJobList{} },
		Default:        SetObjectDefaults_CronJob,
		Validate:       ValidateCronJob,
		ValidateUpdate: ValidateCronJobUpdate,
		Spec:           func(o *CronJob) any { return &o.Spec },
		ResetStatus:    func(o *CronJob) { o.Status = CronJobStatus{} },
		CopyStatus:     func(dst, src *CronJob) { src.Status.DeepCopyInto(&dst.Status) },
		CopySpec:       func(dst, src *CronJob) { src.Spec.DeepCopyInto(&dst.Spec) },
		Columns:        cronJobColumns,
		Cells:          cronJobCells,
	})
}

// prepareJobForCreate generates the Job's selector and pod labels, unless
// spec.manualSelector is true, as Kubernetes' Job strategy does: the
// template gets the labels controller-uid and job-name (legacy and
// batch.kubernetes.io/ forms) unless it already has them, and the selector
// matches batch.kubernetes.io/controller-uid. A Job without labels then
// takes its template's labels (Kubernetes does this when it defaults the
// stored Job).
//
// It relies on the API server having assigned metadata.uid (and the name,
// when the Job is created from generateName) before it calls
// PrepareForCreate: Kubernetes does this in its Validate step, after both
// are set. Validation reports "metadata.uid: Required value" when the UID
// was missing.
func prepareJobForCreate(job *Job) {
	if !deref(job.Spec.ManualSelector, false) {
		generateSelector(job)
	}
	if l := job.Spec.Template.Labels; l != nil && len(job.Labels) == 0 {
		job.Labels = make(map[string]string, len(l))
		for k, v := range l {
			job.Labels[k] = v
		}
	}
}

func generateSelector(job *Job) {
	t := &job.Spec.Template
	if t.Labels == nil {
		t.Labels = map[string]string{}
	}
	// A label the user already set is left alone: a conflicting value is
	// reported by validation.
	for _, key := range []string{LegacyJobNameLabel, JobNameLabel} {
		if _, found := t.Labels[key]; !found {
			t.Labels[key] = job.Name
		}
	}
	for _, key := range []string{LegacyControllerUIDLabel, ControllerUIDLabel} {
		if _, found := t.Labels[key]; !found {
			t.Labels[key] = string(job.UID)
		}
	}
	if job.Spec.Selector == nil {
		job.Spec.Selector = &meta.LabelSelector{}
	}
	if job.Spec.Selector.MatchLabels == nil {
		job.Spec.Selector.MatchLabels = map[string]string{}
	}
	if _, found := job.Spec.Selector.MatchLabels[ControllerUIDLabel]; !found {
		job.Spec.Selector.MatchLabels[ControllerUIDLabel] = string(job.UID)
	}
}
