package resourcequota_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/gantryhq/gantry/sdk/admission"
	"github.com/gantryhq/gantry/sdk/admission/plugins/admissiontest"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	apierrors "github.com/gantryhq/gantry/sdk/api/errors"
	"github.com/gantryhq/gantry/sdk/api/resource"
)

// admitConcurrently creates n pods from as many goroutines, spreading them
// over the plugins, and returns how many were admitted. Every refusal must
// be Forbidden (quota exceeded) or Conflict (retries exhausted).
func admitConcurrently(t *testing.T, plugins []admission.Validator, n int) int {
	t.Helper()
	var (
		wg       sync.WaitGroup
		admitted atomic.Int64
		start    = make(chan struct{})
	)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			<-start
			p := plugins[i%len(plugins)]
			a := admissiontest.Create(admissiontest.Pods, "Pod",
				pod(named(fmt.Sprintf("web-%d", i)), container("nginx", rl("cpu", "100m"), rl("cpu", "100m"))))
			switch err := p.Validate(context.Background(), a); {
			case err == nil:
				admitted.Add(1)
			case apierrors.IsForbidden(err), apierrors.IsConflict(err):
			default:
				t.Errorf("pod %d: unexpected error %v", i, err)
			}
		}(i)
	}
	close(start)
	wg.Wait()
	return int(admitted.Load())
}

func TestConcurrentAdmission(t *testing.T) {
	h := admissiontest.NewFakeHost()
	h.Add(admissiontest.ResourceQuotas, quota("compute", rl("pods", "10", "requests.cpu", "1"), rl("pods", "0", "requests.cpu", "0")))
	admitted := admitConcurrently(t, []admission.Validator{newPlugin(t, h)}, 50)
	if admitted != 10 {
		t.Errorf("admitted %d pods, want exactly 10", admitted)
	}
	if diff := cmp.Diff(rl("pods", "10", "requests.cpu", "1"), usedOf(t, h, "compute")); diff != "" {
		t.Errorf("status.used (-want +got):\n%s", diff)
	}
}

// TestConcurrentAdmissionSeveralServers runs two plugin instances (two API
// servers sharing a store) and a status controller rewriting the quota, so
// that writes conflict: the quota must never go over its limit, and it must
// account for exactly the pods admitted.
func TestConcurrentAdmissionSeveralServers(t *testing.T) {
	h := admissiontest.NewFakeHost()
	h.Add(admissiontest.ResourceQuotas, quota("compute", rl("pods", "10"), rl("pods", "0")))
	plugins := []admission.Validator{newPlugin(t, h), newPlugin(t, h)}

	ctx, cancel := context.WithCancel(context.Background())
	var controller sync.WaitGroup
	controller.Add(1)
	go func() {
		defer controller.Done()
		for ctx.Err() == nil {
			cur := h.Object(admissiontest.ResourceQuotas, "team-a", "compute")
			_, _ = h.UpdateStatus(ctx, admissiontest.ResourceQuotas, cur)
		}
	}()
	admitted := admitConcurrently(t, plugins, 60)
	cancel()
	controller.Wait()

	if admitted > 10 {
		t.Errorf("admitted %d pods over a quota of 10", admitted)
	}
	used := usedOf(t, h, "compute")[corev1.ResourcePods]
	if want := resource.NewQuantity(int64(admitted), resource.DecimalSI); used.Cmp(*want) != 0 {
		t.Errorf("status.used pods = %s, want %d (the pods admitted)", used.String(), admitted)
	}
	if _, conflicts := h.Stats(); conflicts == 0 {
		t.Log("no write conflicted; the test did not exercise retries this time")
	}
}

func TestConcurrentNamespacesIndependent(t *testing.T) {
	h := admissiontest.NewFakeHost()
	for _, ns := range []string{"a", "b", "c"} {
		q := quota("q", rl("pods", "5"), rl("pods", "0"))
		q.Namespace = ns
		h.Add(admissiontest.ResourceQuotas, q)
	}
	p := newPlugin(t, h)
	var wg sync.WaitGroup
	var admitted [3]atomic.Int64
	for i := 0; i < 30; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			obj := pod(named(fmt.Sprintf("p%d", i)))
			obj.Namespace = []string{"a", "b", "c"}[i%3]
			if p.Validate(context.Background(), admissiontest.Create(admissiontest.Pods, "Pod", obj)) == nil {
				admitted[i%3].Add(1)
			}
		}(i)
	}
	wg.Wait()
	for i := range admitted {
		if got := admitted[i].Load(); got != 5 {
			t.Errorf("namespace %d: admitted %d, want 5", i, got)
		}
	}
}
