package intstr

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Type says which member of an IntOrString is set.
type Type int64

// The types of an IntOrString.
const (
	Int    Type = iota // IntVal is set
	String             // StrVal is set
)

// IntOrString holds an int32 or a string. In JSON it is a bare number or a
// string. The zero value is the integer 0.
type IntOrString struct {
	Type   Type
	IntVal int32
	StrVal string
}

// FromInt32 returns an IntOrString holding val.
func FromInt32(val int32) IntOrString { return IntOrString{Type: Int, IntVal: val} }

// FromInt returns an IntOrString holding val, which must fit an int32
// (larger values are truncated, as in Kubernetes). Prefer FromInt32.
func FromInt(val int) IntOrString { return IntOrString{Type: Int, IntVal: int32(val)} }

// FromString returns an IntOrString holding val.
func FromString(val string) IntOrString { return IntOrString{Type: String, StrVal: val} }

// Parse returns an integer IntOrString when val is a decimal integer
// (strconv.Atoi accepts it; it is truncated to int32), else a string one.
func Parse(val string) IntOrString {
	i, err := strconv.Atoi(val)
	if err != nil {
		return FromString(val)
	}
	return FromInt(i)
}

// UnmarshalJSON accepts a JSON string or a JSON number that fits an int32;
// null leaves an integer zero.
func (is *IntOrString) UnmarshalJSON(value []byte) error {
	if len(value) > 0 && value[0] == '"' {
		is.Type = String
		return json.Unmarshal(value, &is.StrVal)
	}
	is.Type = Int
	return json.Unmarshal(value, &is.IntVal)
}

// MarshalJSON writes a JSON number or string.
func (is IntOrString) MarshalJSON() ([]byte, error) {
	switch is.Type {
	case Int:
		return json.Marshal(is.IntVal)
	case String:
		return json.Marshal(is.StrVal)
	}
	return []byte{}, fmt.Errorf("impossible IntOrString.Type")
}

// String returns StrVal, or the decimal form of IntVal; "<nil>" for nil.
func (is *IntOrString) String() string {
	if is == nil {
		return "<nil>"
	}
	if is.Type == String {
		return is.StrVal
	}
	return strconv.Itoa(is.IntValue())
}

// IntValue returns IntVal, or StrVal parsed as an integer (0 if it is not one).
func (is *IntOrString) IntValue() int {
	if is.Type == String {
		i, _ := strconv.Atoi(is.StrVal)
		return i
	}
	return int(is.IntVal)
}

// DeepCopyInto copies is into out.
func (is *IntOrString) DeepCopyInto(out *IntOrString) { *out = *is }

// DeepCopy returns a copy of is, or nil.
func (is *IntOrString) DeepCopy() *IntOrString {
	if is == nil {
		return nil
	}
	out := new(IntOrString)
	is.DeepCopyInto(out)
	return out
}

// ValueOrDefault returns intOrPercent, or defaultValue when it is nil.
func ValueOrDefault(intOrPercent *IntOrString, defaultValue IntOrString) *IntOrString {
	if intOrPercent == nil {
		return &defaultValue
	}
	return intOrPercent
}

// GetScaledValueFromIntOrPercent returns an integer value as is, or a
// percentage string ("25%") applied to total, rounded up or down. A string
// that is not a percentage, or whose number is not an integer, is an error
// with Kubernetes' message ("invalid value for IntOrString: invalid type:
// string is not a percentage").
func GetScaledValueFromIntOrPercent(intOrPercent *IntOrString, total int, roundUp bool) (int, error) {
	if intOrPercent == nil {
		return 0, errors.New("nil value for IntOrString")
	}
	value, isPercent, err := getIntOrPercentValue(intOrPercent)
	if err != nil {
		return 0, fmt.Errorf("invalid value for IntOrString: %v", err)
	}
	if isPercent {
		if roundUp {
			value = int(math.Ceil(float64(value) * float64(total) / 100))
		} else {
			value = int(math.Floor(float64(value) * float64(total) / 100))
		}
	}
	return value, nil
}

func getIntOrPercentValue(is *IntOrString) (int, bool, error) {
	switch is.Type {
	case Int:
		return is.IntValue(), false, nil
	case String:
		s, ok := strings.CutSuffix(is.StrVal, "%")
		if !ok {
			return 0, false, fmt.Errorf("invalid type: string is not a percentage")
		}
		v, err := strconv.Atoi(s)
		if err != nil {
			return 0, false, fmt.Errorf("invalid value %q: %v", is.StrVal, err)
		}
		return v, true, nil
	}
	return 0, false, fmt.Errorf("invalid type: neither int nor percentage")
}
