package protobuf_test

import (
	"fmt"

	"github.com/gantryhq/gantry/sdk/api/codec/protobuf"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	"github.com/gantryhq/gantry/sdk/api/meta"
)

func Example() {
	// Encode a ConfigMap as kubectl's typed client would send it.
	cm := &corev1.ConfigMap{
		ObjectMeta: meta.ObjectMeta{Name: "settings", Namespace: "shop"},
		Data:       map[string]string{"color": "blue"},
	}
	raw, err := protobuf.Marshal(cm)
	if err != nil {
		panic(err)
	}
	body := protobuf.EncodeEnvelope("v1", "ConfigMap", raw)

	// Decode it on the server side.
	apiVersion, kind, raw, err := protobuf.DecodeEnvelope(body)
	if err != nil {
		panic(err)
	}
	var got corev1.ConfigMap
	if err := protobuf.Unmarshal(raw, &got); err != nil {
		panic(err)
	}
	fmt.Println(apiVersion, kind, got.Namespace, got.Name, got.Data["color"])
	// Output: v1 ConfigMap shop settings blue
}
