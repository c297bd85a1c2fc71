package patch

import (
	"encoding/json"
	"fmt"
	"testing"
)

// bigPod returns a Pod with n containers, each with 10 env vars, 2 ports
// and 3 volume mounts.
func bigPod(n int) []byte {
	pod := Pod{TypeMeta: TypeMeta{Kind: "Pod", APIVersion: "v1"}}
	pod.Name, pod.Namespace = "big", "default"
	pod.Labels = map[string]string{"app": "big"}
	pod.Finalizers = []string{"a", "b"}
	for i := range n {
		c := Container{Name: fmt.Sprintf("c%d", i), Image: "registry.example.com/app:1.0"}
		for j := range 10 {
			c.Env = append(c.Env, EnvVar{Name: fmt.Sprintf("VAR_%d", j), Value: fmt.Sprintf("value-%d-%d", i, j)})
		}
		c.Ports = []ContainerPort{{ContainerPort: int32(8000 + i), Protocol: "TCP"}, {ContainerPort: int32(9000 + i), Protocol: "TCP"}}
		for j := range 3 {
			c.VolumeMounts = append(c.VolumeMounts, VolumeMount{Name: fmt.Sprintf("v%d", j), MountPath: fmt.Sprintf("/mnt/v%d", j)})
		}
		c.Resources.Limits = map[string]Quantity{"cpu": {"100m"}, "memory": {"64Mi"}}
		pod.Spec.Containers = append(pod.Spec.Containers, c)
	}
	b, err := json.Marshal(pod)
	if err != nil {
		panic(err)
	}
	return b
}

// applyPatchFor is what `kubectl apply` sends to change the image of the
// middle container and drop one of its env vars, in a pod of n containers.
func applyPatchFor(n int) []byte {
	order := make([]map[string]string, n)
	for i := range order {
		order[i] = map[string]string{"name": fmt.Sprintf("c%d", i)}
	}
	envOrder := make([]map[string]string, 0, 9)
	for j := range 10 {
		if j != 3 {
			envOrder = append(envOrder, map[string]string{"name": fmt.Sprintf("VAR_%d", j)})
		}
	}
	p := map[string]any{"spec": map[string]any{
		"$setElementOrder/containers": order,
		"containers": []any{map[string]any{
			"name":                 fmt.Sprintf("c%d", n/2),
			"image":                "registry.example.com/app:2.0",
			"$setElementOrder/env": envOrder,
			"env":                  []any{map[string]any{"name": "VAR_3", "$patch": "delete"}},
		}},
	}}
	b, err := json.Marshal(p)
	if err != nil {
		panic(err)
	}
	return b
}

func BenchmarkStrategicMergePatch30Containers(b *testing.B) {
	doc, p := bigPod(30), applyPatchFor(30)
	if _, err := StrategicMergePatch(doc, p, podSchema); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := StrategicMergePatch(doc, p, podSchema); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMergePatch30Containers(b *testing.B) {
	doc, p := bigPod(30), []byte(`{"metadata":{"labels":{"tier":"fe","app":null}}}`)
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := MergePatch(doc, p); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkJSONPatch30Containers(b *testing.B) {
	doc := bigPod(30)
	p := []byte(`[{"op":"test","path":"/metadata/name","value":"big"},{"op":"replace","path":"/spec/containers/15/image","value":"x:2"}]`)
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := JSONPatch(doc, p); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkStrategicMergePatchLongList checks that merging lists stays
// linear-ish: 5,000 env vars, every one patched.
func BenchmarkStrategicMergePatchLongList(b *testing.B) {
	const n = 5000
	env := make([]EnvVar, n)
	penv := make([]any, n)
	for i := range env {
		env[i] = EnvVar{Name: fmt.Sprintf("V%d", i), Value: "a"}
		penv[i] = map[string]any{"name": fmt.Sprintf("V%d", n-1-i), "value": "b"}
	}
	doc, _ := json.Marshal(Pod{Spec: PodSpec{Containers: []Container{{Name: "c", Env: env}}}})
	p, _ := json.Marshal(map[string]any{"spec": map[string]any{"containers": []any{map[string]any{"name": "c", "env": penv}}}})
	b.ReportAllocs()
	for b.Loop() {
		if _, err := StrategicMergePatch(doc, p, podSchema); err != nil {
			b.Fatal(err)
		}
	}
}
