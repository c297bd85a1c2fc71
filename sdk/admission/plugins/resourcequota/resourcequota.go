package resourcequota

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/gantryhq/gantry/sdk/admission"
	"github.com/gantryhq/gantry/sdk/admission/plugins/internal/pluginutil"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	apierrors "github.com/gantryhq/gantry/sdk/api/errors"
	"github.com/gantryhq/gantry/sdk/api/meta"
)

// Name is the plugin's configured name.
const Name = "ResourceQuota"

var resourceQuotasGVR = meta.GroupVersionResource{Version: "v1", Resource: "resourcequotas"}

const (
	// evaluationTimeout bounds the wait for the namespace's quota lock, as
	// Kubernetes bounds its quota evaluation.
	evaluationTimeout = 10 * time.Second
	// maxRetries is how many times a conflicting status update is retried
	// with fresh quotas (Kubernetes: 3).
	maxRetries = 5
	// refreshAttempts and refreshBackoff bound the wait for the Reader to
	// show a quota newer than the one that conflicted.
	refreshAttempts = 5
	refreshBackoff  = 5 * time.Millisecond
	// maxRemembered bounds the look-aside cache of quotas this plugin wrote.
	maxRemembered = 1024
)

// Plugin is the ResourceQuota plugin. It is safe for concurrent use:
// requests in one namespace are evaluated one at a time, requests in
// different namespaces in parallel.
type Plugin struct {
	pluginutil.Ops
	reader admission.Reader
	writer admission.Writer
	now    func() time.Time

	locks keyedLocks

	mu sync.Mutex
	// written holds the quotas this plugin last wrote, by namespace/name,
	// until the Reader shows them (or newer), so that back-to-back
	// requests do not evaluate against a cache that lags its own writes.
	written map[string]*corev1.ResourceQuota
}

// Compile-time guards.
var (
	_ admission.Validator = (*Plugin)(nil)
	_ admission.Handler   = (*Plugin)(nil)
)

// New builds the plugin. It takes no configuration and needs host.Reader
// and host.Writer.
func New(host admission.Host, config []byte) (admission.Plugin, error) {
	if err := pluginutil.NoConfig(Name, config); err != nil {
		return nil, err
	}
	if host.Reader == nil || host.Writer == nil {
		return nil, errors.New(Name + ": host needs a Reader and a Writer")
	}
	return &Plugin{
		Ops:     pluginutil.Ops{admission.Create, admission.Update},
		reader:  host.Reader,
		writer:  host.Writer,
		now:     time.Now,
		written: map[string]*corev1.ResourceQuota{},
	}, nil
}

// Name returns "ResourceQuota".
func (p *Plugin) Name() string { return Name }

// Validate checks the request against every quota of its namespace that
// tracks the object and, unless the request is a dry run, charges the
// object's usage to those quotas' status.used.
func (p *Plugin) Validate(ctx context.Context, a *admission.Attributes) error {
	if a.Namespace == "" || a.Object == nil {
		return nil
	}
	gr := groupResource{Group: a.Resource.Group, Resource: a.Resource.Resource}
	if ignored[gr] {
		return nil
	}
	ev := evaluatorFor(gr)
	if !ev.handles(string(a.Operation), a.Subresource, a.Object, a.OldObject) {
		return nil
	}
	unlock, err := p.locks.lock(ctx, a.Namespace, evaluationTimeout)
	if err != nil {
		return apierrors.NewInternal(errors.New("resource quota evaluation timed out"))
	}
	defer unlock()
	quotas, err := p.quotas(ctx, a.Namespace)
	if err != nil {
		return apierrors.NewInternal(fmt.Errorf("error resolving quota: %v", err))
	}
	if len(quotas) == 0 {
		return nil
	}
	return p.admit(ctx, a, ev, quotas)
}

// admit is Kubernetes' checkQuotas for one request: check, write the
// quotas that changed, and on failure re-check the quotas that could not
// be written against their fresh versions.
func (p *Plugin) admit(ctx context.Context, a *admission.Attributes, ev evaluator, quotas []corev1.ResourceQuota) error {
	for attempt := 0; ; attempt++ {
		updated, err := checkRequest(quotas, a, ev, p.now())
		if err != nil {
			return err
		}
		if a.DryRun {
			return nil
		}
		var (
			failed  []corev1.ResourceQuota
			lastErr error
		)
		for i := range updated {
			if equals(quotas[i].Status.Used, updated[i].Status.Used) {
				continue
			}
			out, err := p.writer.UpdateStatus(ctx, resourceQuotasGVR, &updated[i])
			if err != nil {
				failed = append(failed, quotas[i])
				lastErr = err
				continue
			}
			if q, ok := out.(*corev1.ResourceQuota); ok {
				p.remember(q)
			}
		}
		if len(failed) == 0 {
			return nil
		}
		if attempt >= maxRetries || ctx.Err() != nil {
			return lastErr
		}
		quotas, err = p.refresh(ctx, a.Namespace, failed)
		if err != nil {
			return lastErr
		}
	}
}

