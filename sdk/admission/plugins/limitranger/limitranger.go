package limitranger

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/gantryhq/gantry/sdk/admission"
	"github.com/gantryhq/gantry/sdk/admission/plugins/internal/pluginutil"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	apierrors "github.com/gantryhq/gantry/sdk/api/errors"
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/resource"
)

// Name is the plugin's configured name.
const Name = "LimitRanger"

// AnnotationKey is the pod annotation that records the defaults applied.
const AnnotationKey = "kubernetes.io/limit-ranger"

var limitRangesGVR = meta.GroupVersionResource{Version: "v1", Resource: "limitranges"}

// Plugin is the LimitRanger plugin. It is safe for concurrent use.
type Plugin struct {
	pluginutil.Ops
	reader admission.Reader
}

// Compile-time guards.
var (
	_ admission.Mutator   = (*Plugin)(nil)
	_ admission.Validator = (*Plugin)(nil)
	_ admission.Handler   = (*Plugin)(nil)
)

// New builds the plugin. It takes no configuration and needs host.Reader.
func New(host admission.Host, config []byte) (admission.Plugin, error) {
	if err := pluginutil.NoConfig(Name, config); err != nil {
		return nil, err
	}
	if host.Reader == nil {
		return nil, errors.New(Name + ": host has no Reader")
	}
	return &Plugin{Ops: pluginutil.Ops{admission.Create, admission.Update}, reader: host.Reader}, nil
}

// Name returns "LimitRanger".
func (p *Plugin) Name() string { return Name }

// Admit sets default requests and limits on the containers of a new pod.
func (p *Plugin) Admit(ctx context.Context, a *admission.Attributes) error {
	return p.run(ctx, a, func(lr *corev1.LimitRange, pod *corev1.Pod) error {
		MutatePod(lr, pod)
		return nil
	})
}

// Validate enforces min, max and maxLimitRequestRatio on a new pod.
func (p *Plugin) Validate(ctx context.Context, a *admission.Attributes) error {
	return p.run(ctx, a, ValidatePod)
}

func (p *Plugin) run(ctx context.Context, a *admission.Attributes, fn func(*corev1.LimitRange, *corev1.Pod) error) error {
	if a.Subresource != "" || !pluginutil.IsKind(a, "Pod", "pods") || a.Operation != admission.Create {
		return nil
	}
	if a.OldObject != nil && a.OldObject.GetObjectMeta().DeletionTimestamp != nil {
		return nil
	}
	pod, ok := a.Object.(*corev1.Pod)
	if !ok {
		return apierrors.NewBadRequest(fmt.Sprintf("resource was marked with kind Pod but was unable to be converted (got %T)", a.Object))
	}
	objs, err := p.reader.List(ctx, limitRangesGVR, a.Namespace, nil)
	if err != nil {
		return pluginutil.Forbidden(a, fmt.Errorf("unable to %s %s at this time because there was an error enforcing limit ranges", a.Operation, a.Resource.Resource))
	}
	for _, o := range objs {
		lr, ok := o.(*corev1.LimitRange)
		if !ok {
			continue
		}
		if err := fn(lr, pod); err != nil {
			return pluginutil.Forbidden(a, err)
		}
	}
	return nil
}

// defaults returns the default requests and limits of lr's Container items.
func defaults(lr *corev1.LimitRange) (requests, limits corev1.ResourceList) {
	requests, limits = corev1.ResourceList{}, corev1.ResourceList{}
	for _, item := range lr.Spec.Limits {
		if item.Type != corev1.LimitTypeContainer {
			continue
		}
		for k, v := range item.DefaultRequest {
			requests[k] = v.DeepCopy()
		}
		for k, v := range item.Default {
			limits[k] = v.DeepCopy()
		}
	}
	return requests, limits
}

