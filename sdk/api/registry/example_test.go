package registry_test

import (
	"fmt"

	"github.com/gantryhq/gantry/sdk/api/builtin"
	"github.com/gantryhq/gantry/sdk/api/registry"
)

// A product registers its own kind next to the built-in ones.
func ExampleAdd() {
	r, err := builtin.NewRegistry()
	if err != nil {
		panic(err)
	}
	if err := registry.Add(r, gameServerType()); err != nil {
		panic(err)
	}
	k, _ := r.Lookup("gs")
	fmt.Println(k.GVR(), k.Namespaced(), k.HasStatus())
	// Output: {games.example.com v1 gameservers} true true
}
