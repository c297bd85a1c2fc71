package v2_test

import (
	"fmt"

	autoscalingv2 "github.com/gantryhq/gantry/sdk/api/autoscaling/v2"
	"github.com/gantryhq/gantry/sdk/api/codec"
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/registry"
)

// A product registers autoscaling/v2, then decodes and defaults an
// autoscaler through the registry: without metrics it targets 80% CPU.
func ExampleRegister() {
	r := registry.New()
	if err := autoscalingv2.Register(r); err != nil {
		fmt.Println(err)
		return
	}
	obj, err := codec.Decode(r, []byte(`
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
  namespace: default
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  maxReplicas: 10
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	k, _ := r.KindFor(meta.GroupVersionKind{Group: "autoscaling", Version: "v2", Kind: "HorizontalPodAutoscaler"})
	k.Default(obj)
	hpa := obj.(*autoscalingv2.HorizontalPodAutoscaler)
	fmt.Println(*hpa.Spec.MinReplicas, autoscalingv2.FormatMetrics(hpa.Spec.Metrics, nil))
	fmt.Println(len(k.Validate(obj)))
	// Output:
	// 1 cpu: <unknown>/80%
	// 0
}
