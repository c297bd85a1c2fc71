package bolt

import (
	"encoding/binary"
	"fmt"
)

// The on-disk records. Integers are big-endian and fixed-width so that the
// writer can fill in revisions after a client goroutine encoded the record.
//
//	kv bucket:   key -> kvRecord  = [kvVersion][createRev 8][modRev 8][value...]
//	log bucket:  revKey(rev) -> logRecord
//	             = [op][createRev 8][prevModRev 8][uvarint len(key)][key][value...]
//	meta bucket: "format" -> uint64, "rev" -> uint64, "compacted" -> uint64
//
// A log record of a delete has no value: the deleted value is the one of the
// log record at prevModRev, which compaction keeps (see compact).

const (
	kvVersion    = 1
	kvHeaderSize = 1 + 8 + 8

	logHeaderSize = 1 + 8 + 8
)

// Log record operations.
const (
	opCreate = 1
	opUpdate = 2
	opDelete = 3
)

// errRecord is the error of a malformed record.
type errRecord struct{ what string }

func (e errRecord) Error() string { return "malformed " + e.what }

// newKVRecord returns a kv record for value with revisions to fill in.
func newKVRecord(value []byte) []byte {
	b := make([]byte, kvHeaderSize, kvHeaderSize+len(value))
	b[0] = kvVersion
	return append(b, value...)
}

// setKVRevs fills in the revisions of a kv record.
func setKVRevs(rec []byte, create, mod int64) {
	binary.BigEndian.PutUint64(rec[1:9], uint64(create))
	binary.BigEndian.PutUint64(rec[9:17], uint64(mod))
}

// decodeKV decodes a kv record. The returned value aliases rec.
func decodeKV(rec []byte) (create, mod int64, value []byte, err error) {
	if len(rec) < kvHeaderSize || rec[0] != kvVersion {
		return 0, 0, nil, errRecord{fmt.Sprintf("kv record (%d bytes)", len(rec))}
	}
	create = int64(binary.BigEndian.Uint64(rec[1:9]))
	mod = int64(binary.BigEndian.Uint64(rec[9:17]))
	if create <= 0 || mod < create {
		return 0, 0, nil, errRecord{fmt.Sprintf("kv record (revisions %d, %d)", create, mod)}
	}
	return create, mod, rec[kvHeaderSize:], nil
}

// newLogRecord returns a log record with revisions to fill in.
func newLogRecord(op byte, key string, value []byte) []byte {
	b := make([]byte, logHeaderSize, logHeaderSize+binary.MaxVarintLen64+len(key)+len(value))
	b[0] = op
	b = binary.AppendUvarint(b, uint64(len(key)))
	b = append(b, key...)
	return append(b, value...)
}

// setLogRevs fills in the revisions of a log record.
func setLogRevs(rec []byte, create, prevMod int64) {
	binary.BigEndian.PutUint64(rec[1:9], uint64(create))
	binary.BigEndian.PutUint64(rec[9:17], uint64(prevMod))
}

// logRecord is a decoded log record; key and value alias the record.
type logRecord struct {
	op      byte
	create  int64
	prevMod int64
	key     []byte
	value   []byte
}

// decodeLog decodes the log record of revision rev.
func decodeLog(rev int64, rec []byte) (logRecord, error) {
	bad := func(why string) (logRecord, error) {
		return logRecord{}, errRecord{fmt.Sprintf("log record of revision %d (%s)", rev, why)}
	}
	if len(rec) < logHeaderSize {
		return bad("short")
	}
	r := logRecord{
		op:      rec[0],
		create:  int64(binary.BigEndian.Uint64(rec[1:9])),
		prevMod: int64(binary.BigEndian.Uint64(rec[9:17])),
	}
	if r.op < opCreate || r.op > opDelete {
		return bad(fmt.Sprintf("op %d", r.op))
	}
	if r.create <= 0 || r.create > rev || r.prevMod < 0 || r.prevMod >= rev {
		return bad(fmt.Sprintf("revisions %d, %d", r.create, r.prevMod))
	}
	if (r.op == opCreate) != (r.prevMod == 0) || (r.op == opCreate) != (r.create == rev) {
		return bad("inconsistent revisions")
	}
	n, w := binary.Uvarint(rec[logHeaderSize:])
	if w <= 0 || n == 0 || n > uint64(len(rec)-logHeaderSize-w) {
		return bad("key length")
	}
	rest := rec[logHeaderSize+w:]
	r.key, r.value = rest[:n], rest[n:]
	if r.op == opDelete && len(r.value) != 0 {
		return bad("delete with a value")
	}
	return r, nil
}

// revKey is the log bucket key of rev.
func revKey(rev int64) []byte {
	return binary.BigEndian.AppendUint64(make([]byte, 0, 8), uint64(rev))
}

// decodeRevKey decodes a log bucket key.
func decodeRevKey(k []byte) (int64, error) {
	if len(k) != 8 {
		return 0, errRecord{fmt.Sprintf("log key (%d bytes)", len(k))}
	}
	r := int64(binary.BigEndian.Uint64(k))
	if r <= 0 {
		return 0, errRecord{fmt.Sprintf("log key (revision %d)", r)}
	}
	return r, nil
}

// encodeUint is a meta value.
func encodeUint(v int64) []byte {
	return binary.BigEndian.AppendUint64(make([]byte, 0, 8), uint64(v))
}

// decodeUint decodes a meta value; nil (absent) is 0.
func decodeUint(name string, b []byte) (int64, error) {
	if b == nil {
		return 0, nil
	}
	if len(b) != 8 || b[0]&0x80 != 0 {
		return 0, errRecord{fmt.Sprintf("meta %q (%x)", name, b)}
	}
	return int64(binary.BigEndian.Uint64(b)), nil
}
