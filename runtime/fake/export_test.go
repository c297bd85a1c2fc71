package fake

// PendingEvents returns the number of events in r's heap, for tests.
func PendingEvents(r *Runtime) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.events)
}
