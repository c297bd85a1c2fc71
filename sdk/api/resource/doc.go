// Package resource implements Quantity, the fixed-point number of resource
// requests, limits, capacities and quotas ("100m", "1.5Gi", "2e3"), with
// the parsing, rounding, canonical string form and arithmetic of
// Kubernetes' k8s.io/apimachinery/pkg/api/resource.
//
// A Quantity is exact: it is never held as a float. Values that fit are
// held as an int64 and a power-of-ten scale, and the scheduler's hot
// operations (Add, Sub, Cmp, MilliValue) on them do not allocate; other
// values use an arbitrary-precision decimal. Parsing rounds a value up to
// the nearest nano (10^-9), away from zero.
//
// A Quantity remembers the format it was parsed with (DecimalSI,
// BinarySI, DecimalExponent) and prints itself in the canonical form of
// that format: no fractional digits, the largest suffix that loses no
// precision ("1.5" is "1500m", "1.5Gi" is "1536Mi", "1024Mi" is "1Gi").
// As in Kubernetes, a string that is already canonical is kept as given.
//
// Quantity values may be copied; methods that modify a Quantity (Add, Sub,
// Neg, Mul, Set...) need a pointer and must not run concurrently with other
// use of the same variable. Reading methods do not modify the receiver, so
// a Quantity shared between goroutines (in an informer cache, say) may be
// read concurrently.
package resource
