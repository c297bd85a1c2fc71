package runtime

import (
	"fmt"
	"sync"
	"time"

	"github.com/gantryhq/gantry/scheduler/framework"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
)

// MaxPermitTimeout caps the wait a Permit plugin may ask for.
const MaxPermitTimeout = 15 * time.Minute

type waitingPods struct {
	mu   sync.RWMutex
	pods map[string]*waitingPod
}

func (w *waitingPods) add(wp *waitingPod) {
	w.mu.Lock()
	w.pods[string(wp.pod.UID)] = wp
	w.mu.Unlock()
}

func (w *waitingPods) remove(uid string) {
	w.mu.Lock()
	delete(w.pods, uid)
	w.mu.Unlock()
}

func (w *waitingPods) get(uid string) *waitingPod {
	w.mu.RLock()
	defer w.mu.RUnlock()
	return w.pods[uid]
}

func (w *waitingPods) each(fn func(framework.WaitingPod)) {
	w.mu.RLock()
	list := make([]*waitingPod, 0, len(w.pods))
	for _, p := range w.pods {
		list = append(list, p)
	}
	w.mu.RUnlock()
	for _, p := range list {
		fn(p)
	}
}

// waitingPod is a pod held by Permit plugins until every one of them
// allows it, one rejects it, or a plugin's timeout fires.
type waitingPod struct {
	pod *corev1.Pod
	mu  sync.Mutex
	// pending maps each plugin that asked to wait to its timeout timer.
	pending map[string]*time.Timer
	result  chan *framework.Status
	done    bool
}

var _ framework.WaitingPod = (*waitingPod)(nil)

func newWaitingPod(pod *corev1.Pod, waits map[string]time.Duration) *waitingPod {
	wp := &waitingPod{pod: pod, pending: make(map[string]*time.Timer, len(waits)), result: make(chan *framework.Status, 1)}
	wp.mu.Lock()
	defer wp.mu.Unlock()
	for name, d := range waits {
		wp.pending[name] = time.AfterFunc(d, func() {
			wp.Reject(name, fmt.Sprintf("rejected due to timeout after waiting %v at plugin %v", d, name))
		})
	}
	return wp
}

// Pod returns the waiting pod.
func (w *waitingPod) Pod() *corev1.Pod { return w.pod }

// Allow approves the pod for plugin; once every waiting plugin allowed it,
// binding proceeds.
func (w *waitingPod) Allow(plugin string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.done {
		return
	}
	if t, ok := w.pending[plugin]; ok {
		t.Stop()
		delete(w.pending, plugin)
	}
	if len(w.pending) == 0 {
		w.done = true
		w.result <- nil
	}
}

// Reject rejects the pod: binding fails with Unschedulable and msg.
func (w *waitingPod) Reject(plugin, msg string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.done {
		return
	}
	for _, t := range w.pending {
		t.Stop()
	}
	w.done = true
	w.result <- framework.NewStatus(framework.Unschedulable, msg).WithPlugin(plugin)
}