// refresh returns the current versions of the quotas that failed to be
// written (those that still exist), waiting a little for the Reader to show
// a version newer than the one that failed.
func (p *Plugin) refresh(ctx context.Context, ns string, failed []corev1.ResourceQuota) ([]corev1.ResourceQuota, error) {
	tried := map[string]string{}
	p.mu.Lock()
	for _, q := range failed {
		tried[q.Name] = q.ResourceVersion
		delete(p.written, ns+"/"+q.Name)
	}
	p.mu.Unlock()
	backoff := refreshBackoff
	for i := 0; ; i++ {
		all, err := p.quotas(ctx, ns)
		if err != nil {
			return nil, err
		}
		var out []corev1.ResourceQuota
		stale := false
		for _, q := range all {
			rv, ok := tried[q.Name]
			if !ok {
				continue
			}
			if newer, known := compareRV(q.ResourceVersion, rv); known && newer <= 0 {
				stale = true
			}
			out = append(out, q)
		}
		if !stale || i+1 >= refreshAttempts {
			return out, nil
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(backoff):
		}
		backoff *= 2
	}
}

// quotas returns copies of the namespace's quotas, each the newer of the
// Reader's and the one this plugin last wrote.
func (p *Plugin) quotas(ctx context.Context, ns string) ([]corev1.ResourceQuota, error) {
	objs, err := p.reader.List(ctx, resourceQuotasGVR, ns, nil)
	if err != nil {
		return nil, err
	}
	out := make([]corev1.ResourceQuota, 0, len(objs))
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, o := range objs {
		q, ok := o.(*corev1.ResourceQuota)
		if !ok {
			continue
		}
		key := q.Namespace + "/" + q.Name
		if w, ok := p.written[key]; ok {
			if c, known := compareRV(q.ResourceVersion, w.ResourceVersion); known && c < 0 {
				q = w
			} else {
				delete(p.written, key)
			}
		}
		out = append(out, *q.DeepCopy())
	}
	return out, nil
}

// remember records a quota this plugin wrote.
func (p *Plugin) remember(q *corev1.ResourceQuota) {
	p.mu.Lock()
	defer p.mu.Unlock()
	key := q.Namespace + "/" + q.Name
	if _, ok := p.written[key]; !ok && len(p.written) >= maxRemembered {
		for k := range p.written {
			delete(p.written, k)
			break
		}
	}
	p.written[key] = q.DeepCopy()
}

// compareRV compares two resourceVersions as the store revisions they are;
// known is false when either is not a number.
func compareRV(a, b string) (cmp int, known bool) {
	x, err1 := strconv.ParseUint(a, 10, 64)
	y, err2 := strconv.ParseUint(b, 10, 64)
	if err1 != nil || err2 != nil {
		return 0, false
	}
	switch {
	case x < y:
		return -1, true
	case x > y:
		return 1, true
	}
	return 0, true
}

// hard returns the limits a quota enforces: status.hard once a status
// controller has set it, else spec.hard.
func hard(q *corev1.ResourceQuota) corev1.ResourceList {
	if len(q.Status.Hard) > 0 {
		return q.Status.Hard
	}
	return q.Spec.Hard
}

// hasUsageStats reports whether q's status.used has a value for each of
// resources that q limits.
func hasUsageStats(q *corev1.ResourceQuota, resources []corev1.ResourceName) bool {
	limited := hard(q)
	for _, r := range resources {
		if _, ok := limited[r]; !ok {
			continue
		}
		if _, ok := q.Status.Used[r]; !ok {
			return false
		}
	}
	return true
}

