package controllers_test

import (
	"context"
	"fmt"

	"github.com/gantryhq/gantry/controllers"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	apierrors "github.com/gantryhq/gantry/sdk/api/errors"
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/registry"
	"github.com/gantryhq/gantry/sdk/client"
)

// Widget is a product's own kind, defined and registered by the product
// (here, the test) exactly as the built-in kinds are.
type Widget struct {
	meta.TypeMeta   `json:",inline"`
	meta.ObjectMeta `json:"metadata,omitempty"`
	Spec            WidgetSpec   `json:"spec,omitempty"`
	Status          WidgetStatus `json:"status,omitempty"`
}

// WidgetSpec is the desired state of a Widget.
type WidgetSpec struct {
	Color string `json:"color"`
}

// WidgetStatus is the observed state of a Widget.
type WidgetStatus struct {
	ConfigMap string `json:"configMap,omitempty"`
}

// DeepCopyObject is hand-written: Widget has no generated code.
func (w *Widget) DeepCopyObject() meta.Object {
	out := *w
	out.ObjectMeta = *w.ObjectMeta.DeepCopy()
	return &out
}

// WidgetList is a list of Widgets.
type WidgetList struct {
	meta.TypeMeta `json:",inline"`
	meta.ListMeta `json:"metadata,omitempty"`
	Items         []Widget `json:"items"`
}

// DeepCopyObject is hand-written.
func (l *WidgetList) DeepCopyObject() meta.ListObject {
	out := *l
	out.Items = make([]Widget, len(l.Items))
	for i := range l.Items {
		out.Items[i] = *l.Items[i].DeepCopyObject().(*Widget)
	}
	return &out
}

func addWidget(r *registry.Registry) error {
	return registry.Add(r, registry.Type[*Widget]{
		Group: "example.com", Version: "v1", Kind: "Widget", Namespaced: true,
		New:         func() *Widget { return &Widget{} },
		NewList:     func() meta.ListObject { return &WidgetList{} },
		ResetStatus: func(w *Widget) { w.Status = WidgetStatus{} },
		CopyStatus:  func(dst, src *Widget) { dst.Status = src.Status },
		CopySpec:    func(dst, src *Widget) { dst.Spec = src.Spec },
	})
}

// widgetReconciler keeps, for each Widget, a ConfigMap "widget-<name>"
// holding its color, owned by the Widget, and names it in the Widget's status.
type widgetReconciler struct {
	widgets *controllers.Cache[*Widget]
	cms     *controllers.Cache[*corev1.ConfigMap]
	c       *client.Client
	events  controllers.EventRecorder
}

func addWidgetController(mgr *controllers.Manager) error {
	widgets, err := controllers.CacheFor[*Widget](mgr)
	if err != nil {
		return err
	}
	cms, err := controllers.CacheFor[*corev1.ConfigMap](mgr)
	if err != nil {
		return err
	}
	r := &widgetReconciler{widgets: widgets, cms: cms, c: mgr.Client(), events: mgr.EventRecorderFor("widget-controller")}
	return controllers.Build(mgr, "widget",
		controllers.For[*Widget](),
		controllers.Owns[*corev1.ConfigMap](),
		controllers.Concurrency(2),
	).Complete(r)
}

func (r *widgetReconciler) Reconcile(ctx context.Context, req controllers.Request) (controllers.Result, error) {
	w, ok := r.widgets.Get(req.Namespace, req.Name)
	if !ok || w.DeletionTimestamp != nil {
		return controllers.Result{}, nil // the garbage collector removes the config map
	}
	name := "widget-" + w.Name
	cmClient := client.For[*corev1.ConfigMap](r.c).Namespace(w.Namespace)
	cm, ok := r.cms.Get(w.Namespace, name)
	switch {
	case !ok:
		isController := true
		cm = &corev1.ConfigMap{
			ObjectMeta: meta.ObjectMeta{Name: name, Namespace: w.Namespace, OwnerReferences: []meta.OwnerReference{{
				APIVersion: "example.com/v1", Kind: "Widget", Name: w.Name, UID: w.UID, Controller: &isController, BlockOwnerDeletion: &isController,
			}}},
			Data: map[string]string{"color": w.Spec.Color},
		}
		_, err := cmClient.Create(ctx, cm, client.WriteOptions{})
		switch {
		case err == nil:
			r.events.Eventf(w, corev1.EventTypeNormal, "ConfigMapCreated", "created config map %s", name)
		case apierrors.IsAlreadyExists(err):
			// Our cache lags behind our own create: its event will come.
			return controllers.Result{}, nil
		default:
			return controllers.Result{}, err
		}
	case !meta.IsControlledBy(&cm.ObjectMeta, w.UID):
		return controllers.Result{}, controllers.TerminalError(fmt.Errorf("config map %s exists and is not ours", name))
	case cm.Data["color"] != w.Spec.Color:
		upd := cm.DeepCopy()
		upd.Data = map[string]string{"color": w.Spec.Color}
		if _, err := cmClient.Update(ctx, upd, client.WriteOptions{}); err != nil {
			return controllers.Result{}, err
		}
		r.events.Eventf(w, corev1.EventTypeNormal, "ConfigMapUpdated", "set color %s", w.Spec.Color)
	}
	if w.Status.ConfigMap != name {
		upd := w.DeepCopyObject().(*Widget)
		upd.Status.ConfigMap = name
		if _, err := client.For[*Widget](r.c).Namespace(w.Namespace).UpdateStatus(ctx, upd, client.WriteOptions{}); err != nil {
			return controllers.Result{}, err
		}
	}
	return controllers.Result{}, nil
}
