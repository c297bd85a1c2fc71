package deployment_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gantryhq/gantry/controllers"
	"github.com/gantryhq/gantry/controllers/deployment"
	"github.com/gantryhq/gantry/controllers/internal/controllertest"
	"github.com/gantryhq/gantry/controllers/replicaset"
	appsv1 "github.com/gantryhq/gantry/sdk/api/apps/v1"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	"github.com/gantryhq/gantry/sdk/api/intstr"
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/resource"
	"github.com/gantryhq/gantry/sdk/client"
)

const wait = 20 * time.Second

func ptr[T any](v T) *T { return &v }

type fixture struct {
	env  *controllertest.Env
	ctx  context.Context
	ds   *client.Resource[*appsv1.Deployment]
	rss  *client.Resource[*appsv1.ReplicaSet]
	pods *client.Resource[*corev1.Pod]
}

func newFixture(t *testing.T, kubelet controllertest.KubeletOptions) *fixture {
	controllertest.CheckGoroutines(t)
	env := controllertest.NewEnv(t, nil)
	env.StartManager(t, func(mgr *controllers.Manager) error {
		if err := replicaset.Add(mgr, replicaset.Config{}); err != nil {
			return err
		}
		return deployment.Add(mgr, deployment.Config{})
	})
	env.FakeKubelet(t, kubelet)
	return &fixture{
		env:  env,
		ctx:  context.Background(),
		ds:   client.For[*appsv1.Deployment](env.Client).Namespace("default"),
		rss:  client.For[*appsv1.ReplicaSet](env.Client).Namespace("default"),
		pods: client.For[*corev1.Pod](env.Client).Namespace("default"),
	}
}

func newDeployment(name string, replicas int32, image string) *appsv1.Deployment {
	labels := map[string]string{"app": name}
	return &appsv1.Deployment{
		ObjectMeta: meta.ObjectMeta{Namespace: "default", Name: name},
		Spec: appsv1.DeploymentSpec{
			Replicas: ptr(replicas),
			Selector: &meta.LabelSelector{MatchLabels: labels},
			Template: corev1.PodTemplateSpec{
				ObjectMeta: meta.ObjectMeta{Labels: labels},
				Spec:       corev1.PodSpec{Containers: []corev1.Container{{Name: "app", Image: image}}},
			},
		},
	}
}

