package store_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/gantryhq/gantry/store"
	"github.com/gantryhq/gantry/store/memory"
)

// Open a memory store, watch a prefix, and write through compare-and-swap.
func Example() {
	ctx := context.Background()
	s := memory.New(memory.Options{})
	defer s.Close()

	w, err := s.Watch(ctx, "/registry/pods/", 0)
	if err != nil {
		panic(err)
	}
	defer w.Stop()

	rev, _ := s.Create(ctx, "/registry/pods/default/nginx", []byte(`{"kind":"Pod"}`))
	_, err = s.Create(ctx, "/registry/pods/default/nginx", []byte(`{}`))
	fmt.Println("second create:", errors.Is(err, store.ErrAlreadyExists))

	// Update only if nobody changed the object since we read it.
	rev, _ = s.Update(ctx, "/registry/pods/default/nginx", []byte(`{"kind":"Pod","spec":{}}`), rev)
	_, err = s.Update(ctx, "/registry/pods/default/nginx", []byte(`{}`), rev-1)
	fmt.Println("stale update:", errors.Is(err, store.ErrConflict))

	for range 2 {
		ev := <-w.Events()
		fmt.Println(ev.Type, ev.KV.Key, ev.KV.ModRevision)
	}

	res, _ := s.List(ctx, "/registry/pods/", store.ListOptions{Limit: 10})
	fmt.Println(len(res.KVs), "pod(s) at revision", res.Revision)
	// Output:
	// second create: true
	// stale update: true
	// ADDED /registry/pods/default/nginx 1
	// MODIFIED /registry/pods/default/nginx 2
	// 1 pod(s) at revision 2
}
