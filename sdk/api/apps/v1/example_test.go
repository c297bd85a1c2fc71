package v1_test

import (
	"fmt"

	appsv1 "github.com/gantryhq/gantry/sdk/api/apps/v1"
	"github.com/gantryhq/gantry/sdk/api/codec"
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/registry"
)

// A product registers the apps/v1 kinds in its registry, then decodes,
// defaults and validates manifests through it, as the API server does.
func ExampleRegister() {
	r := registry.New()
	if err := appsv1.Register(r); err != nil {
		fmt.Println(err)
		return
	}
	obj, err := codec.Decode(r, []byte(`
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: default
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      restartPolicy: OnFailure
      containers:
      - name: web
        image: nginx:1.27
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	k, _ := r.KindFor(meta.GroupVersionKind{Group: "apps", Version: "v1", Kind: "Deployment"})
	k.Default(obj)
	d := obj.(*appsv1.Deployment)
	fmt.Println(*d.Spec.Replicas, d.Spec.Strategy.Type, d.Spec.Strategy.RollingUpdate.MaxSurge.String())
	for _, e := range k.Validate(obj) {
		fmt.Println(e)
	}
	// Output:
	// 1 RollingUpdate 25%
	// spec.template.spec.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"
}