func (f *fixture) create(t *testing.T, d *appsv1.Deployment) *appsv1.Deployment {
	t.Helper()
	out, err := f.ds.Create(f.ctx, d, client.WriteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// update applies mutate to the live Deployment, retrying conflicts.
func (f *fixture) update(t *testing.T, name string, mutate func(d *appsv1.Deployment)) {
	t.Helper()
	controllertest.Eventually(t, wait, func() error {
		d, err := f.ds.Get(f.ctx, name)
		if err != nil {
			return err
		}
		mutate(d)
		_, err = f.ds.Update(f.ctx, d, client.WriteOptions{})
		return err
	})
}

func condition(d *appsv1.Deployment, t appsv1.DeploymentConditionType) *appsv1.DeploymentCondition {
	for i := range d.Status.Conditions {
		if d.Status.Conditions[i].Type == t {
			return &d.Status.Conditions[i]
		}
	}
	return nil
}

// waitComplete waits until the rollout of name is complete as kubectl
// rollout status sees it, with every pod running image.
func (f *fixture) waitComplete(t *testing.T, name, image string) *appsv1.Deployment {
	t.Helper()
	var out *appsv1.Deployment
	controllertest.Eventually(t, wait, func() error {
		d, err := f.ds.Get(f.ctx, name)
		if err != nil {
			return err
		}
		n := *d.Spec.Replicas
		s := d.Status
		if s.ObservedGeneration < d.Generation || s.UpdatedReplicas != n || s.Replicas != n || s.AvailableReplicas != n || s.UnavailableReplicas != 0 {
			return fmt.Errorf("status %+v", s)
		}
		if c := condition(d, appsv1.DeploymentProgressing); c == nil || c.Reason != appsv1.NewRSAvailableReason || c.Status != corev1.ConditionTrue {
			return fmt.Errorf("progressing condition %+v", c)
		}
		if c := condition(d, appsv1.DeploymentAvailable); c == nil || c.Reason != appsv1.MinimumReplicasAvailable || c.Status != corev1.ConditionTrue {
			return fmt.Errorf("available condition %+v", c)
		}
		l, err := f.pods.List(f.ctx, client.ListOptions{LabelSelector: "app=" + name})
		if err != nil {
			return err
		}
		if len(l.Items) != int(n) {
			return fmt.Errorf("%d pods, want %d", len(l.Items), n)
		}
		for _, p := range l.Items {
			if p.Spec.Containers[0].Image != image {
				return fmt.Errorf("pod %s runs %s", p.Name, p.Spec.Containers[0].Image)
			}
		}
		out = d
		return nil
	})
	return out
}

func (f *fixture) replicaSets(t *testing.T, name string) []*appsv1.ReplicaSet {
	t.Helper()
	l, err := f.rss.List(f.ctx, client.ListOptions{LabelSelector: "app=" + name})
	if err != nil {
		t.Fatal(err)
	}
	return l.Items
}

// podWatcher checks a predicate on every state of the pods (of one app)
// that an informer observes.
type podWatcher struct {
	mu     sync.Mutex
	errs   []string
	states int
}

func (f *fixture) watchPods(t *testing.T, app string, check func(pods []*corev1.Pod) error) *podWatcher {
	t.Helper()
	w := &podWatcher{}
	k, err := client.ForErr[*corev1.Pod](f.env.Client)
	if err != nil {
		t.Fatal(err)
	}
	fac := client.NewFactory(f.env.Client, "default", 0)
	inf := fac.InformerForKind(k.Kind())
	var mu sync.Mutex // serialises checks with the cache state they see
	run := func() {
		mu.Lock()
		defer mu.Unlock()
		if !inf.HasSynced() {
			return // the initial list is still being filled in
		}
		var pods []*corev1.Pod
		for _, o := range inf.List(nil) {
			p := o.(*corev1.Pod)
			if p.Labels["app"] == app {
				pods = append(pods, p)
			}
		}
		err := check(pods)
		w.mu.Lock()
		w.states++
		if err != nil && len(w.errs) < 10 {
			w.errs = append(w.errs, err.Error())
		}
		w.mu.Unlock()
	}
	inf.AddEventHandler(client.HandlerFuncs[meta.Object]{
		AddFunc: func(_ meta.Object, initial bool) {
			if !initial {
				run()
			}
		},
		UpdateFunc: func(meta.Object, meta.Object) { run() },
		DeleteFunc: func(meta.Object) { run() },
	})
	ctx, cancel := context.WithCancel(context.Background())
	fac.Start(ctx)
	if !fac.WaitForCacheSync(ctx) {
		t.Fatal("pod watcher did not sync")
	}
	run()
	t.Cleanup(func() {
		cancel()
		fac.Shutdown()
	})
	return w
}

func (w *podWatcher) report(t *testing.T) {
	t.Helper()
	w.mu.Lock()
	defer w.mu.Unlock()
	t.Logf("checked %d observed states", w.states)
	for _, e := range w.errs {
		t.Error(e)
	}
}

func TestRollingUpdateStaysWithinBounds(t *testing.T) {
	for _, tc := range []struct {
		name                   string
		replicas               int32
		surge, unavailable     intstr.IntOrString
		wantMax, wantAvailable int
	}{
		{"numbers", 4, intstr.FromInt(1), intstr.FromInt(1), 5, 3},
		{"percentages", 5, intstr.FromString("30%"), intstr.FromString("30%"), 7, 4}, // surge 1.5 up, unavailable 1.5 down
		{"surge only", 3, intstr.FromInt(2), intstr.FromInt(0), 5, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, controllertest.KubeletOptions{ReadyDelay: 100 * time.Millisecond})
			d := newDeployment("web", tc.replicas, "app:v1")
			d.Spec.Strategy = appsv1.DeploymentStrategy{Type: appsv1.RollingUpdateDeploymentStrategyType,
				RollingUpdate: &appsv1.RollingUpdateDeployment{MaxSurge: &tc.surge, MaxUnavailable: &tc.unavailable}}
			f.create(t, d)
			f.waitComplete(t, "web", "app:v1")
			w := f.watchPods(t, "web", func(pods []*corev1.Pod) error {
				var active, available int
				for _, p := range pods {
					if p.DeletionTimestamp != nil {
						continue
					}
					active++
					if replicaset.IsPodReady(p) {
						available++
					}
				}
				if active > tc.wantMax {
					return fmt.Errorf("%d pods, more than replicas+maxSurge = %d", active, tc.wantMax)
				}
				if available < tc.wantAvailable {
					var desc []string
					for _, p := range pods {
						desc = append(desc, fmt.Sprintf("%s(%s ready=%v deleting=%v rv=%s)", p.Name, p.Spec.Containers[0].Image, replicaset.IsPodReady(p), p.DeletionTimestamp != nil, p.ResourceVersion))
					}
					return fmt.Errorf("%d available pods, fewer than replicas-maxUnavailable = %d: %s", available, tc.wantAvailable, strings.Join(desc, " "))
				}
				return nil
			})
			f.update(t, "web", func(d *appsv1.Deployment) { d.Spec.Template.Spec.Containers[0].Image = "app:v2" })
			got := f.waitComplete(t, "web", "app:v2")
			w.report(t)
			if got.Annotations[appsv1.RevisionAnnotation] != "2" {
				t.Errorf("deployment revision %q, want 2", got.Annotations[appsv1.RevisionAnnotation])
			}
			rss := f.replicaSets(t, "web")
			if len(rss) != 2 {
				t.Fatalf("%d replica sets, want 2", len(rss))
			}
			for _, rs := range rss {
				hash := rs.Labels[appsv1.DefaultDeploymentUniqueLabelKey]
				if hash == "" || rs.Name != "web-"+hash || rs.Spec.Template.Labels[appsv1.DefaultDeploymentUniqueLabelKey] != hash ||
					rs.Spec.Selector.MatchLabels[appsv1.DefaultDeploymentUniqueLabelKey] != hash {
					t.Errorf("replica set %s: labels %v, selector %v", rs.Name, rs.Labels, rs.Spec.Selector)
				}
				want := "1"
				if rs.Spec.Template.Spec.Containers[0].Image == "app:v2" {
					want = "2"
				} else if *rs.Spec.Replicas != 0 {
					t.Errorf("old replica set %s has %d replicas", rs.Name, *rs.Spec.Replicas)
				}
				if rs.Annotations[appsv1.RevisionAnnotation] != want || rs.Annotations[appsv1.DesiredReplicasAnnotation] != fmt.Sprint(tc.replicas) {
					t.Errorf("replica set %s annotations %v", rs.Name, rs.Annotations)
				}
			}
		})
	}
}

