package fields_test

import (
	"fmt"

	"github.com/gantryhq/gantry/sdk/api/fields"
)

func ExampleParse() {
	sel, err := fields.Parse("status.phase!=Failed,spec.nodeName=node-1")
	if err != nil {
		panic(err)
	}
	fmt.Println(sel)
	fmt.Println(sel.Matches(fields.Set{"spec.nodeName": "node-1", "status.phase": "Running"}))
	node, ok := sel.RequiresExactMatch("spec.nodeName")
	fmt.Println(node, ok)
	// Output:
	// spec.nodeName=node-1,status.phase!=Failed
	// true
	// node-1 true
}

func ExampleValidateFields() {
	podFields := map[string]bool{"metadata.name": true, "metadata.namespace": true, "spec.nodeName": true}
	sel := fields.MustParse("spec.foo=bar")
	err := fields.ValidateFields(sel, func(f string) bool { return podFields[f] })
	fmt.Println(err)
	// Output: field label not supported: spec.foo
}

func ExampleEscapeValue() {
	sel := fields.OneTermEqualSelector("metadata.annotations", "a=b,c")
	fmt.Println(sel)
	// Output: metadata.annotations=a\=b\,c
}
