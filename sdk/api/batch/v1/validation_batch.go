package v1

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	// The API server validates spec.timeZone against the IANA database; it
	// is embedded so that the answer does not depend on the machine.
	_ "time/tzdata"

	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	"github.com/gantryhq/gantry/sdk/api/field"
	"github.com/gantryhq/gantry/sdk/api/labels"
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/validation"
)

// Limits of Job and CronJob specs, as in Kubernetes.
const (
	maxParallelismForIndexedJob             = 100_000
	maxFailedIndexesForIndexedJob           = 100_000
	completionsSoftLimit                    = 100_000
	parallelismLimitForHighCompletions      = 10_000
	maxFailedIndexesLimitForHighCompletions = 10_000
	maxPodFailurePolicyRules                = 20
	maxPodFailurePolicyOnExitCodesValues    = 255
	maxPodFailurePolicyOnPodConditions      = 20
	maxManagedByLength                      = 63
	maxSuccessPolicySucceededIndexesLength  = 64 * 1024
	maxSuccessPolicyRules                   = 20
	// MaxCronJobNameLength is the longest CronJob name: its Jobs are named
	// "<name>-<11-character suffix>" and must be DNS-1035 labels (63).
	MaxCronJobNameLength = 52
)

const (
	selectorMismatchMsg = "`selector` does not match template `labels`"
	immutableMsg        = "field is immutable"
)

// ---- Job ----

// ValidateJob checks a new Job (its metadata is checked by the registry).
// The Job has gone through PrepareForCreate: unless manualSelector is
// true, its selector and template labels are the generated ones.
func ValidateJob(job *Job) field.ErrorList {
	errs := validateGeneratedSelector(job)
	errs = append(errs, ValidateJobSpec(&job.Spec, field.NewPath("spec"))...)
	if deref(job.Spec.CompletionMode, NonIndexedCompletion) == IndexedCompletion && job.Spec.Completions != nil && *job.Spec.Completions > 0 {
		// Pods of an Indexed Job are named "<job>-<index>": the largest must be a DNS label.
		host := fmt.Sprintf("%s-%d", job.Name, *job.Spec.Completions-1)
		if msgs := validation.IsDNS1123Label(host); len(msgs) > 0 {
			errs = append(errs, field.Invalid(field.NewPath("metadata", "name"), job.Name,
				fmt.Sprintf("will not able to create pod with invalid DNS label: %s", host)))
		}
	}
	return errs
}

// validateGeneratedSelector checks that a generated selector and the
// template labels are those the server generates from the Job's name and UID.
func validateGeneratedSelector(job *Job) field.ErrorList {
	if deref(job.Spec.ManualSelector, false) || job.Spec.Selector == nil {
		return nil
	}
	var errs field.ErrorList
	if job.UID == "" {
		errs = append(errs, field.Required(field.NewPath("metadata", "uid"), ""))
	}
	tp := field.NewPath("spec", "template", "metadata")
	for _, l := range []struct{ key, value string }{
		{LegacyControllerUIDLabel, string(job.UID)},
		{LegacyJobNameLabel, job.Name},
		{ControllerUIDLabel, string(job.UID)},
		{JobNameLabel, job.Name},
	} {
		errs = append(errs, validateHasLabel(&job.Spec.Template.ObjectMeta, tp, l.key, l.value)...)
	}
	expected := labels.Set{
		ControllerUIDLabel: string(job.UID), JobNameLabel: job.Name,
		LegacyControllerUIDLabel: string(job.UID), LegacyJobNameLabel: job.Name,
	}
	if sel, err := labels.FromLabelSelector(job.Spec.Selector); err == nil && !sel.Matches(expected) {
		errs = append(errs, field.Invalid(field.NewPath("spec", "selector"), job.Spec.Selector, "`selector` not auto-generated"))
	}
	return errs
}

func validateHasLabel(m *meta.ObjectMeta, path *field.Path, key, expected string) field.ErrorList {
	actual, found := m.Labels[key]
	if !found {
		return field.ErrorList{field.Required(path.Child("labels").Key(key), expected)}
	}
	if actual != expected {
		return field.ErrorList{field.Invalid(path.Child("labels").Key(key), m.Labels,
			"must be '"+expected+"'")}
	}
	return nil
}