// MutatePod fills in, on every container and init container of pod, the
// requests and limits lr defaults that the container leaves unset, and
// records what it set in the kubernetes.io/limit-ranger annotation.
func MutatePod(lr *corev1.LimitRange, pod *corev1.Pod) {
	requests, limits := defaults(lr)
	var notes []string
	for i := range pod.Spec.Containers {
		notes = mergeContainer(&pod.Spec.Containers[i], requests, limits, "container", notes)
	}
	for i := range pod.Spec.InitContainers {
		notes = mergeContainer(&pod.Spec.InitContainers[i], requests, limits, "init container", notes)
	}
	if len(notes) == 0 {
		return
	}
	if pod.Annotations == nil {
		pod.Annotations = map[string]string{}
	}
	pod.Annotations[AnnotationKey] = "LimitRanger plugin set: " + strings.Join(notes, "; ")
}

func mergeContainer(c *corev1.Container, requests, limits corev1.ResourceList, what string, notes []string) []string {
	if c.Resources.Limits == nil {
		c.Resources.Limits = corev1.ResourceList{}
	}
	if c.Resources.Requests == nil {
		c.Resources.Requests = corev1.ResourceList{}
	}
	var setRequests, setLimits []string
	for k, v := range limits {
		if _, ok := c.Resources.Limits[k]; !ok {
			c.Resources.Limits[k] = v.DeepCopy()
			setLimits = append(setLimits, string(k))
		}
	}
	for k, v := range requests {
		if _, ok := c.Resources.Requests[k]; !ok {
			c.Resources.Requests[k] = v.DeepCopy()
			setRequests = append(setRequests, string(k))
		}
	}
	if len(setRequests) > 0 {
		sort.Strings(setRequests)
		notes = append(notes, strings.Join(setRequests, ", ")+fmt.Sprintf(" request for %s %s", what, c.Name))
	}
	if len(setLimits) > 0 {
		sort.Strings(setLimits)
		notes = append(notes, strings.Join(setLimits, ", ")+fmt.Sprintf(" limit for %s %s", what, c.Name))
	}
	return notes
}

// ValidatePod checks pod against the Container and Pod items of lr and
// returns every violation (nil when there is none).
func ValidatePod(lr *corev1.LimitRange, pod *corev1.Pod) error {
	var errs []error
	check := func(limitType corev1.LimitType, item *corev1.LimitRangeItem, requests, limits corev1.ResourceList) {
		for _, k := range sortedNames(item.Min) {
			errs = append(errs, minConstraint(limitType, k, item.Min[k], requests, limits))
		}
		for _, k := range sortedNames(item.Max) {
			errs = append(errs, maxConstraint(limitType, k, item.Max[k], requests, limits))
		}
		for _, k := range sortedNames(item.MaxLimitRequestRatio) {
			errs = append(errs, ratioConstraint(limitType, k, item.MaxLimitRequestRatio[k], requests, limits))
		}
	}
	for i := range lr.Spec.Limits {
		item := &lr.Spec.Limits[i]
		switch item.Type {
		case corev1.LimitTypeContainer:
			for j := range pod.Spec.Containers {
				c := &pod.Spec.Containers[j]
				check(item.Type, item, c.Resources.Requests, c.Resources.Limits)
			}
			for j := range pod.Spec.InitContainers {
				c := &pod.Spec.InitContainers[j]
				check(item.Type, item, c.Resources.Requests, c.Resources.Limits)
			}
		case corev1.LimitTypePod:
			check(item.Type, item, podRequests(pod), podLimits(pod))
		}
	}
	return pluginutil.Aggregate(errs)
}