// checkRequest is Kubernetes' CheckRequest: it returns copies of quotas
// with the request's usage added to status.used of each quota that tracks
// the object, or the error that refuses the request.
func checkRequest(quotas []corev1.ResourceQuota, a *admission.Attributes, ev evaluator, now time.Time) ([]corev1.ResourceQuota, error) {
	obj := a.Object
	var interesting []int
	for i := range quotas {
		q := &quotas[i]
		hardNames := names(hard(q))
		match, err := ev.matches(q, hardNames, obj)
		if err != nil {
			return nil, apierrors.NewInternal(fmt.Errorf("error matching quota %s: %v", q.Name, err))
		}
		if !match {
			continue
		}
		restricted := ev.matchingResources(hardNames)
		if err := ev.constraints(restricted, obj); err != nil {
			return nil, pluginutil.Forbidden(a, fmt.Errorf("failed quota: %s: %v", q.Name, err))
		}
		if !hasUsageStats(q, restricted) {
			return nil, pluginutil.Forbidden(a, fmt.Errorf("status unknown for quota: %s, resources: %s", q.Name, prettyPrintNames(restricted)))
		}
		interesting = append(interesting, i)
	}
	if len(interesting) == 0 {
		return quotas, nil
	}
	input, err := ev.usage(obj, now)
	if err != nil {
		return nil, apierrors.NewInternal(err)
	}
	if neg := negative(input); len(neg) > 0 {
		return nil, pluginutil.Forbidden(a, fmt.Errorf("quota usage is negative for resource(s): %s", prettyPrintNames(neg)))
	}
	deltas := make(map[int]corev1.ResourceList, len(interesting))
	for _, i := range interesting {
		deltas[i] = input
	}
	if a.Operation == admission.Update {
		old := a.OldObject
		if old == nil {
			return nil, pluginutil.Forbidden(a, errors.New("unable to get previous usage since prior version of object was not found"))
		}
		// Charge only the difference, to the quotas that tracked the old
		// object too; a "create on update" (no resourceVersion) pays in full.
		if old.GetObjectMeta().ResourceVersion != "" {
			prev, err := ev.usage(old, now)
			if err != nil {
				return nil, apierrors.NewInternal(err)
			}
			delta := subtractNonNegative(input, prev)
			for _, i := range interesting {
				m, err := ev.matches(&quotas[i], names(hard(&quotas[i])), old)
				if err != nil {
					return nil, apierrors.NewInternal(fmt.Errorf("error matching quota %s: %v", quotas[i].Name, err))
				}
				if m {
					deltas[i] = delta
				}
			}
		}
	}
	for i, d := range deltas {
		if d = removeZeros(d); len(d) == 0 {
			delete(deltas, i)
		} else {
			deltas[i] = d
		}
	}
	if len(deltas) == 0 {
		return quotas, nil
	}
	out := make([]corev1.ResourceQuota, len(quotas))
	for i := range quotas {
		out[i] = *quotas[i].DeepCopy()
	}
	for _, i := range interesting {
		delta, ok := deltas[i]
		if !ok {
			continue
		}
		q := &out[i]
		limits := hard(q)
		hardNames := names(limits)
		requested := mask(delta, hardNames)
		newUsage := add(q.Status.Used, requested)
		if ok, exceeded := lessThanOrEqual(mask(newUsage, names(requested)), limits); !ok {
			return nil, pluginutil.Forbidden(a, fmt.Errorf("exceeded quota: %s, requested: %s, used: %s, limited: %s",
				q.Name, prettyPrint(mask(requested, exceeded)), prettyPrint(mask(q.Status.Used, exceeded)), prettyPrint(mask(limits, exceeded))))
		}
		q.Status.Used = newUsage
	}
	return out, nil
}

// keyedLocks serializes work per key (namespace). Unused keys cost nothing.
type keyedLocks struct {
	mu    sync.Mutex
	locks map[string]*keyedLock
}

type keyedLock struct {
	ch    chan struct{}
	users int
}

// lock takes the lock of key, waiting at most timeout (and no longer than
// ctx allows); it returns the function that releases it.
func (k *keyedLocks) lock(ctx context.Context, key string, timeout time.Duration) (func(), error) {
	k.mu.Lock()
	if k.locks == nil {
		k.locks = map[string]*keyedLock{}
	}
	l := k.locks[key]
	if l == nil {
		l = &keyedLock{ch: make(chan struct{}, 1)}
		k.locks[key] = l
	}
	l.users++
	k.mu.Unlock()
	release := func() {
		k.mu.Lock()
		l.users--
		if l.users == 0 {
			delete(k.locks, key)
		}
		k.mu.Unlock()
	}
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	select {
	case l.ch <- struct{}{}:
		return func() { <-l.ch; release() }, nil
	case <-ctx.Done():
		release()
		return nil, ctx.Err()
	case <-timer.C:
		release()
		return nil, errors.New("timed out")
	}
}