// ValidateJobSpec checks a JobSpec, its selector and that the selector
// matches the template.
func ValidateJobSpec(spec *JobSpec, path *field.Path) field.ErrorList {
	errs := validateJobSpec(spec, path)
	if spec.Selector == nil {
		errs = append(errs, field.Required(path.Child("selector"), ""))
	} else {
		errs = append(errs, validation.ValidateLabelSelector(spec.Selector, path.Child("selector"))...)
	}
	if sel, err := labels.FromLabelSelector(spec.Selector); err == nil && !sel.Matches(labels.Set(spec.Template.Labels)) {
		errs = append(errs, field.Invalid(path.Child("template", "metadata", "labels"), spec.Template.Labels, selectorMismatchMsg))
	}
	return errs
}

// validateJobSpec checks the rules a Job and a CronJob's job template share.
func validateJobSpec(spec *JobSpec, path *field.Path) field.ErrorList {
	var errs field.ErrorList
	errs = append(errs, nonneg32(spec.Parallelism, path.Child("parallelism"))...)
	errs = append(errs, nonneg32(spec.Completions, path.Child("completions"))...)
	if spec.ActiveDeadlineSeconds != nil {
		errs = append(errs, validation.ValidateNonnegativeField(*spec.ActiveDeadlineSeconds, path.Child("activeDeadlineSeconds"))...)
	}
	errs = append(errs, nonneg32(spec.BackoffLimit, path.Child("backoffLimit"))...)
	errs = append(errs, nonneg32(spec.TTLSecondsAfterFinished, path.Child("ttlSecondsAfterFinished"))...)
	errs = append(errs, nonneg32(spec.BackoffLimitPerIndex, path.Child("backoffLimitPerIndex"))...)
	if spec.MaxFailedIndexes != nil {
		errs = append(errs, nonneg32(spec.MaxFailedIndexes, path.Child("maxFailedIndexes"))...)
		if spec.BackoffLimitPerIndex == nil {
			errs = append(errs, field.Required(path.Child("backoffLimitPerIndex"), "when maxFailedIndexes is specified"))
		}
	}
	if spec.ManagedBy != nil {
		errs = append(errs, validateDomainPrefixedPath(path.Child("managedBy"), *spec.ManagedBy)...)
		if len(*spec.ManagedBy) > maxManagedByLength {
			errs = append(errs, field.TooLong(path.Child("managedBy"), *spec.ManagedBy, maxManagedByLength))
		}
	}
	if spec.CompletionMode != nil {
		mode := *spec.CompletionMode
		if mode != NonIndexedCompletion && mode != IndexedCompletion {
			errs = append(errs, field.NotSupported(path.Child("completionMode"), string(mode), []CompletionMode{NonIndexedCompletion, IndexedCompletion}))
		}
		if mode == IndexedCompletion {
			if spec.Completions == nil {
				errs = append(errs, field.Required(path.Child("completions"), fmt.Sprintf("when completion mode is %s", IndexedCompletion)))
			}
			if spec.Parallelism != nil && *spec.Parallelism > maxParallelismForIndexedJob {
				errs = append(errs, field.Invalid(path.Child("parallelism"), *spec.Parallelism,
					fmt.Sprintf("must be less than or equal to %d when completion mode is %s", maxParallelismForIndexedJob, IndexedCompletion)))
			}
			if spec.Completions != nil && spec.MaxFailedIndexes != nil && *spec.MaxFailedIndexes > *spec.Completions {
				errs = append(errs, field.Invalid(path.Child("maxFailedIndexes"), *spec.MaxFailedIndexes, "must be less than or equal to completions"))
			}
			if spec.MaxFailedIndexes != nil && *spec.MaxFailedIndexes > maxFailedIndexesForIndexedJob {
				errs = append(errs, field.Invalid(path.Child("maxFailedIndexes"), *spec.MaxFailedIndexes,
					fmt.Sprintf("must be less than or equal to %d", maxFailedIndexesForIndexedJob)))
			}
			if spec.Completions != nil && *spec.Completions > completionsSoftLimit && spec.BackoffLimitPerIndex != nil {
				if spec.MaxFailedIndexes == nil {
					errs = append(errs, field.Required(path.Child("maxFailedIndexes"),
						fmt.Sprintf("must be specified when completions is above %d", completionsSoftLimit)))
				}
				if spec.Parallelism != nil && *spec.Parallelism > parallelismLimitForHighCompletions {
					errs = append(errs, field.Invalid(path.Child("parallelism"), *spec.Parallelism,
						fmt.Sprintf("must be less than or equal to %d when completions are above %d and used with backoff limit per index", parallelismLimitForHighCompletions, completionsSoftLimit)))
				}
				if spec.MaxFailedIndexes != nil && *spec.MaxFailedIndexes > maxFailedIndexesLimitForHighCompletions {
					errs = append(errs, field.Invalid(path.Child("maxFailedIndexes"), *spec.MaxFailedIndexes,
						fmt.Sprintf("must be less than or equal to %d when completions are above %d and used with backoff limit per index", maxFailedIndexesLimitForHighCompletions, completionsSoftLimit)))
				}
			}
		}
	}
	if deref(spec.CompletionMode, NonIndexedCompletion) == NonIndexedCompletion {
		if spec.BackoffLimitPerIndex != nil {
			errs = append(errs, field.Invalid(path.Child("backoffLimitPerIndex"), *spec.BackoffLimitPerIndex, "requires indexed completion mode"))
		}
		if spec.MaxFailedIndexes != nil {
			errs = append(errs, field.Invalid(path.Child("maxFailedIndexes"), *spec.MaxFailedIndexes, "requires indexed completion mode"))
		}
	}
	if spec.PodFailurePolicy != nil {
		errs = append(errs, validatePodFailurePolicy(spec, path.Child("podFailurePolicy"))...)
	}
	if spec.SuccessPolicy != nil {
		if deref(spec.CompletionMode, NonIndexedCompletion) != IndexedCompletion {
			errs = append(errs, field.Invalid(path.Child("successPolicy"), field.OmitValue, "requires indexed completion mode"))
		} else {
			errs = append(errs, validateSuccessPolicy(spec, path.Child("successPolicy"))...)
		}
	}
	errs = append(errs, validatePodReplacementPolicy(spec, path.Child("podReplacementPolicy"))...)
	errs = append(errs, corev1.ValidatePodTemplateSpec(&spec.Template, path.Child("template"))...)

	rp := spec.Template.Spec.RestartPolicy
	rpPath := path.Child("template", "spec", "restartPolicy")
	switch {
	case rp != corev1.RestartPolicyOnFailure && rp != corev1.RestartPolicyNever:
		errs = append(errs, field.NotSupported(rpPath, string(rp), []corev1.RestartPolicy{corev1.RestartPolicyOnFailure, corev1.RestartPolicyNever}))
	case spec.PodFailurePolicy != nil && rp != corev1.RestartPolicyNever:
		errs = append(errs, field.Invalid(rpPath, string(rp), fmt.Sprintf("only %q is supported when podFailurePolicy is specified", corev1.RestartPolicyNever)))
	}
	return errs
}