func TestRecreateNeverOverlaps(t *testing.T) {
	f := newFixture(t, controllertest.KubeletOptions{})
	d := newDeployment("db", 3, "db:v1")
	d.Spec.Strategy = appsv1.DeploymentStrategy{Type: appsv1.RecreateDeploymentStrategyType}
	f.create(t, d)
	f.waitComplete(t, "db", "db:v1")
	w := f.watchPods(t, "db", func(pods []*corev1.Pod) error {
		images := map[string]int{}
		for _, p := range pods {
			images[p.Spec.Containers[0].Image]++
		}
		if len(images) > 1 {
			return fmt.Errorf("old and new pods at once: %v", images)
		}
		return nil
	})
	f.update(t, "db", func(d *appsv1.Deployment) { d.Spec.Template.Spec.Containers[0].Image = "db:v2" })
	f.waitComplete(t, "db", "db:v2")
	w.report(t)
}

func TestPauseAndResume(t *testing.T) {
	f := newFixture(t, controllertest.KubeletOptions{})
	d := newDeployment("web", 2, "app:v1")
	d.Spec.ProgressDeadlineSeconds = ptr(int32(600))
	f.create(t, d)
	f.waitComplete(t, "web", "app:v1")
	f.update(t, "web", func(d *appsv1.Deployment) {
		d.Spec.Paused = true
		d.Spec.Template.Spec.Containers[0].Image = "app:v2"
	})
	controllertest.Eventually(t, wait, func() error {
		d, err := f.ds.Get(f.ctx, "web")
		if err != nil {
			return err
		}
		if c := condition(d, appsv1.DeploymentProgressing); c == nil || c.Reason != appsv1.PausedDeployReason || c.Status != corev1.ConditionUnknown {
			return fmt.Errorf("progressing condition %+v", c)
		}
		return nil
	})
	// Scaling applies while paused; the rollout does not progress.
	f.update(t, "web", func(d *appsv1.Deployment) { d.Spec.Replicas = ptr(int32(3)) })
	controllertest.Eventually(t, wait, func() error {
		d, err := f.ds.Get(f.ctx, "web")
		if err != nil {
			return err
		}
		if d.Status.ObservedGeneration < d.Generation || d.Status.Replicas != 3 || d.Status.AvailableReplicas != 3 {
			return fmt.Errorf("status %+v", d.Status)
		}
		return nil
	})
	if rss := f.replicaSets(t, "web"); len(rss) != 1 || rss[0].Spec.Template.Spec.Containers[0].Image != "app:v1" || *rss[0].Spec.Replicas != 3 {
		t.Fatalf("paused deployment changed its replica sets: %d of them", len(rss))
	}
	f.update(t, "web", func(d *appsv1.Deployment) { d.Spec.Paused = false })
	f.waitComplete(t, "web", "app:v2")
}

