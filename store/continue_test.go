package store_test

import (
	"errors"
	"testing"

	apierrors "github.com/gantryhq/gantry/sdk/api/errors"
	"github.com/gantryhq/gantry/store"
)

func TestContinueRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		rev  int64
		key  string
	}{
		{"simple", 1, "/registry/pods/default/nginx"},
		{"large revision", 1 << 40, "/a"},
		{"binary key", 7, "/a\x00\xff/b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rev, key, err := store.DecodeContinue(store.EncodeContinue(tt.rev, tt.key))
			if err != nil {
				t.Fatalf("DecodeContinue: %v", err)
			}
			if rev != tt.rev || key != tt.key {
				t.Errorf("got (%d, %q), want (%d, %q)", rev, key, tt.rev, tt.key)
			}
		})
	}
}

func TestDecodeContinueInvalid(t *testing.T) {
	for name, tok := range map[string]string{
		"empty":        "",
		"not base64":   "!!!",
		"bad version":  "AgEv",
		"no revision":  "AQ",
		"zero rev":     store.EncodeContinue(0, "/a"),
		"no key":       store.EncodeContinue(5, ""),
		"padded input": "AQUvYQ==",
	} {
		t.Run(name, func(t *testing.T) {
			_, _, err := store.DecodeContinue(tok)
			if !errors.Is(err, store.ErrInvalidContinue) || !errors.Is(err, apierrors.ErrBadRequest) {
				t.Fatalf("DecodeContinue(%q) = %v, want ErrInvalidContinue (BadRequest)", tok, err)
			}
		})
	}
}

func FuzzDecodeContinue(f *testing.F) {
	f.Add(store.EncodeContinue(1, "/registry/pods/a"))
	f.Add(store.EncodeContinue(1<<62, "\x00"))
	f.Add("")
	f.Add("AQ")
	f.Add("AYCAgICAgICAgAEv")
	f.Fuzz(func(t *testing.T, tok string) {
		rev, key, err := store.DecodeContinue(tok)
		if err != nil {
			if !errors.Is(err, store.ErrInvalidContinue) {
				t.Fatalf("error %v does not wrap ErrInvalidContinue", err)
			}
			return
		}
		if rev <= 0 || key == "" {
			t.Fatalf("accepted token %q with rev %d key %q", tok, rev, key)
		}
		if r2, k2, err := store.DecodeContinue(store.EncodeContinue(rev, key)); err != nil || r2 != rev || k2 != key {
			t.Fatalf("re-encoding (%d, %q) gives (%d, %q, %v)", rev, key, r2, k2, err)
		}
	})
}
