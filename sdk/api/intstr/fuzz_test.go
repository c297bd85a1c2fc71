package intstr

import (
	"encoding/json"
	"testing"
)

// FuzzUnmarshalJSON checks that decoding never panics and that whatever
// decodes re-encodes to JSON that decodes to the same value.
func FuzzUnmarshalJSON(f *testing.F) {
	for _, s := range []string{`80`, `"http"`, `"25%"`, `null`, `-2147483648`, `1e3`, `"\u00e9"`, `[]`, `{}`, ``} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var v IntOrString
		if err := json.Unmarshal(data, &v); err != nil {
			return
		}
		out, err := json.Marshal(v)
		if err != nil {
			t.Fatalf("Marshal(%#v): %v", v, err)
		}
		var back IntOrString
		if err := json.Unmarshal(out, &back); err != nil {
			t.Fatalf("Unmarshal(%s): %v", out, err)
		}
		if back != v {
			t.Fatalf("round trip %q: %#v -> %s -> %#v", data, v, out, back)
		}
		_ = v.String()
		_, _ = GetScaledValueFromIntOrPercent(&v, 100, true)
	})
}
