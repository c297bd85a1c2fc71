package plugins_test

import (
	"context"
	"fmt"

	"github.com/gantryhq/gantry/sdk/admission"
	"github.com/gantryhq/gantry/sdk/admission/plugins"
	"github.com/gantryhq/gantry/sdk/admission/plugins/admissiontest"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	"github.com/gantryhq/gantry/sdk/api/meta"
)

// Example builds the default admission chain, as the API server does, over
// a fake host holding one namespace, and admits a pod into it.
func Example() {
	host := admissiontest.NewFakeHost()
	host.Add(admissiontest.Namespaces, &corev1.Namespace{ObjectMeta: meta.ObjectMeta{Name: "team-a"}})

	chain, err := plugins.NewRegistry().NewChain(host.Host(), plugins.Default())
	if err != nil {
		panic(err)
	}
	admit := func(pod *corev1.Pod) error {
		a := &admission.Attributes{
			Operation: admission.Create,
			Kind:      meta.GroupVersionKind{Version: "v1", Kind: "Pod"},
			Resource:  meta.GroupVersionResource{Version: "v1", Resource: "pods"},
			Namespace: pod.Namespace,
			Name:      pod.Name,
			Object:    pod,
		}
		if err := chain.Admit(context.Background(), a); err != nil {
			return err
		}
		return chain.Validate(context.Background(), a)
	}

	pod := &corev1.Pod{
		ObjectMeta: meta.ObjectMeta{Namespace: "team-a", Name: "web"},
		Spec:       corev1.PodSpec{Containers: []corev1.Container{{Name: "web", Image: "nginx"}}},
	}
	fmt.Println("admitted:", admit(pod) == nil)
	fmt.Println("service account:", pod.Spec.ServiceAccountName)
	fmt.Println("priority:", *pod.Spec.Priority)
	for _, t := range pod.Spec.Tolerations {
		fmt.Printf("toleration: %s:%s for %ds\n", t.Key, t.Effect, *t.TolerationSeconds)
	}

	pod.Namespace = "nowhere"
	fmt.Println(admit(pod))
	// Output:
	// admitted: true
	// service account: default
	// priority: 0
	// toleration: node.kubernetes.io/not-ready:NoExecute for 300s
	// toleration: node.kubernetes.io/unreachable:NoExecute for 300s
	// namespaces "nowhere" not found
}
