package protobuf_test

import (
	"fmt"
	"reflect"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/gantryhq/gantry/sdk/api/intstr"
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/resource"
)

// cmpOpts compares the special types by value.
var cmpOpts = []cmp.Option{
	cmp.Comparer(func(a, b meta.Time) bool { return a.Time.Equal(b.Time) }),
	cmp.Comparer(func(a, b meta.MicroTime) bool { return a.Time.Equal(b.Time) }),
	cmp.Comparer(func(a, b resource.Quantity) bool { return a.Cmp(b) == 0 && a.String() == b.String() }),
}

var (
	timeType      = reflect.TypeFor[meta.Time]()
	microTimeType = reflect.TypeFor[meta.MicroTime]()
	quantityType  = reflect.TypeFor[resource.Quantity]()
	intstrType    = reflect.TypeFor[intstr.IntOrString]()
)

// filler sets every protobuf-tagged field of a value to a distinct
// non-zero value, so that a round trip exercises every field.
type filler struct{ n int }

func (f *filler) next() int { f.n++; return f.n }

func (f *filler) fill(v reflect.Value, depth int) {
	if depth > 12 {
		return
	}
	switch v.Type() {
	case timeType:
		v.Set(reflect.ValueOf(meta.NewTime(time.Unix(1_700_000_000+int64(f.next()), 0))))
		return
	case microTimeType:
		v.Set(reflect.ValueOf(meta.NewMicroTime(time.Unix(1_700_000_000, int64(f.next())*1000))))
		return
	case quantityType:
		qs := []string{"100m", "2", "64Mi", "1.5Gi", "-3k", "1e3"}
		v.Set(reflect.ValueOf(resource.MustParse(qs[f.next()%len(qs)])))
		return
	case intstrType:
		if n := f.next(); n%2 == 0 {
			v.Set(reflect.ValueOf(intstr.FromInt32(int32(n))))
		} else {
			v.Set(reflect.ValueOf(intstr.FromString(fmt.Sprintf("port-%d", n))))
		}
		return
	}
	switch v.Kind() {
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			sf := t.Field(i)
			if _, ok := sf.Tag.Lookup("protobuf"); ok && sf.IsExported() {
				f.fill(v.Field(i), depth+1)
			}
		}
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		f.fill(v.Elem(), depth+1)
	case reflect.String:
		v.SetString(fmt.Sprintf("s%d", f.next()))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int32, reflect.Int64:
		n := int64(f.next())
		if n%3 == 0 {
			n = -n // negative numbers take ten bytes on the wire
		}
		v.SetInt(n)
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			v.SetBytes([]byte{0, 1, byte(f.next())})
			return
		}
		s := reflect.MakeSlice(v.Type(), 2, 2)
		for i := range 2 {
			f.fill(s.Index(i), depth+1)
		}
		v.Set(s)
	case reflect.Map:
		m := reflect.MakeMap(v.Type())
		for range 2 {
			k := reflect.New(v.Type().Key()).Elem()
			k.SetString(fmt.Sprintf("key%d", f.next()))
			e := reflect.New(v.Type().Elem()).Elem()
			f.fill(e, depth+1)
			m.SetMapIndex(k, e)
		}
		v.Set(m)
	default:
		panic(fmt.Sprintf("filler: unhandled kind %s of %s", v.Kind(), v.Type()))
	}
}