var (
	supportedPodFailurePolicyActions = []PodFailurePolicyAction{
		PodFailurePolicyActionCount, PodFailurePolicyActionFailIndex, PodFailurePolicyActionFailJob, PodFailurePolicyActionIgnore,
	}
	supportedOnExitCodesOperators = []PodFailurePolicyOnExitCodesOperator{
		PodFailurePolicyOnExitCodesOpIn, PodFailurePolicyOnExitCodesOpNotIn,
	}
	supportedConditionStatuses = []corev1.ConditionStatus{corev1.ConditionFalse, corev1.ConditionTrue, corev1.ConditionUnknown}
)

func validatePodFailurePolicy(spec *JobSpec, path *field.Path) field.ErrorList {
	var errs field.ErrorList
	rulesPath := path.Child("rules")
	rules := spec.PodFailurePolicy.Rules
	if len(rules) > maxPodFailurePolicyRules {
		errs = append(errs, field.TooMany(rulesPath, len(rules), maxPodFailurePolicyRules))
	}
	containers := map[string]bool{}
	for _, c := range spec.Template.Spec.Containers {
		containers[c.Name] = true
	}
	for _, c := range spec.Template.Spec.InitContainers {
		containers[c.Name] = true
	}
	for i := range rules {
		errs = append(errs, validatePodFailurePolicyRule(spec, &rules[i], rulesPath.Index(i), containers)...)
	}
	return errs
}