func sortedNames(rl corev1.ResourceList) []corev1.ResourceName {
	out := make([]corev1.ResourceName, 0, len(rl))
	for k := range rl {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// maxMilliValue is the largest value whose milli-value fits an int64.
const maxMilliValue = math.MaxInt64 / 1000

// values returns request, limit and enforced at a common precision.
func values(request, limit, enforced resource.Quantity) (r, l, e int64) {
	r, l, e = request.Value(), limit.Value(), enforced.Value()
	if r <= maxMilliValue && l <= maxMilliValue && e <= maxMilliValue {
		r, l, e = request.MilliValue(), limit.MilliValue(), enforced.MilliValue()
	}
	return r, l, e
}

func minConstraint(limitType corev1.LimitType, name corev1.ResourceName, enforced resource.Quantity, requests, limits corev1.ResourceList) error {
	req, reqOK := requests[name]
	lim, limOK := limits[name]
	r, l, e := values(req, lim, enforced)
	switch {
	case !reqOK:
		return fmt.Errorf("minimum %s usage per %s is %s.  No request is specified", name, limitType, enforced.String())
	case r < e:
		return fmt.Errorf("minimum %s usage per %s is %s, but request is %s", name, limitType, enforced.String(), req.String())
	case limOK && l < e:
		return fmt.Errorf("minimum %s usage per %s is %s, but limit is %s", name, limitType, enforced.String(), lim.String())
	}
	return nil
}

func maxConstraint(limitType corev1.LimitType, name corev1.ResourceName, enforced resource.Quantity, requests, limits corev1.ResourceList) error {
	req, reqOK := requests[name]
	lim, limOK := limits[name]
	r, l, e := values(req, lim, enforced)
	switch {
	case !limOK:
		return fmt.Errorf("maximum %s usage per %s is %s.  No limit is specified", name, limitType, enforced.String())
	case l > e:
		return fmt.Errorf("maximum %s usage per %s is %s, but limit is %s", name, limitType, enforced.String(), lim.String())
	case reqOK && r > e:
		return fmt.Errorf("maximum %s usage per %s is %s, but request is %s", name, limitType, enforced.String(), req.String())
	}
	return nil
}

func ratioConstraint(limitType corev1.LimitType, name corev1.ResourceName, enforced resource.Quantity, requests, limits corev1.ResourceList) error {
	req, reqOK := requests[name]
	lim, limOK := limits[name]
	r, l, _ := values(req, lim, enforced)
	if !reqOK || r == 0 {
		return fmt.Errorf("%s max limit to request ratio per %s is %s, but no request is specified or request is 0", name, limitType, enforced.String())
	}
	if !limOK || l == 0 {
		return fmt.Errorf("%s max limit to request ratio per %s is %s, but no limit is specified or limit is 0", name, limitType, enforced.String())
	}
	observed := float64(l) / float64(r)
	display := observed
	maxRatio := float64(enforced.Value())
	if enforced.Value() <= maxMilliValue {
		observed *= 1000
		maxRatio = float64(enforced.MilliValue())
	}
	if observed > maxRatio {
		return fmt.Errorf("%s max limit to request ratio per %s is %s, but provided ratio is %f", name, limitType, enforced.String(), display)
	}
	return nil
}

// podRequests returns the pod's effective requests: the sum over app
// containers and sidecars, or the largest init container (plus the sidecars
// started before it) when that is more.
func podRequests(pod *corev1.Pod) corev1.ResourceList {
	return podTotal(pod, func(c *corev1.Container) corev1.ResourceList { return c.Resources.Requests })
}

// podLimits is podRequests for limits.
func podLimits(pod *corev1.Pod) corev1.ResourceList {
	return podTotal(pod, func(c *corev1.Container) corev1.ResourceList { return c.Resources.Limits })
}

func podTotal(pod *corev1.Pod, of func(*corev1.Container) corev1.ResourceList) corev1.ResourceList {
	total := corev1.ResourceList{}
	for i := range pod.Spec.Containers {
		addList(total, of(&pod.Spec.Containers[i]))
	}
	sidecars := corev1.ResourceList{}
	initMax := corev1.ResourceList{}
	for i := range pod.Spec.InitContainers {
		c := &pod.Spec.InitContainers[i]
		use := of(c)
		if c.RestartPolicy != nil && *c.RestartPolicy == corev1.ContainerRestartPolicyAlways {
			addList(total, use)
			addList(sidecars, use)
			use = sidecars
		} else {
			tmp := corev1.ResourceList{}
			addList(tmp, use)
			addList(tmp, sidecars)
			use = tmp
		}
		maxList(initMax, use)
	}
	maxList(total, initMax)
	return total
}

func addList(list, add corev1.ResourceList) {
	for name, q := range add {
		if v, ok := list[name]; ok {
			v.Add(q)
			list[name] = v
		} else {
			list[name] = q.DeepCopy()
		}
	}
}

func maxList(list, other corev1.ResourceList) {
	for name, q := range other {
		if v, ok := list[name]; !ok || q.Cmp(v) > 0 {
			list[name] = q.DeepCopy()
		}
	}
}
