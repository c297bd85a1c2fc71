package resource

import (
	"math"
	"strconv"
)

// interpretSuffix returns the base (10 or 2), exponent and format of a
// suffix. A decimal exponent must fit in [-MaxInt32, MaxInt32].
func interpretSuffix(s string) (base, exponent int64, format Format, ok bool) {
	switch s {
	case "":
		return 10, 0, DecimalSI, true
	case "n":
		return 10, -9, DecimalSI, true
	case "u":
		return 10, -6, DecimalSI, true
	case "m":
		return 10, -3, DecimalSI, true
	case "k":
		return 10, 3, DecimalSI, true
	case "M":
		return 10, 6, DecimalSI, true
	case "G":
		return 10, 9, DecimalSI, true
	case "T":
		return 10, 12, DecimalSI, true
	case "P":
		return 10, 15, DecimalSI, true
	case "E":
		return 10, 18, DecimalSI, true
	case "Ki":
		return 2, 10, BinarySI, true
	case "Mi":
		return 2, 20, BinarySI, true
	case "Gi":
		return 2, 30, BinarySI, true
	case "Ti":
		return 2, 40, BinarySI, true
	case "Pi":
		return 2, 50, BinarySI, true
	case "Ei":
		return 2, 60, BinarySI, true
	}
	if len(s) > 1 && (s[0] == 'e' || s[0] == 'E') {
		v, err := strconv.ParseInt(s[1:], 10, 64)
		if err != nil || v > math.MaxInt32 || v < -math.MaxInt32 {
			return 0, 0, DecimalExponent, false
		}
		return 10, v, DecimalExponent, true
	}
	return 0, 0, DecimalExponent, false
}

var decimalSuffixes = map[int64]string{-9: "n", -6: "u", -3: "m", 0: "", 3: "k", 6: "M", 9: "G", 12: "T", 15: "P", 18: "E"}

func decimalSuffix(exponent int64) (string, bool) {
	s, ok := decimalSuffixes[exponent]
	return s, ok
}

var binarySuffixes = [...]string{"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"}

// binarySuffix returns the suffix of 1024^exponent.
func binarySuffix(exponent int64) (string, bool) {
	if exponent < 0 || exponent >= int64(len(binarySuffixes)) {
		return "", false
	}
	return binarySuffixes[exponent], true
}
