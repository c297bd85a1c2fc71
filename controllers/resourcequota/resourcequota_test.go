package resourcequota_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/gantryhq/gantry/controllers"
	"github.com/gantryhq/gantry/controllers/internal/controllertest"
	"github.com/gantryhq/gantry/controllers/resourcequota"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/resource"
	"github.com/gantryhq/gantry/sdk/client"
)

const wait = 20 * time.Second

func pod(name, cpu string) *corev1.Pod {
	return &corev1.Pod{
		ObjectMeta: meta.ObjectMeta{Name: name},
		Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "app", Image: "busybox",
			Resources: corev1.ResourceRequirements{
				Requests: corev1.ResourceList{corev1.ResourceCPU: resource.MustParse(cpu)},
				Limits:   corev1.ResourceList{corev1.ResourceCPU: resource.MustParse(cpu)},
			}}}},
	}
}

// status renders a quota's status as name=value strings.
func status(q *corev1.ResourceQuota) (hard, used map[string]string) {
	hard, used = map[string]string{}, map[string]string{}
	for k, v := range q.Status.Hard {
		hard[string(k)] = v.String()
	}
	for k, v := range q.Status.Used {
		used[string(k)] = v.String()
	}
	return hard, used
}

func TestQuotaStatus(t *testing.T) {
	controllertest.CheckGoroutines(t)
	env := controllertest.NewEnv(t, nil)
	ctx := context.Background()
	cms := client.For[*corev1.ConfigMap](env.Client).Namespace("default")
	pods := client.For[*corev1.Pod](env.Client).Namespace("default")
	quotas := client.For[*corev1.ResourceQuota](env.Client).Namespace("default")
	// Objects that exist before the quota are counted by the controller.
	for _, name := range []string{"a", "b"} {
		if _, err := cms.Create(ctx, &corev1.ConfigMap{ObjectMeta: meta.ObjectMeta{Name: name}}, client.WriteOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := pods.Create(ctx, pod("p0", "100m"), client.WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	env.StartManager(t, func(mgr *controllers.Manager) error {
		return resourcequota.Add(mgr, resourcequota.Config{})
	})
	hard := corev1.ResourceList{
		corev1.ResourcePods:                   resource.MustParse("3"),
		corev1.ResourceRequestsCPU:            resource.MustParse("1"),
		"configmaps":                          resource.MustParse("10"),
		"count/secrets":                       resource.MustParse("5"),
		"count/deployments.apps":              resource.MustParse("2"),
		corev1.ResourceName("count/services"): resource.MustParse("4"),
	}
	if _, err := quotas.Create(ctx, &corev1.ResourceQuota{ObjectMeta: meta.ObjectMeta{Name: "compute"}, Spec: corev1.ResourceQuotaSpec{Hard: hard}}, client.WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	expect := func(want map[string]string) func() error {
		return func() error {
			q, err := quotas.Get(ctx, "compute")
			if err != nil {
				return err
			}
			h, u := status(q)
			if len(h) != len(hard) {
				return fmt.Errorf("status.hard %v, want spec.hard", h)
			}
			if diff := cmp.Diff(want, u); diff != "" {
				return fmt.Errorf("status.used (-want +got):\n%s", diff)
			}
			return nil
		}
	}
	controllertest.Eventually(t, wait, expect(map[string]string{
		"pods": "1", "requests.cpu": "100m", "configmaps": "2", "count/secrets": "0",
		"count/deployments.apps": "0", "count/services": "0",
	}))

	// Admission charges new pods once status.hard is known...
	for _, name := range []string{"p1", "p2"} {
		if _, err := pods.Create(ctx, pod(name, "200m"), client.WriteOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	controllertest.Eventually(t, wait, expect(map[string]string{
		"pods": "3", "requests.cpu": "500m", "configmaps": "2", "count/secrets": "0",
		"count/deployments.apps": "0", "count/services": "0",
	}))
	// ...refuses what goes over...
	if _, err := pods.Create(ctx, pod("p3", "100m"), client.WriteOptions{}); err == nil {
		t.Fatal("a fourth pod was admitted over a quota of 3")
	}
	// ...and the controller gives usage back on deletion.
	if err := pods.Delete(ctx, "p1", nil); err != nil {
		t.Fatal(err)
	}
	if err := cms.Delete(ctx, "a", nil); err != nil {
		t.Fatal(err)
	}
	controllertest.Eventually(t, wait, expect(map[string]string{
		"pods": "2", "requests.cpu": "300m", "configmaps": "1", "count/secrets": "0",
		"count/deployments.apps": "0", "count/services": "0",
	}))

	// A change of spec.hard is reflected in status.hard.
	q, err := quotas.Get(ctx, "compute")
	if err != nil {
		t.Fatal(err)
	}
	q.Spec.Hard = corev1.ResourceList{corev1.ResourcePods: resource.MustParse("10")}
	if _, err := quotas.Update(ctx, q, client.WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	hard = q.Spec.Hard
	controllertest.Eventually(t, wait, expect(map[string]string{"pods": "2"}))
}
