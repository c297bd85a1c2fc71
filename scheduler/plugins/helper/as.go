package helper

import "fmt"

// As converts the objects a QueueingHintFn receives (nil for a missing
// side of an add or delete) to T, as Kubernetes' util.As does; a non-nil
// object of another type is an error.
func As[T any](oldObj, newObj any) (T, T, error) {
	var o, n T
	if oldObj != nil {
		v, ok := oldObj.(T)
		if !ok {
			return o, n, fmt.Errorf("unexpected object type %T, want %T", oldObj, o)
		}
		o = v
	}
	if newObj != nil {
		v, ok := newObj.(T)
		if !ok {
			return o, n, fmt.Errorf("unexpected object type %T, want %T", newObj, n)
		}
		n = v
	}
	return o, n, nil
}
