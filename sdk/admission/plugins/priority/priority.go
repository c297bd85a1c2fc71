package priority

import (
	"context"
	"errors"
	"fmt"

	"github.com/gantryhq/gantry/sdk/admission"
	"github.com/gantryhq/gantry/sdk/admission/plugins/internal/pluginutil"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	apierrors "github.com/gantryhq/gantry/sdk/api/errors"
	"github.com/gantryhq/gantry/sdk/api/meta"
	schedulingv1 "github.com/gantryhq/gantry/sdk/api/scheduling/v1"
)

// Name is the plugin's configured name.
const Name = "Priority"

var priorityClassesGVR = meta.GroupVersionResource{Group: schedulingv1.GroupName, Version: schedulingv1.Version, Resource: "priorityclasses"}

// Plugin is the Priority plugin. It is safe for concurrent use.
type Plugin struct {
	pluginutil.Ops
	reader  admission.Reader
	builtin map[string]*schedulingv1.PriorityClass
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
	p := &Plugin{
		Ops:     pluginutil.Ops{admission.Create, admission.Update},
		reader:  host.Reader,
		builtin: map[string]*schedulingv1.PriorityClass{},
	}
	for _, pc := range schedulingv1.SystemPriorityClasses() {
		p.builtin[pc.Name] = pc
	}
	return p, nil
}

// Name returns "Priority".
func (p *Plugin) Name() string { return Name }

// Admit resolves the priority of new pods and keeps it on updates.
func (p *Plugin) Admit(ctx context.Context, a *admission.Attributes) error {
	if a.Subresource != "" || !pluginutil.IsCore(a.Resource, "pods") {
		return nil
	}
	pod, ok := a.Object.(*corev1.Pod)
	if !ok {
		return apierrors.NewBadRequest("resource was marked with kind Pod but was unable to be converted")
	}
	if a.Operation == admission.Update {
		old, ok := a.OldObject.(*corev1.Pod)
		if !ok {
			return apierrors.NewBadRequest("resource was marked with kind Pod but was unable to be converted")
		}
		if pod.Spec.Priority == nil && old.Spec.Priority != nil {
			v := *old.Spec.Priority
			pod.Spec.Priority = &v
		}
		if pod.Spec.PreemptionPolicy == nil && old.Spec.PreemptionPolicy != nil {
			v := *old.Spec.PreemptionPolicy
			pod.Spec.PreemptionPolicy = &v
		}
		return nil
	}
	if a.Operation != admission.Create {
		return nil
	}
	var (
		priority int32
		policy   *corev1.PreemptionPolicy
	)
	if pod.Spec.PriorityClassName == "" {
		pc, err := p.defaultClass(ctx)
		if err != nil {
			return apierrors.NewInternal(fmt.Errorf("failed to get default priority class: %v", err))
		}
		if pc != nil {
			pod.Spec.PriorityClassName = pc.Name
			priority, policy = pc.Value, pc.PreemptionPolicy
		} else {
			priority = schedulingv1.DefaultPriorityWhenNoDefaultClassExists
			lower := corev1.PreemptLowerPriority
			policy = &lower
		}
	} else {
		pc, err := p.class(ctx, pod.Spec.PriorityClassName)
		switch {
		case apierrors.IsNotFound(err):
			return pluginutil.Forbidden(a, fmt.Errorf("no PriorityClass with name %v was found", pod.Spec.PriorityClassName))
		case err != nil:
			return apierrors.NewInternal(fmt.Errorf("failed to get PriorityClass with name %s: %v", pod.Spec.PriorityClassName, err))
		}
		priority, policy = pc.Value, pc.PreemptionPolicy
	}
	if pod.Spec.Priority != nil && *pod.Spec.Priority != priority {
		return pluginutil.Forbidden(a, fmt.Errorf("the integer value of priority (%d) must not be provided in pod spec; priority admission controller computed %d from the given PriorityClass name", *pod.Spec.Priority, priority))
	}
	pod.Spec.Priority = &priority
	if policy != nil {
		if pod.Spec.PreemptionPolicy != nil && *pod.Spec.PreemptionPolicy != *policy {
			return pluginutil.Forbidden(a, fmt.Errorf("the string value of PreemptionPolicy (%s) must not be provided in pod spec; priority admission controller computed %s from the given PriorityClass name", *pod.Spec.PreemptionPolicy, *policy))
		}
		v := *policy
		pod.Spec.PreemptionPolicy = &v
	}
	return nil
}

// Validate refuses a second global default PriorityClass.
func (p *Plugin) Validate(ctx context.Context, a *admission.Attributes) error {
	if a.Subresource != "" || a.Resource.Group != schedulingv1.GroupName || a.Resource.Resource != "priorityclasses" {
		return nil
	}
	pc, ok := a.Object.(*schedulingv1.PriorityClass)
	if !ok {
		return apierrors.NewBadRequest("resource was marked with kind PriorityClass but was unable to be converted")
	}
	if !pc.GlobalDefault {
		return nil
	}
	dpc, err := p.defaultClass(ctx)
	if err != nil {
		return apierrors.NewInternal(fmt.Errorf("failed to get default priority class: %v", err))
	}
	if dpc != nil && (a.Operation == admission.Create || dpc.Name != pc.Name) {
		return pluginutil.Forbidden(a, fmt.Errorf("PriorityClass %v is already marked as default. Only one default can exist", dpc.Name))
	}
	return nil
}

// class returns the named class: the object, else a built-in system class,
// else a NotFound error.
func (p *Plugin) class(ctx context.Context, name string) (*schedulingv1.PriorityClass, error) {
	obj, err := p.reader.Get(ctx, priorityClassesGVR, "", name)
	if apierrors.IsNotFound(err) {
		if pc, ok := p.builtin[name]; ok {
			return pc, nil
		}
		return nil, err
	}
	if err != nil {
		return nil, err
	}
	pc, ok := obj.(*schedulingv1.PriorityClass)
	if !ok {
		return nil, fmt.Errorf("expected *v1.PriorityClass, got %T", obj)
	}
	return pc, nil
}

// defaultClass returns the global default class, the one with the lowest
// value if several claim it (a race Kubernetes also resolves this way), or
// nil.
func (p *Plugin) defaultClass(ctx context.Context) (*schedulingv1.PriorityClass, error) {
	objs, err := p.reader.List(ctx, priorityClassesGVR, "", nil)
	if err != nil {
		return nil, err
	}
	var out *schedulingv1.PriorityClass
	for _, o := range objs {
		pc, ok := o.(*schedulingv1.PriorityClass)
		if !ok || !pc.GlobalDefault {
			continue
		}
		if out == nil || pc.Value < out.Value {
			out = pc
		}
	}
	return out, nil
}
