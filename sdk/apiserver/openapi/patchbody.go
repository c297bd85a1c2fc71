package openapi

import "reflect"

// patchBody stands for the body of a PATCH request (meta/v1 Patch), which
// has no Go type: its form depends on the patch type. It exists only to be
// described.
type patchBody struct{}

// namePatch is the schema name of patchBody.
const namePatch = "io.k8s.apimachinery.pkg.apis.meta.v1.Patch"

// knownNames names the types whose schema name their package does not give.
var knownNames = map[reflect.Type]string{
	reflect.TypeFor[patchBody](): namePatch,
}