func validatePodFailurePolicyRule(spec *JobSpec, rule *PodFailurePolicyRule, path *field.Path, containers map[string]bool) field.ErrorList {
	var errs field.ErrorList
	actionPath := path.Child("action")
	switch {
	case rule.Action == "":
		errs = append(errs, field.Required(actionPath, fmt.Sprintf("valid values: %q", supportedPodFailurePolicyActions)))
	case rule.Action == PodFailurePolicyActionFailIndex:
		if spec.BackoffLimitPerIndex == nil {
			errs = append(errs, field.Invalid(actionPath, string(rule.Action), "requires the backoffLimitPerIndex to be set"))
		}
	case !contains(supportedPodFailurePolicyActions, rule.Action):
		errs = append(errs, field.NotSupported(actionPath, string(rule.Action), supportedPodFailurePolicyActions))
	}
	if rule.OnExitCodes != nil {
		errs = append(errs, validateOnExitCodes(rule.OnExitCodes, path.Child("onExitCodes"), containers)...)
	}
	if len(rule.OnPodConditions) > 0 {
		errs = append(errs, validateOnPodConditions(rule.OnPodConditions, path.Child("onPodConditions"))...)
	}
	if rule.OnExitCodes != nil && len(rule.OnPodConditions) > 0 {
		errs = append(errs, field.Invalid(path, field.OmitValue, "specifying both OnExitCodes and OnPodConditions is not supported"))
	}
	if rule.OnExitCodes == nil && len(rule.OnPodConditions) == 0 {
		errs = append(errs, field.Invalid(path, field.OmitValue, "specifying one of OnExitCodes and OnPodConditions is required"))
	}
	return errs
}

func validateOnPodConditions(patterns []PodFailurePolicyOnPodConditionsPattern, path *field.Path) field.ErrorList {
	var errs field.ErrorList
	if len(patterns) > maxPodFailurePolicyOnPodConditions {
		errs = append(errs, field.TooMany(path, len(patterns), maxPodFailurePolicyOnPodConditions))
	}
	for j, p := range patterns {
		pp := path.Index(j)
		for _, msg := range validation.IsQualifiedName(string(p.Type)) {
			errs = append(errs, field.Invalid(pp.Child("type"), string(p.Type), msg))
		}
		switch {
		case p.Status == "":
			errs = append(errs, field.Required(pp.Child("status"), fmt.Sprintf("valid values: %q", supportedConditionStatuses)))
		case !contains(supportedConditionStatuses, p.Status):
			errs = append(errs, field.NotSupported(pp.Child("status"), string(p.Status), supportedConditionStatuses))
		}
	}
	return errs
}

func validateOnExitCodes(r *PodFailurePolicyOnExitCodesRequirement, path *field.Path, containers map[string]bool) field.ErrorList {
	var errs field.ErrorList
	opPath := path.Child("operator")
	switch {
	case r.Operator == "":
		errs = append(errs, field.Required(opPath, fmt.Sprintf("valid values: %q", supportedOnExitCodesOperators)))
	case !contains(supportedOnExitCodesOperators, r.Operator):
		errs = append(errs, field.NotSupported(opPath, string(r.Operator), supportedOnExitCodesOperators))
	}
	if r.ContainerName != nil && !containers[*r.ContainerName] {
		errs = append(errs, field.Invalid(path.Child("containerName"), *r.ContainerName, "must be one of the container or initContainer names in the pod template"))
	}
	valuesPath := path.Child("values")
	if len(r.Values) == 0 {
		errs = append(errs, field.Invalid(valuesPath, r.Values, "at least one value is required"))
	} else if len(r.Values) > maxPodFailurePolicyOnExitCodesValues {
		errs = append(errs, field.TooMany(valuesPath, len(r.Values), maxPodFailurePolicyOnExitCodesValues))
	}
	ordered := true
	seen := map[int32]bool{}
	for j, v := range r.Values {
		vp := valuesPath.Index(j)
		if r.Operator == PodFailurePolicyOnExitCodesOpIn && v == 0 {
			errs = append(errs, field.Invalid(vp, v, "must not be 0 for the In operator"))
		}
		if seen[v] {
			errs = append(errs, field.Duplicate(vp, v))
		} else {
			seen[v] = true
		}
		if j > 0 && r.Values[j-1] > v {
			ordered = false
		}
	}
	if !ordered {
		errs = append(errs, field.Invalid(valuesPath, r.Values, "must be ordered"))
	}
	return errs
}

