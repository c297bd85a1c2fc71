package apiserver

import (
	"fmt"
	"net/http"

	"github.com/gantryhq/gantry/sdk/api/codec"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	apierrors "github.com/gantryhq/gantry/sdk/api/errors"
	"github.com/gantryhq/gantry/sdk/api/meta"
	policyv1 "github.com/gantryhq/gantry/sdk/api/policy/v1"
)

var podsGVR = meta.GroupVersionResource{Version: "v1", Resource: "pods"}

// installPodExtensions adds what pods need beyond the generic resource:
// graceful deletion and the binding and eviction subresources. It does
// nothing when the registry has no core/v1 pods.
func (s *Server) installPodExtensions() {
	res, ok := s.resources[podsGVR]
	if !ok {
		return
	}
	if _, ok := res.kind.New().(*corev1.Pod); !ok {
		return
	}
	s.graceful[podsGVR] = podGracePeriod
	s.addSubresource(podsGVR, subresource{"binding", meta.GroupVersionKindRef{Version: "v1", Kind: "Binding"}, []string{"create"}}, s.serveBinding)
	s.addSubresource(podsGVR, subresource{"eviction", meta.GroupVersionKindRef{Group: "policy", Version: "v1", Kind: "Eviction"}, []string{"create"}}, s.serveEviction)
}

// addSubresource registers a custom subresource handler (before the
// discovery documents are built).
func (s *Server) addSubresource(gvr meta.GroupVersionResource, sub subresource, h SubresourceHandler) {
	if s.subresourceHandlers[gvr] == nil {
		s.subresourceHandlers[gvr] = map[string]SubresourceHandler{}
	}
	s.subresourceHandlers[gvr][sub.name] = h
	s.extraSubresources[gvr] = append(s.extraSubresources[gvr], sub)
}

// podGracePeriod is the graceful deletion policy of pods: the requested
// grace period, else the pod's terminationGracePeriodSeconds (30 s by
// default); immediate for pods never bound to a node and for pods that
// have finished.
func podGracePeriod(obj meta.Object, requested *int64) (int64, bool) {
	pod, ok := obj.(*corev1.Pod)
	if !ok {
		return 0, false
	}
	if pod.Spec.NodeName == "" || pod.Status.Phase == corev1.PodSucceeded || pod.Status.Phase == corev1.PodFailed {
		return 0, true
	}
	grace := int64(30)
	if pod.Spec.TerminationGracePeriodSeconds != nil {
		grace = *pod.Spec.TerminationGracePeriodSeconds
	}
	if requested != nil {
		grace = *requested
	}
	if grace < 0 {
		grace = 1
	}
	return grace, true
}

// serveBinding binds a pod to a node: POST pods/<name>/binding.
func (s *Server) serveBinding(w http.ResponseWriter, r *http.Request, req SubresourceRequest) {
	if r.Method != http.MethodPost {
		writeError(w, apierrors.NewMethodNotSupported(apierrors.Resource{Resource: "pods/binding"}, r.Method))
		return
	}
	body, err := readBody(r, s.cfg.MaxRequestBodyBytes)
	if err == nil {
		body, err = bodyToJSONAs(r, body, &corev1.Binding{}, "Binding")
	}
	var b corev1.Binding
	if err == nil {
		_, err = codec.DecodeInto(body, &b, true)
	}
	if err != nil {
		writeError(w, err)
		return
	}
	if b.Name != "" && b.Name != req.Name {
		writeError(w, apierrors.NewBadRequest(fmt.Sprintf("the name of the binding (%s) does not match the name of the pod (%s)", b.Name, req.Name)))
		return
	}
	if b.Target.Name == "" {
		writeError(w, apierrors.NewInvalid("", "Binding", req.Name, fieldList("target.name", "", "a node name is required")))
		return
	}
	if b.Target.Kind != "" && b.Target.Kind != "Node" {
		writeError(w, apierrors.NewInvalid("", "Binding", req.Name, fieldList("target.kind", b.Target.Kind, `must be empty or "Node"`)))
		return
	}
	res := s.resources[podsGVR]
	o := writeOptions{user: s.cfg.User, dryRun: req.DryRun, subresource: "binding", skipAdmission: true, skipUpdateValidation: true}
	_, err = res.update(r.Context(), req.Namespace, req.Name, func(old meta.Object) (meta.Object, bool, error) {
		pod := old.(*corev1.Pod)
		if pod.DeletionTimestamp != nil {
			return nil, true, apierrors.NewConflict(res.errRes, req.Name, fmt.Errorf("pod %s is being deleted, cannot be assigned to a host", req.Name))
		}
		if pod.Spec.NodeName != "" {
			return nil, true, apierrors.NewConflict(res.errRes, req.Name, fmt.Errorf("pod %s is already assigned to node %q", req.Name, pod.Spec.NodeName))
		}
		if b.UID != "" && b.UID != pod.UID {
			return nil, true, apierrors.NewConflict(res.errRes, req.Name, fmt.Errorf("Precondition failed: UID in precondition: %v, UID in object meta: %v", b.UID, pod.UID))
		}
		pod.Spec.NodeName = b.Target.Name
		for k, v := range b.Annotations {
			if pod.Annotations == nil {
				pod.Annotations = map[string]string{}
			}
			pod.Annotations[k] = v
		}
		setPodCondition(&pod.Status, corev1.PodCondition{Type: corev1.PodScheduled, Status: corev1.ConditionTrue, LastTransitionTime: meta.NewTime(s.now())})
		return pod, false, nil
	}, o)
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusCreated, output{}, statusSuccess(nil))
}

func setPodCondition(st *corev1.PodStatus, c corev1.PodCondition) {
	for i := range st.Conditions {
		if st.Conditions[i].Type == c.Type {
			if st.Conditions[i].Status == c.Status {
				return
			}
			st.Conditions[i] = c
			return
		}
	}
	st.Conditions = append(st.Conditions, c)
}

// serveEviction evicts a pod: POST pods/<name>/eviction. Without
// PodDisruptionBudgets every eviction is allowed and is a graceful delete.
func (s *Server) serveEviction(w http.ResponseWriter, r *http.Request, req SubresourceRequest) {
	if r.Method != http.MethodPost {
		writeError(w, apierrors.NewMethodNotSupported(apierrors.Resource{Resource: "pods/eviction"}, r.Method))
		return
	}
	body, err := readBody(r, s.cfg.MaxRequestBodyBytes)
	if err == nil {
		body, err = bodyToJSONAs(r, body, &policyv1.Eviction{}, "Eviction")
	}
	var ev policyv1.Eviction
	if err == nil {
		_, err = codec.DecodeInto(body, &ev, true)
	}
	if err != nil {
		writeError(w, err)
		return
	}
	if ev.Name != "" && ev.Name != req.Name {
		writeError(w, apierrors.NewBadRequest(fmt.Sprintf("name in URL does not match name in Eviction object (%s != %s)", req.Name, ev.Name)))
		return
	}
	res := s.resources[podsGVR]
	o := writeOptions{user: s.cfg.User, dryRun: req.DryRun, subresource: "eviction"}
	if _, err := res.delete(r.Context(), req.Namespace, req.Name, ev.DeleteOptions, o); err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusCreated, output{}, statusSuccess(nil))
}