func TestRevisionHistoryAndUndo(t *testing.T) {
	f := newFixture(t, controllertest.KubeletOptions{})
	d := newDeployment("web", 2, "app:v1")
	d.Spec.RevisionHistoryLimit = ptr(int32(1))
	d.Spec.Strategy = appsv1.DeploymentStrategy{Type: appsv1.RecreateDeploymentStrategyType}
	f.create(t, d)
	f.waitComplete(t, "web", "app:v1")
	for _, image := range []string{"app:v2", "app:v3"} {
		f.update(t, "web", func(d *appsv1.Deployment) { d.Spec.Template.Spec.Containers[0].Image = image })
		f.waitComplete(t, "web", image)
	}
	revisions := func() map[string]string {
		out := map[string]string{}
		for _, rs := range f.replicaSets(t, "web") {
			out[rs.Spec.Template.Spec.Containers[0].Image] = rs.Annotations[appsv1.RevisionAnnotation] + "/" + rs.Annotations[appsv1.RevisionHistoryAnnotation]
		}
		return out
	}
	controllertest.Eventually(t, wait, func() error {
		if got := revisions(); fmt.Sprint(got) != fmt.Sprint(map[string]string{"app:v2": "2/", "app:v3": "3/"}) {
			return fmt.Errorf("replica sets (image: revision/history) %v", got)
		}
		return nil
	})
	// kubectl rollout undo copies revision 2's template back (without the
	// hash label): the old ReplicaSet becomes revision 4.
	var old *appsv1.ReplicaSet
	for _, rs := range f.replicaSets(t, "web") {
		if rs.Annotations[appsv1.RevisionAnnotation] == "2" {
			old = rs
		}
	}
	f.update(t, "web", func(d *appsv1.Deployment) {
		d.Spec.Template = *old.Spec.Template.DeepCopy()
		delete(d.Spec.Template.Labels, appsv1.DefaultDeploymentUniqueLabelKey)
	})
	got := f.waitComplete(t, "web", "app:v2")
	if got.Annotations[appsv1.RevisionAnnotation] != "4" {
		t.Errorf("deployment revision %q, want 4", got.Annotations[appsv1.RevisionAnnotation])
	}
	controllertest.Eventually(t, wait, func() error {
		if got := revisions(); fmt.Sprint(got) != fmt.Sprint(map[string]string{"app:v2": "4/2", "app:v3": "3/"}) {
			return fmt.Errorf("replica sets (image: revision/history) %v", got)
		}
		return nil
	})
	if rs, err := f.rss.Get(f.ctx, old.Name); err != nil || rs.UID != old.UID {
		t.Errorf("undo did not reuse replica set %s: %v", old.Name, err)
	}
}