func validateSuccessPolicy(spec *JobSpec, path *field.Path) field.ErrorList {
	var errs field.ErrorList
	rulesPath := path.Child("rules")
	rules := spec.SuccessPolicy.Rules
	if len(rules) == 0 {
		errs = append(errs, field.Required(rulesPath, "at least one rules must be specified when the successPolicy is specified"))
	}
	if len(rules) > maxSuccessPolicyRules {
		errs = append(errs, field.TooMany(rulesPath, len(rules), maxSuccessPolicyRules))
	}
	completions := deref(spec.Completions, 0)
	for i, rule := range rules {
		rp := rulesPath.Index(i)
		if rule.SucceededCount == nil && rule.SucceededIndexes == nil {
			errs = append(errs, field.Required(rp, "at least one of succeededCount or succeededIndexes must be specified"))
		}
		var total int32
		if rule.SucceededIndexes != nil {
			ip := rp.Child("succeededIndexes")
			if len(*rule.SucceededIndexes) > maxSuccessPolicySucceededIndexesLength {
				errs = append(errs, field.TooLong(ip, *rule.SucceededIndexes, maxSuccessPolicySucceededIndexesLength))
			}
			var err error
			if total, err = ValidateIndexesFormat(*rule.SucceededIndexes, completions); err != nil {
				errs = append(errs, field.Invalid(ip, *rule.SucceededIndexes, "error parsing succeededIndexes: "+err.Error()))
			}
		}
		if rule.SucceededCount != nil {
			cp := rp.Child("succeededCount")
			errs = append(errs, validation.ValidateNonnegativeField(int64(*rule.SucceededCount), cp)...)
			if *rule.SucceededCount > completions {
				errs = append(errs, field.Invalid(cp, *rule.SucceededCount,
					fmt.Sprintf("must be less than or equal to %d (the number of specified completions)", completions)))
			}
			if rule.SucceededIndexes != nil && *rule.SucceededCount > total {
				errs = append(errs, field.Invalid(cp, *rule.SucceededCount,
					fmt.Sprintf("must be less than or equal to %d (the number of indexes in the specified succeededIndexes field)", total)))
			}
		}
	}
	return errs
}

func validatePodReplacementPolicy(spec *JobSpec, path *field.Path) field.ErrorList {
	if spec.PodReplacementPolicy == nil {
		return nil
	}
	p := *spec.PodReplacementPolicy
	if spec.PodFailurePolicy != nil {
		if p != Failed {
			return field.ErrorList{field.NotSupported(path, string(p), []PodReplacementPolicy{Failed})}
		}
		return nil
	}
	if p != Failed && p != TerminatingOrFailed {
		return field.ErrorList{field.NotSupported(path, string(p), []PodReplacementPolicy{Failed, TerminatingOrFailed})}
	}
	return nil
}

// ValidateIndexesFormat checks an index set such as "1,3-5,7": increasing
// intervals of indexes below completions. It returns the number of indexes.
func ValidateIndexesFormat(indexes string, completions int32) (int32, error) {
	if len(indexes) == 0 {
		return 0, nil
	}
	var last *int32
	var total int32
	for _, interval := range strings.Split(indexes, ",") {
		x, y, err := parseIndexInterval(interval, completions)
		if err != nil {
			return 0, err
		}
		if last != nil && *last >= x {
			return 0, fmt.Errorf("non-increasing order, previous: %d, current: %d", *last, x)
		}
		total += y - x + 1
		last = &y
	}
	return total, nil
}

