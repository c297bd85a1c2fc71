package bolt

import (
	"bytes"
	"testing"
)

func TestRecordsRoundTrip(t *testing.T) {
	kv := newKVRecord([]byte("value"))
	setKVRevs(kv, 3, 7)
	create, mod, val, err := decodeKV(kv)
	if err != nil || create != 3 || mod != 7 || string(val) != "value" {
		t.Fatalf("decodeKV = %d, %d, %q, %v", create, mod, val, err)
	}
	tests := []struct {
		name        string
		op          byte
		rev, create int64
		prevMod     int64
		key, value  string
	}{
		{"create", opCreate, 5, 5, 0, "/a", "v"},
		{"update", opUpdate, 9, 5, 5, "/a", "w"},
		{"delete", opDelete, 10, 5, 9, "/a", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := newLogRecord(tt.op, tt.key, []byte(tt.value))
			setLogRevs(rec, tt.create, tt.prevMod)
			lr, err := decodeLog(tt.rev, rec)
			if err != nil {
				t.Fatal(err)
			}
			if lr.op != tt.op || lr.create != tt.create || lr.prevMod != tt.prevMod || string(lr.key) != tt.key || string(lr.value) != tt.value {
				t.Fatalf("decodeLog = %+v", lr)
			}
		})
	}
}

func FuzzDecodeRecords(f *testing.F) {
	kv := newKVRecord([]byte("value"))
	setKVRevs(kv, 3, 7)
	f.Add(kv, int64(7))
	lr := newLogRecord(opUpdate, "/registry/pods/a", []byte("{}"))
	setLogRevs(lr, 3, 5)
	f.Add(lr, int64(9))
	f.Add([]byte{}, int64(0))
	f.Add([]byte{opCreate, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0x0f}, int64(1))
	f.Fuzz(func(t *testing.T, b []byte, rev int64) {
		if create, mod, val, err := decodeKV(b); err == nil {
			if create <= 0 || mod < create || !bytes.Equal(val, b[kvHeaderSize:]) {
				t.Fatalf("decodeKV accepted %x as %d, %d", b, create, mod)
			}
		}
		if lr, err := decodeLog(rev, b); err == nil {
			if len(lr.key) == 0 || lr.create <= 0 || lr.create > rev || lr.prevMod >= rev {
				t.Fatalf("decodeLog accepted %x as %+v", b, lr)
			}
		}
		if r, err := decodeRevKey(b); err == nil && r <= 0 {
			t.Fatalf("decodeRevKey accepted %x as %d", b, r)
		}
		if v, err := decodeUint("rev", b); err == nil && v < 0 {
			t.Fatalf("decodeUint accepted %x as %d", b, v)
		}
	})
}
