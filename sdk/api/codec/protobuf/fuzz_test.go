package protobuf_test

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/google/go-cmp/cmp"

	appsv1 "github.com/gantryhq/gantry/sdk/api/apps/v1"
	"github.com/gantryhq/gantry/sdk/api/codec/protobuf"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
)

// FuzzUnmarshal decodes arbitrary bytes into a Pod and a Deployment. It
// must never panic, and whatever decodes must survive a round trip: the
// re-encoding decodes to an equal object and re-encodes to the same bytes.
//
// The seeds are large objects, so run it with a short minimization time:
// go test -fuzz FuzzUnmarshal -fuzzminimizetime 2s ./sdk/api/codec/protobuf
func FuzzUnmarshal(f *testing.F) {
	for _, obj := range []any{&corev1.Pod{}, &appsv1.Deployment{}} {
		(&filler{}).fill(reflect.ValueOf(obj).Elem(), 0)
		data, err := protobuf.Marshal(obj)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	_, _, raw, err := protobuf.DecodeEnvelope([]byte(snorlax))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(raw)
	f.Add([]byte("\x12\x04\x12\x02\x0a\x00"))

	f.Fuzz(func(t *testing.T, data []byte) {
		for _, newObj := range []func() any{
			func() any { return &corev1.Pod{} },
			func() any { return &appsv1.Deployment{} },
		} {
			first := newObj()
			if err := protobuf.Unmarshal(data, first); err != nil {
				continue
			}
			enc, err := protobuf.Marshal(first)
			if err != nil {
				t.Fatalf("Marshal of a decoded %T: %v", first, err)
			}
			second := newObj()
			if err := protobuf.Unmarshal(enc, second); err != nil {
				t.Fatalf("Unmarshal of a re-encoded %T: %v\n%q", first, err, enc)
			}
			if !cmp.Equal(first, second, cmpOpts...) {
				t.Fatalf("round trip of %T (-first +second):\n%s", first, cmp.Diff(first, second, cmpOpts...))
			}
			again, err := protobuf.Marshal(second)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(enc, again) {
				t.Fatalf("re-encoding of %T is not stable:\n%q\n%q", first, enc, again)
			}
		}
	})
}