func parseIndexInterval(interval string, completions int32) (int32, int32, error) {
	limits := strings.Split(interval, "-")
	if len(limits) > 2 {
		return 0, 0, fmt.Errorf("the fragment %q violates the requirement that an index interval can have at most two parts separated by '-'", interval)
	}
	x, err := strconv.Atoi(limits[0])
	if err != nil {
		return 0, 0, fmt.Errorf("cannot convert string to integer for index: %q", limits[0])
	}
	if x >= int(completions) {
		return 0, 0, fmt.Errorf("too large index: %q", limits[0])
	}
	if len(limits) == 1 {
		return int32(x), int32(x), nil
	}
	y, err := strconv.Atoi(limits[1])
	if err != nil {
		return 0, 0, fmt.Errorf("cannot convert string to integer for index: %q", limits[1])
	}
	if y >= int(completions) {
		return 0, 0, fmt.Errorf("too large index: %q", limits[1])
	}
	if x >= y {
		return 0, 0, fmt.Errorf("non-increasing order, previous: %d, current: %d", x, y)
	}
	return int32(x), int32(y), nil
}

// validateDomainPrefixedPath checks a value such as "acme.io/foo": a DNS
// subdomain, a slash, and an HTTP path.
func validateDomainPrefixedPath(path *field.Path, v string) field.ErrorList {
	var errs field.ErrorList
	parts := strings.SplitN(v, "/", 2)
	if len(parts) != 2 || len(parts[0]) == 0 || len(parts[1]) == 0 {
		return field.ErrorList{field.Invalid(path, v, "must be a domain-prefixed path (such as \"acme.io/foo\")")}
	}
	for _, msg := range validation.IsDNS1123Subdomain(parts[0]) {
		errs = append(errs, field.Invalid(path, parts[0], msg))
	}
	if !httpPathRegexp.MatchString(parts[1]) {
		errs = append(errs, field.Invalid(path, parts[1], validation.RegexError("Invalid path", httpPathFmt)))
	}
	return errs
}

const httpPathFmt = `[A-Za-z0-9/\-._~%!$&'()*+,;=:]+`

var httpPathRegexp = regexp.MustCompile("^" + httpPathFmt + "$")

// ValidateJobStatus checks the counters of a JobStatus and the pod UIDs
// it has not counted yet.
func ValidateJobStatus(s *JobStatus, path *field.Path) field.ErrorList {
	errs := validation.ValidateNonnegativeField(int64(s.Active), path.Child("active"))
	errs = append(errs, validation.ValidateNonnegativeField(int64(s.Succeeded), path.Child("succeeded"))...)
	errs = append(errs, validation.ValidateNonnegativeField(int64(s.Failed), path.Child("failed"))...)
	errs = append(errs, nonneg32(s.Ready, path.Child("ready"))...)
	errs = append(errs, nonneg32(s.Terminating, path.Child("terminating"))...)
	if u := s.UncountedTerminatedPods; u != nil {
		up := path.Child("uncountedTerminatedPods")
		seen := map[meta.UID]bool{}
		for _, part := range []struct {
			name string
			uids []meta.UID
		}{{"succeeded", u.Succeeded}, {"failed", u.Failed}} {
			for i, k := range part.uids {
				p := up.Child(part.name).Index(i)
				switch {
				case k == "":
					errs = append(errs, field.Invalid(p, string(k), "must not be empty"))
				case seen[k]:
					errs = append(errs, field.Duplicate(p, string(k)))
				default:
					seen[k] = true
				}
			}
		}
	}
	return errs
}

// ValidateJobUpdate checks an update of old into obj: the spec rules; the
// selector, completions, completionMode, podFailurePolicy,
// backoffLimitPerIndex, managedBy and successPolicy are immutable; the
// template is immutable too, except that a suspended Job that never
// started may change its node affinity, node selector, tolerations,
// scheduling gates, labels and annotations.
func ValidateJobUpdate(obj, old *Job) field.ErrorList {
	path := field.NewPath("spec")
	spec, oldSpec := &obj.Spec, &old.Spec
	errs := ValidateJobSpec(spec, path)
	if !jsonEqual(spec.Completions, oldSpec.Completions) {
		errs = append(errs, field.Invalid(path.Child("completions"), spec.Completions, immutableMsg))
	}
	if !jsonEqual(spec.Selector, oldSpec.Selector) {
		errs = append(errs, field.Invalid(path.Child("selector"), spec.Selector, immutableMsg))
	}
	errs = append(errs, validatePodTemplateUpdate(obj, old, path.Child("template"))...)
	for _, f := range []struct {
		name     string
		now, was any
	}{
		{"completionMode", stringValue(spec.CompletionMode), stringValue(oldSpec.CompletionMode)},
		{"podFailurePolicy", spec.PodFailurePolicy, oldSpec.PodFailurePolicy},
		{"backoffLimitPerIndex", spec.BackoffLimitPerIndex, oldSpec.BackoffLimitPerIndex},
		{"managedBy", spec.ManagedBy, oldSpec.ManagedBy},
		{"successPolicy", spec.SuccessPolicy, oldSpec.SuccessPolicy},
	} {
		if !jsonEqual(f.now, f.was) {
			errs = append(errs, field.Invalid(path.Child(f.name), f.now, immutableMsg))
		}
	}
	errs = append(errs, ValidateJobStatus(&obj.Status, field.NewPath("status"))...)
	return errs
}