func TestProgressDeadline(t *testing.T) {
	f := newFixture(t, controllertest.KubeletOptions{NotReady: func(p *corev1.Pod) bool {
		return strings.HasSuffix(p.Spec.Containers[0].Image, ":broken")
	}})
	d := newDeployment("web", 2, "app:v1")
	d.Spec.ProgressDeadlineSeconds = ptr(int32(1))
	f.create(t, d)
	f.waitComplete(t, "web", "app:v1")
	f.update(t, "web", func(d *appsv1.Deployment) { d.Spec.Template.Spec.Containers[0].Image = "app:broken" })
	controllertest.Eventually(t, wait, func() error {
		d, err := f.ds.Get(f.ctx, "web")
		if err != nil {
			return err
		}
		c := condition(d, appsv1.DeploymentProgressing)
		if c == nil || c.Reason != appsv1.TimedOutReason || c.Status != corev1.ConditionFalse {
			return fmt.Errorf("progressing condition %+v", c)
		}
		return nil
	})
	// The old pods stay: with maxUnavailable 25% of 2 (0) nothing old goes.
	d, err := f.ds.Get(f.ctx, "web")
	if err != nil {
		t.Fatal(err)
	}
	if d.Status.AvailableReplicas != 2 {
		t.Errorf("available replicas %d, want 2", d.Status.AvailableReplicas)
	}
}

func TestComputeHash(t *testing.T) {
	d := newDeployment("web", 1, "app:v1")
	h1 := deployment.ComputeHash(&d.Spec.Template, nil)
	if h1 != deployment.ComputeHash(d.Spec.Template.DeepCopy(), nil) {
		t.Error("the hash of equal templates differs")
	}
	if h1 == deployment.ComputeHash(&d.Spec.Template, ptr(int32(1))) {
		t.Error("the collision count does not change the hash")
	}
	d.Spec.Template.Spec.Containers[0].Image = "app:v2"
	if h1 == deployment.ComputeHash(&d.Spec.Template, nil) {
		t.Error("different templates have the same hash")
	}
}

