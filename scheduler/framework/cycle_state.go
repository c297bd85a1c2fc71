package framework

import "sync"

// StateKey names one plugin's data in a CycleState.
type StateKey string

// StateData is data a plugin keeps for one scheduling cycle. Clone must
// return a copy that can be changed without changing the original (the
// preemption plugin clones the state to simulate removing pods).
type StateData interface {
	Clone() StateData
}

// CycleState holds plugin data for one pod's scheduling cycle. It is safe
// for concurrent use; plugins usually Write in PreFilter/PreScore and Read
// in Filter/Score.
type CycleState struct {
	mu      sync.RWMutex
	storage map[StateKey]StateData
	// SkipFilterPlugins names Filter plugins whose PreFilter returned Skip.
	SkipFilterPlugins map[string]struct{}
	// SkipScorePlugins names Score plugins whose PreScore returned Skip.
	SkipScorePlugins map[string]struct{}
}

// NewCycleState returns an empty state.
func NewCycleState() *CycleState {
	return &CycleState{storage: make(map[StateKey]StateData, 8)}
}

// Read returns the data stored under key, or ErrNotFound.
func (c *CycleState) Read(key StateKey) (StateData, error) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if v, ok := c.storage[key]; ok {
		return v, nil
	}
	return nil, ErrStateNotFound
}

// Write stores data under key.
func (c *CycleState) Write(key StateKey, data StateData) {
	c.mu.Lock()
	c.storage[key] = data
	c.mu.Unlock()
}

// Delete removes key.
func (c *CycleState) Delete(key StateKey) {
	c.mu.Lock()
	delete(c.storage, key)
	c.mu.Unlock()
}

// Clone returns a deep copy (each StateData cloned).
func (c *CycleState) Clone() *CycleState {
	if c == nil {
		return nil
	}
	out := NewCycleState()
	c.mu.RLock()
	defer c.mu.RUnlock()
	for k, v := range c.storage {
		out.storage[k] = v.Clone()
	}
	out.SkipFilterPlugins = cloneSet(c.SkipFilterPlugins)
	out.SkipScorePlugins = cloneSet(c.SkipScorePlugins)
	return out
}

func cloneSet(s map[string]struct{}) map[string]struct{} {
	if s == nil {
		return nil
	}
	out := make(map[string]struct{}, len(s))
	for k := range s {
		out[k] = struct{}{}
	}
	return out
}

// ReadState reads key and asserts its type.
func ReadState[T StateData](c *CycleState, key StateKey) (T, error) {
	var zero T
	v, err := c.Read(key)
	if err != nil {
		return zero, err
	}
	t, ok := v.(T)
	if !ok {
		return zero, ErrStateType
	}
	return t, nil
}
