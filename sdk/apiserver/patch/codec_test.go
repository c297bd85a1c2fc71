package patch

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
)

// stdDecode and stdEncode are encoding/json's answers, which the codec must
// match.
func stdDecode(data []byte) (any, error) {
	if !json.Valid(data) {
		return nil, errors.New("invalid JSON")
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	return v, nil
}

func stdEncode(v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic(err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

// checkCodec compares the codec with encoding/json on one input.
func checkCodec(t *testing.T, in []byte) {
	t.Helper()
	got, err := decodeJSON(in)
	want, stdErr := stdDecode(in)
	if bytes.Count(in, []byte("["))+bytes.Count(in, []byte("{")) > MaxDepth {
		return // the depth limits count differently around invalid input
	}
	if (err != nil) != (stdErr != nil) {
		t.Fatalf("decode %q: error %v, encoding/json error %v", in, err, stdErr)
	}
	if err != nil {
		return
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("decode %q: %#v, encoding/json %#v", in, got, want)
	}
	enc, err := encodeJSON(got)
	if err != nil {
		t.Fatalf("encode %#v: %v", got, err)
	}
	if std := stdEncode(got); !bytes.Equal(enc, std) {
		t.Fatalf("encode %#v: %s, encoding/json %s", got, enc, std)
	}
}

var codecSeeds = []string{
	`{}`, `[]`, `null`, `true`, `false`, `0`, `-0`, `1.5e-3`, `-12E+2`, `1e400`, `"a"`,
	` {"a" : [1, 2 ,{"b":null}] } `,
	`{"a":1,"a":2}`,
	`"\"\\\/\b\f\n\r\t\u0041\u00e9\u2028\u2029\ud83d\ude00"`,
	`"\ud800"`, `"\ud800\u0041"`, `"\udc00\ud800"`, `"\ud83d\ude00\ud83d"`,
	"\"\xff\xfe invalid \xc3\"", "\"ok \xe2\x82\xac\"", "\"\x7f\"",
	`"<html> & 'x'"`, "\"a\x01b\"",
	`01`, `1.`, `.5`, `-`, `1e`, `+1`, `tru`, `nul`, `[1,]`, `{"a":1,}`, `{"a"}`, `{1:2}`, `"\x"`, `"\u12"`, `"\u12G4"`,
	"\"a\nb\"", `[1] [2]`, `{} x`, ``, `   `, "\ufeff{}", `[` + strings.Repeat(`"x",`, 100) + `1]`,
}

func TestCodecMatchesEncodingJSON(t *testing.T) {
	for _, s := range codecSeeds {
		t.Run(s, func(t *testing.T) { checkCodec(t, []byte(s)) })
	}
	t.Run("depth", func(t *testing.T) {
		ok := strings.Repeat("[", MaxDepth) + strings.Repeat("]", MaxDepth)
		if _, err := decodeJSON([]byte(ok)); err != nil {
			t.Errorf("%d levels: %v", MaxDepth, err)
		}
		if _, err := decodeJSON([]byte("[" + ok + "]")); err == nil {
			t.Errorf("%d levels: no error", MaxDepth+1)
		}
	})
	t.Run("all control characters and escapes", func(t *testing.T) {
		var b strings.Builder
		for r := rune(0); r < 0x100; r++ {
			b.WriteRune(r)
		}
		b.WriteString("\u2028\u2029\U0001F600")
		s := b.String()
		enc, err := encodeJSON(s)
		if err != nil {
			t.Fatal(err)
		}
		if std := stdEncode(s); !bytes.Equal(enc, std) {
			t.Fatalf("encode: %s\nencoding/json: %s", enc, std)
		}
		checkCodec(t, enc)
	})
}

// FuzzJSONCodec checks the decoder and encoder against encoding/json.
func FuzzJSONCodec(f *testing.F) {
	for _, s := range codecSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		checkCodec(t, in)
	})
}
