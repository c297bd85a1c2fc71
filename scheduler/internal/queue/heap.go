package queue

import "github.com/gantryhq/gantry/scheduler/framework"

// podHeap is a binary heap of queued pods with an index by key.
type podHeap struct {
	items []*framework.QueuedPodInfo
	index map[string]int
	less  func(a, b *framework.QueuedPodInfo) bool
}

func newPodHeap(less func(a, b *framework.QueuedPodInfo) bool) *podHeap {
	return &podHeap{index: map[string]int{}, less: less}
}

func (h *podHeap) Len() int { return len(h.items) }

func (h *podHeap) get(key string) (*framework.QueuedPodInfo, bool) {
	i, ok := h.index[key]
	if !ok {
		return nil, false
	}
	return h.items[i], true
}

func (h *podHeap) peek() *framework.QueuedPodInfo {
	if len(h.items) == 0 {
		return nil
	}
	return h.items[0]
}

// push adds or replaces the pod with key.
func (h *podHeap) push(key string, p *framework.QueuedPodInfo) {
	if i, ok := h.index[key]; ok {
		h.items[i] = p
		h.fix(i)
		return
	}
	h.items = append(h.items, p)
	h.index[key] = len(h.items) - 1
	h.up(len(h.items) - 1)
}

func (h *podHeap) pop() *framework.QueuedPodInfo {
	if len(h.items) == 0 {
		return nil
	}
	top := h.items[0]
	h.removeAt(0)
	return top
}

func (h *podHeap) remove(key string) (*framework.QueuedPodInfo, bool) {
	i, ok := h.index[key]
	if !ok {
		return nil, false
	}
	p := h.items[i]
	h.removeAt(i)
	return p, true
}

func (h *podHeap) removeAt(i int) {
	last := len(h.items) - 1
	delete(h.index, podKey(h.items[i].Pod))
	if i != last {
		h.items[i] = h.items[last]
		h.index[podKey(h.items[i].Pod)] = i
	}
	h.items[last] = nil
	h.items = h.items[:last]
	if i < len(h.items) {
		h.fix(i)
	}
}

func (h *podHeap) fix(i int) {
	if !h.down(i) {
		h.up(i)
	}
}

func (h *podHeap) swap(i, j int) {
	h.items[i], h.items[j] = h.items[j], h.items[i]
	h.index[podKey(h.items[i].Pod)] = i
	h.index[podKey(h.items[j].Pod)] = j
}

func (h *podHeap) up(j int) {
	for j > 0 {
		i := (j - 1) / 2
		if !h.less(h.items[j], h.items[i]) {
			break
		}
		h.swap(i, j)
		j = i
	}
}

func (h *podHeap) down(i0 int) bool {
	i, n := i0, len(h.items)
	for {
		j := 2*i + 1
		if j >= n {
			break
		}
		if r := j + 1; r < n && h.less(h.items[r], h.items[j]) {
			j = r
		}
		if !h.less(h.items[j], h.items[i]) {
			break
		}
		h.swap(i, j)
		i = j
	}
	return i > i0
}