func validatePodTemplateUpdate(obj, old *Job, path *field.Path) field.ErrorList {
	tmpl, oldTmpl := &obj.Spec.Template, old.Spec.Template.DeepCopy()
	suspended := deref(old.Spec.Suspend, false)
	notStarted := old.Status.StartTime == nil
	if suspended && notStarted {
		switch {
		case tmpl.Spec.Affinity == nil && oldTmpl.Spec.Affinity != nil:
			oldTmpl.Spec.Affinity.NodeAffinity = nil
			if *oldTmpl.Spec.Affinity == (corev1.Affinity{}) {
				oldTmpl.Spec.Affinity = nil
			}
		case tmpl.Spec.Affinity != nil && oldTmpl.Spec.Affinity == nil:
			oldTmpl.Spec.Affinity = &corev1.Affinity{NodeAffinity: tmpl.Spec.Affinity.NodeAffinity}
		case tmpl.Spec.Affinity != nil && oldTmpl.Spec.Affinity != nil:
			oldTmpl.Spec.Affinity.NodeAffinity = tmpl.Spec.Affinity.NodeAffinity
		}
		oldTmpl.Spec.NodeSelector = tmpl.Spec.NodeSelector
		oldTmpl.Spec.Tolerations = tmpl.Spec.Tolerations
		oldTmpl.Annotations = tmpl.Annotations
		oldTmpl.Labels = tmpl.Labels
		oldTmpl.Spec.SchedulingGates = tmpl.Spec.SchedulingGates
	}
	if !jsonEqual(tmpl, oldTmpl) {
		return field.ErrorList{field.Invalid(path, field.OmitValue, immutableMsg)}
	}
	return nil
}

// ---- CronJob ----

// ValidateCronJob checks a new CronJob: the spec, and a name of at most 52
// characters (its Jobs append an 11-character suffix).
func ValidateCronJob(obj *CronJob) field.ErrorList {
	errs := validateCronJobSpec(&obj.Spec, nil, field.NewPath("spec"))
	if len(obj.Name) > MaxCronJobNameLength {
		errs = append(errs, field.Invalid(field.NewPath("metadata", "name"), obj.Name, "must be no more than 52 characters"))
	}
	return errs
}

// ValidateCronJobUpdate checks an update of old into obj. The name length
// limit is not applied, so that older CronJobs stay updatable.
func ValidateCronJobUpdate(obj, old *CronJob) field.ErrorList {
	return validateCronJobSpec(&obj.Spec, &old.Spec, field.NewPath("spec"))
}

func validateCronJobSpec(spec, oldSpec *CronJobSpec, path *field.Path) field.ErrorList {
	var errs field.ErrorList
	if len(spec.Schedule) == 0 {
		errs = append(errs, field.Required(path.Child("schedule"), ""))
	} else {
		allowTZ := oldSpec != nil && strings.Contains(oldSpec.Schedule, "TZ")
		errs = append(errs, validateScheduleFormat(spec.Schedule, allowTZ, spec.TimeZone, path.Child("schedule"))...)
	}
	if spec.StartingDeadlineSeconds != nil {
		errs = append(errs, validation.ValidateNonnegativeField(*spec.StartingDeadlineSeconds, path.Child("startingDeadlineSeconds"))...)
	}
	if oldSpec == nil || !jsonEqual(spec.TimeZone, oldSpec.TimeZone) {
		errs = append(errs, validateTimeZone(spec.TimeZone, path.Child("timeZone"))...)
	}
	switch spec.ConcurrencyPolicy {
	case AllowConcurrent, ForbidConcurrent, ReplaceConcurrent:
	case "":
		errs = append(errs, field.Required(path.Child("concurrencyPolicy"), ""))
	default:
		errs = append(errs, field.NotSupported(path.Child("concurrencyPolicy"), string(spec.ConcurrencyPolicy),
			[]ConcurrencyPolicy{AllowConcurrent, ForbidConcurrent, ReplaceConcurrent}))
	}
	errs = append(errs, validateJobTemplateSpec(&spec.JobTemplate, path.Child("jobTemplate"))...)
	errs = append(errs, nonneg32(spec.SuccessfulJobsHistoryLimit, path.Child("successfulJobsHistoryLimit"))...)
	errs = append(errs, nonneg32(spec.FailedJobsHistoryLimit, path.Child("failedJobsHistoryLimit"))...)
	return errs
}