func TestScaleDuringRolloutIsProportional(t *testing.T) {
	f := newFixture(t, controllertest.KubeletOptions{NotReady: func(p *corev1.Pod) bool {
		return strings.HasSuffix(p.Spec.Containers[0].Image, ":broken")
	}})
	d := newDeployment("web", 4, "app:v1")
	one := intstr.FromInt(1)
	d.Spec.Strategy = appsv1.DeploymentStrategy{Type: appsv1.RollingUpdateDeploymentStrategyType,
		RollingUpdate: &appsv1.RollingUpdateDeployment{MaxSurge: &one, MaxUnavailable: &one}}
	f.create(t, d)
	f.waitComplete(t, "web", "app:v1")
	f.update(t, "web", func(d *appsv1.Deployment) { d.Spec.Template.Spec.Containers[0].Image = "app:broken" })
	sizes := func(want map[string]int32) {
		t.Helper()
		controllertest.Eventually(t, wait, func() error {
			got := map[string]int32{}
			var desc []string
			for _, rs := range f.replicaSets(t, "web") {
				got[rs.Spec.Template.Spec.Containers[0].Image] = *rs.Spec.Replicas
				desc = append(desc, fmt.Sprintf("%s: %v %+v", rs.Spec.Template.Spec.Containers[0].Image, rs.Annotations, rs.Status))
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				return fmt.Errorf("replica set sizes %v, want %v (%s)", got, want, strings.Join(desc, "; "))
			}
			return nil
		})
	}
	// The rollout is stuck: 1 unavailable old pod replaced, 2 new pods
	// (never ready) within the surge of 1.
	sizes(map[string]int32{"app:v1": 3, "app:broken": 2})
	// kubectl scale to 8: the 4 more allowed pods (8+1 - 5) are shared in
	// proportion to the sizes (3*9/5 = 5.4 and 2*9/5 = 3.6, rounded).
	f.update(t, "web", func(d *appsv1.Deployment) { d.Spec.Replicas = ptr(int32(8)) })
	sizes(map[string]int32{"app:v1": 5, "app:broken": 4})
}

func TestAdoptsOrphanReplicaSet(t *testing.T) {
	f := newFixture(t, controllertest.KubeletOptions{})
	d := newDeployment("web", 2, "app:v1")
	hash := deployment.ComputeHash(&d.Spec.Template, nil)
	tmpl := d.Spec.Template.DeepCopy()
	tmpl.Labels[appsv1.DefaultDeploymentUniqueLabelKey] = hash
	orphan, err := f.rss.Create(f.ctx, &appsv1.ReplicaSet{
		ObjectMeta: meta.ObjectMeta{Namespace: "default", Name: "web-" + hash, Labels: tmpl.Labels},
		Spec: appsv1.ReplicaSetSpec{
			Replicas: ptr(int32(2)),
			Selector: &meta.LabelSelector{MatchLabels: tmpl.Labels},
			Template: *tmpl,
		},
	}, client.WriteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	created := f.create(t, d)
	f.waitComplete(t, "web", "app:v1")
	rss := f.replicaSets(t, "web")
	if len(rss) != 1 || rss[0].UID != orphan.UID || !meta.IsControlledBy(&rss[0].ObjectMeta, created.UID) {
		t.Fatalf("the orphan replica set was not adopted: %d replica sets", len(rss))
	}
}

func TestReplicaFailureCondition(t *testing.T) {
	f := newFixture(t, controllertest.KubeletOptions{})
	quotas := client.For[*corev1.ResourceQuota](f.env.Client).Namespace("default")
	q, err := quotas.Create(f.ctx, &corev1.ResourceQuota{
		ObjectMeta: meta.ObjectMeta{Namespace: "default", Name: "pods"},
		Spec:       corev1.ResourceQuotaSpec{Hard: corev1.ResourceList{corev1.ResourcePods: resource.MustParse("1")}},
	}, client.WriteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	q.Status.Hard = q.Spec.Hard
	q.Status.Used = corev1.ResourceList{corev1.ResourcePods: resource.MustParse("0")}
	if _, err := quotas.UpdateStatus(f.ctx, q, client.WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	f.create(t, newDeployment("web", 2, "app:v1"))
	controllertest.Eventually(t, wait, func() error {
		d, err := f.ds.Get(f.ctx, "web")
		if err != nil {
			return err
		}
		c := condition(d, appsv1.DeploymentReplicaFailure)
		if c == nil || c.Status != corev1.ConditionTrue || c.Reason != replicaset.FailedCreateReason {
			return fmt.Errorf("replica failure condition %+v", c)
		}
		return nil
	})
	if err := quotas.Delete(f.ctx, "pods", nil); err != nil {
		t.Fatal(err)
	}
	d := f.waitComplete(t, "web", "app:v1")
	if c := condition(d, appsv1.DeploymentReplicaFailure); c != nil {
		t.Errorf("replica failure condition left after recovery: %+v", c)
	}
}
