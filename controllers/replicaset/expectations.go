package replicaset

import (
	"sync"
	"time"
)

// ExpectationsTimeout is how long unobserved expectations hold a
// controller back before it acts on the cache as it is (Kubernetes' value).
const ExpectationsTimeout = 5 * time.Minute

// expectations counts, per controller key, the pod creations still to be
// seen in the cache and the pod keys whose deletion is still to be seen.
// It is safe for concurrent use.
type expectations struct {
	mu  sync.Mutex
	m   map[string]*expectation
	now func() time.Time
}

type expectation struct {
	adds    int
	deletes map[string]bool
	at      time.Time
}

func newExpectations(now func() time.Time) *expectations {
	return &expectations{m: map[string]*expectation{}, now: now}
}

// satisfied reports whether the controller may act: nothing pending, or
// the pending expectations are older than ExpectationsTimeout.
func (e *expectations) satisfied(key string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	x, ok := e.m[key]
	if !ok {
		return true
	}
	if x.adds <= 0 && len(x.deletes) == 0 {
		return true
	}
	return e.now().Sub(x.at) > ExpectationsTimeout
}

// expectCreations replaces key's expectations with n creations.
func (e *expectations) expectCreations(key string, n int) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.m[key] = &expectation{adds: n, at: e.now()}
}

// expectDeletions replaces key's expectations with the deletion of pods.
func (e *expectations) expectDeletions(key string, pods []string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	d := make(map[string]bool, len(pods))
	for _, p := range pods {
		d[p] = true
	}
	e.m[key] = &expectation{deletes: d, at: e.now()}
}

// creationObserved lowers key's pending creations by one (also used when
// a create was skipped or failed).
func (e *expectations) creationObserved(key string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if x, ok := e.m[key]; ok && x.adds > 0 {
		x.adds--
	}
}

// deletionObserved marks the deletion of pod (namespace/name) as seen;
// it is idempotent, so a pod seen terminating and then gone counts once.
func (e *expectations) deletionObserved(key, pod string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if x, ok := e.m[key]; ok {
		delete(x.deletes, pod)
	}
}

// forget drops key's expectations (the controller was deleted).
func (e *expectations) forget(key string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	delete(e.m, key)
}