func validateScheduleFormat(schedule string, allowTZ bool, timeZone *string, path *field.Path) field.ErrorList {
	var errs field.ErrorList
	if err := ValidateSchedule(schedule); err != nil {
		errs = append(errs, field.Invalid(path, schedule, err.Error()))
	}
	switch {
	case allowTZ && strings.Contains(schedule, "TZ") && timeZone != nil:
		errs = append(errs, field.Invalid(path, schedule, "cannot use both timeZone field and TZ or CRON_TZ in schedule"))
	case !allowTZ && strings.Contains(schedule, "TZ"):
		errs = append(errs, field.Invalid(path, schedule, "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"))
	}
	return errs
}

// validTimeZoneCharacters is one component of an IANA name: ASCII letters,
// '.', '-', '_', and (for legacy names) digits and '+'; at most 14 characters.
var validTimeZoneCharacters = regexp.MustCompile(`^[A-Za-z\.\-_0-9+]{1,14}$`)

func validateTimeZone(tz *string, path *field.Path) field.ErrorList {
	if tz == nil {
		return nil
	}
	if len(*tz) == 0 {
		return field.ErrorList{field.Invalid(path, tz, "timeZone must be nil or non-empty string")}
	}
	for _, part := range strings.Split(*tz, "/") {
		if part == "." || part == ".." || strings.HasPrefix(part, "-") || !validTimeZoneCharacters.MatchString(part) {
			return field.ErrorList{field.Invalid(path, tz, fmt.Sprintf("unknown time zone %s", *tz))}
		}
	}
	var errs field.ErrorList
	if strings.EqualFold(*tz, "Local") {
		errs = append(errs, field.Invalid(path, tz, "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones"))
	}
	if _, err := time.LoadLocation(*tz); err != nil {
		errs = append(errs, field.Invalid(path, tz, err.Error()))
	}
	return errs
}

// validateJobTemplateSpec checks the job template of a CronJob: the Job
// rules, and no selector (it is always generated).
func validateJobTemplateSpec(t *JobTemplateSpec, path *field.Path) field.ErrorList {
	errs := validateJobSpec(&t.Spec, path.Child("spec"))
	if t.Spec.Selector != nil {
		errs = append(errs, field.Invalid(path.Child("spec", "selector"), t.Spec.Selector, "`selector` will be auto-generated"))
	}
	if deref(t.Spec.ManualSelector, false) {
		errs = append(errs, field.NotSupported(path.Child("spec", "manualSelector"), t.Spec.ManualSelector, []string{"nil", "false"}))
	}
	return errs
}

// ---- helpers ----

func nonneg32(v *int32, path *field.Path) field.ErrorList {
	if v == nil {
		return nil
	}
	return validation.ValidateNonnegativeField(int64(*v), path)
}

func deref[T any](p *T, def T) T {
	if p == nil {
		return def
	}
	return *p
}

// stringValue returns *p as a plain string (so that error messages quote
// it), or nil.
func stringValue[T ~string](p *T) any {
	if p == nil {
		return nil
	}
	return string(*p)
}

func contains[T comparable](list []T, v T) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// jsonEqual reports whether a and b encode to the same JSON: the semantic
// equality Kubernetes uses for immutable fields, where nil and empty lists
// are the same.
func jsonEqual(a, b any) bool {
	ja, err1 := json.Marshal(a)
	jb, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && string(ja) == string(jb)
}
