package protobuf_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/gantryhq/gantry/sdk/api/codec/protobuf"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
	apierrors "github.com/gantryhq/gantry/sdk/api/errors"
	"github.com/gantryhq/gantry/sdk/api/intstr"
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/resource"
)

// snorlax is the body client-go 1.32 sends for
// &v1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "snorlax"}} (from the test of
// Kubernetes PR #125314). Every non-pointer string and number is written
// even though it is empty or zero.
const snorlax = "k8s\x00\n\t\n\x02v1\x12\x03Pod\x12I\n\x17\n\asnorlax\x12\x00\x1a\x00\"\x00*\x002\x008\x00B\x00" +
	"\x12\x1c\x1a\x002\x00B\x00J\x00R\x00X\x00`\x00h\x00\x82\x01\x00\x8a\x01\x00\x9a\x01\x00\xc2\x01\x00" +
	"\x1a\x10\n\x00\x1a\x00\"\x00*\x002\x00J\x00Z\x00r\x00\x1a\x00\"\x00"

func TestGoldenPod(t *testing.T) {
	raw, err := protobuf.Marshal(&corev1.Pod{ObjectMeta: meta.ObjectMeta{Name: "snorlax"}})
	if err != nil {
		t.Fatal(err)
	}
	if got := string(protobuf.EncodeEnvelope("v1", "Pod", raw)); got != snorlax {
		t.Errorf("encoded\n%q\nwant\n%q", got, snorlax)
	}

	apiVersion, kind, raw, err := protobuf.DecodeEnvelope([]byte(snorlax))
	if err != nil {
		t.Fatal(err)
	}
	if apiVersion != "v1" || kind != "Pod" {
		t.Errorf("envelope names %s %s; want v1 Pod", apiVersion, kind)
	}
	var pod corev1.Pod
	if err := protobuf.Unmarshal(raw, &pod); err != nil {
		t.Fatal(err)
	}
	want := corev1.Pod{ObjectMeta: meta.ObjectMeta{Name: "snorlax"}}
	if diff := cmp.Diff(want, pod, cmpOpts...); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// msg builds a length-delimited field: tag byte, length, body.
func msg(tag byte, body string) string {
	if len(body) > 127 {
		panic("msg: body too long for a one-byte length")
	}
	return string([]byte{tag, byte(len(body))}) + body
}

func TestDecodeUpstreamShapes(t *testing.T) {
	start := time.Unix(1_700_000_000, 5).Local() // 1700000000 = 0x6553F100
	tests := []struct {
		name string
		data string
		into func() any
		want any
	}{{
		name: "quantity map (NodeStatus.capacity)",
		// capacity = 1: {key "cpu", value Quantity{string "2"}}, {key "memory", value {string "64Mi"}}
		data: msg(0x0a, msg(0x0a, "cpu")+msg(0x12, msg(0x0a, "2"))) +
			msg(0x0a, msg(0x0a, "memory")+msg(0x12, msg(0x0a, "64Mi"))),
		into: func() any { return &corev1.NodeStatus{} },
		want: &corev1.NodeStatus{Capacity: corev1.ResourceList{
			"cpu":    resource.MustParse("2"),
			"memory": resource.MustParse("64Mi"),
		}},
	}, {
		name: "int-or-string, string (ServicePort.targetPort)",
		// port = 3: 80; targetPort = 4: {type 1, intVal 0, strVal "http"}
		data: "\x18\x50" + msg(0x22, "\x08\x01\x10\x00"+msg(0x1a, "http")),
		into: func() any { return &corev1.ServicePort{} },
		want: &corev1.ServicePort{Port: 80, TargetPort: intstr.FromString("http")},
	}, {
		name: "int-or-string, int (ServicePort.targetPort)",
		data: msg(0x22, "\x08\x00\x10\x90\x3f"+msg(0x1a, "")),
		into: func() any { return &corev1.ServicePort{} },
		want: &corev1.ServicePort{TargetPort: intstr.FromInt32(8080)},
	}, {
		name: "time (PodStatus.startTime)",
		// startTime = 7: {seconds 1700000000, nanos 5}
		data: msg(0x3a, "\x08\x80\xe2\xcf\xaa\x06\x10\x05"),
		into: func() any { return &corev1.PodStatus{} },
		want: &corev1.PodStatus{StartTime: &meta.Time{Time: start}},
	}, {
		name: "empty time message is the zero time (ObjectMeta.creationTimestamp)",
		data: msg(0x0a, "x") + "\x42\x00",
		into: func() any { return &meta.ObjectMeta{} },
		want: &meta.ObjectMeta{Name: "x"},
	}, {
		name: "string map (ObjectMeta.labels) and repeated strings (finalizers)",
		data: msg(0x5a, msg(0x0a, "app")+msg(0x12, "web")) + msg(0x72, "a") + msg(0x72, "b"),
		into: func() any { return &meta.ObjectMeta{} },
		want: &meta.ObjectMeta{Labels: map[string]string{"app": "web"}, Finalizers: []string{"a", "b"}},
	}, {
		name: "bytes map entry without a value (Secret.data)",
		data: msg(0x12, msg(0x0a, "empty")) + msg(0x12, msg(0x0a, "k")+msg(0x12, "v")),
		into: func() any { return &corev1.Secret{} },
		want: &corev1.Secret{Data: map[string][]byte{"empty": {}, "k": []byte("v")}},
	}, {
		name: "negative int32 in ten bytes (ContainerStateTerminated.exitCode)",
		data: "\x08\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01",
		into: func() any { return &corev1.ContainerStateTerminated{} },
		want: &corev1.ContainerStateTerminated{ExitCode: -1},
	}, {
		name: "packed repeated int64 (PodSecurityContext.supplementalGroups)",
		data: msg(0x22, "\x01\x02\xac\x02") + "\x20\x05",
		into: func() any { return &corev1.PodSecurityContext{} },
		want: &corev1.PodSecurityContext{SupplementalGroups: []int64{1, 2, 300, 5}},
	}, {
		name: "unknown fields are skipped: varint, bytes, fixed32, fixed64, group",
		data: "\xf8\x01\x07" + "\xfa\x01\x00" + "\xfd\x01\x00\x00\x00\x00" +
			"\xf9\x01\x00\x00\x00\x00\x00\x00\x00\x00" + "\xfb\x01\x08\x01\xfc\x01" + msg(0x0a, "kept"),
		into: func() any { return &meta.ObjectMeta{} },
		want: &meta.ObjectMeta{Name: "kept"},
	}, {
		name: "repeated message field appears twice: entries appended",
		data: msg(0x12, msg(0x0a, "a")) + msg(0x12, msg(0x0a, "b")),
		into: func() any { return &corev1.PodSpec{} },
		want: &corev1.PodSpec{Containers: []corev1.Container{{Name: "a"}, {Name: "b"}}},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.into()
			if err := protobuf.Unmarshal([]byte(tt.data), got); err != nil {
				t.Fatalf("Unmarshal: %v", err)
			}
			if diff := cmp.Diff(tt.want, got, cmpOpts...); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestEncodeShapes(t *testing.T) {
	tests := []struct {
		name string
		obj  any
		want string
	}{{
		name: "map entries in key order, nil bytes value omitted",
		obj:  &corev1.Secret{Data: map[string][]byte{"b": []byte("2"), "a": nil}, Type: "Opaque"},
		want: msg(0x0a, "\x0a\x00\x12\x00\x1a\x00\x22\x00\x2a\x00\x32\x00\x38\x00\x42\x00") +
			msg(0x12, msg(0x0a, "a")) + msg(0x12, msg(0x0a, "b")+msg(0x12, "2")) + msg(0x1a, "Opaque"),
	}, {
		name: "quantity and int-or-string",
		obj:  &corev1.ServicePort{Port: 443, TargetPort: intstr.FromString("https")},
		want: msg(0x0a, "") + msg(0x12, "") + "\x18\xbb\x03" +
			msg(0x22, "\x08\x01\x10\x00"+msg(0x1a, "https")) + "\x28\x00",
	}, {
		name: "time: seconds then nanos",
		obj:  &corev1.ContainerStateRunning{StartedAt: meta.Time{Time: time.Unix(1_700_000_000, 5)}},
		want: msg(0x0a, "\x08\x80\xe2\xcf\xaa\x06\x10\x05"),
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := protobuf.Marshal(tt.obj)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("got\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
}

func TestLongMessageLength(t *testing.T) {
	// A nested message longer than 127 bytes takes a two-byte length,
	// which Marshal writes by moving the body.
	cm := &corev1.ConfigMap{Data: map[string]string{"k": strings.Repeat("x", 300)}}
	data, err := protobuf.Marshal(cm)
	if err != nil {
		t.Fatal(err)
	}
	var got corev1.ConfigMap
	if err := protobuf.Unmarshal(data, &got); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(cm, &got, cmpOpts...); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestMalformed(t *testing.T) {
	tests := []struct {
		name      string
		data      string
		wantField string
	}{
		{"truncated varint", "\x38\xff", "generation"},
		{"truncated length", "\x0a\x05ab", ""},
		{"length past the end", "\x0a\xff\xff\xff\xff\x0fab", ""},
		{"field number zero", "\x00\x01", ""},
		{"wrong wire type", "\x0a\x01a\x38" + msg(0x0a, ""), ""},
		{"wrong wire type for a string", "\x08\x01", "name"},
		{"nested wrong wire type", msg(0x6a, "\x08\x01"), "ownerReferences.kind"},
		{"end group without start", "\x0c", ""},
		{"varint overflow", "\x38\xff\xff\xff\xff\xff\xff\xff\xff\xff\x7f", "generation"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var om meta.ObjectMeta
			err := protobuf.Unmarshal([]byte(tt.data), &om)
			if err == nil {
				t.Fatal("Unmarshal succeeded; want an error")
			}
			if !errors.Is(err, protobuf.ErrMalformed) || !apierrors.IsBadRequest(err) {
				t.Errorf("error %v does not match ErrMalformed and ErrBadRequest", err)
			}
			var pe *protobuf.Error
			if !errors.As(err, &pe) {
				t.Fatalf("error %T is not a *protobuf.Error", err)
			}
			if tt.wantField != "" && pe.Field != tt.wantField {
				t.Errorf("error names field %q; want %q (%v)", pe.Field, tt.wantField, err)
			}
		})
	}

	t.Run("bad quantity", func(t *testing.T) {
		data := msg(0x0a, msg(0x0a, "cpu")+msg(0x12, msg(0x0a, "two")))
		err := protobuf.Unmarshal([]byte(data), &corev1.NodeStatus{})
		if !errors.Is(err, protobuf.ErrMalformed) || !strings.Contains(err.Error(), `"capacity"`) {
			t.Errorf("got %v; want a malformed error naming capacity", err)
		}
	})
}

func TestEnvelopeErrors(t *testing.T) {
	if _, _, _, err := protobuf.DecodeEnvelope([]byte(`{"kind":"Pod"}`)); !errors.Is(err, protobuf.ErrNoMagic) {
		t.Errorf("JSON body: got %v; want ErrNoMagic", err)
	}
	body := protobuf.EncodeEnvelope("v1", "Pod", nil)
	gz := append(body[:len(body)-4:len(body)-4], "\x1a\x04gzip\x22\x00"...)
	if _, _, _, err := protobuf.DecodeEnvelope(gz); !errors.Is(err, protobuf.ErrMalformed) {
		t.Errorf("gzip content encoding: got %v; want ErrMalformed", err)
	}
	if _, _, _, err := protobuf.DecodeEnvelope([]byte("k8s\x00\x0a\x05\x0a")); !errors.Is(err, protobuf.ErrMalformed) {
		t.Errorf("truncated: got %v; want ErrMalformed", err)
	}
	apiVersion, kind, raw, err := protobuf.DecodeEnvelope(body)
	if err != nil || apiVersion != "v1" || kind != "Pod" || raw != nil {
		t.Errorf("empty object: got %q %q %q %v", apiVersion, kind, raw, err)
	}
}
