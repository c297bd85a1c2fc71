package resourcequota

import (
	"sort"
	"strings"

	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
)

// The arithmetic on resource lists below is Kubernetes' quota/v1 helpers.

// add returns a + b; a resource in only one of them keeps its value.
func add(a, b corev1.ResourceList) corev1.ResourceList {
	out := corev1.ResourceList{}
	for k, v := range a {
		q := v.DeepCopy()
		if o, ok := b[k]; ok {
			q.Add(o)
		}
		out[k] = q
	}
	for k, v := range b {
		if _, ok := out[k]; !ok {
			out[k] = v.DeepCopy()
		}
	}
	return out
}

// subtractNonNegative returns a - b, with results below zero set to zero.
func subtractNonNegative(a, b corev1.ResourceList) corev1.ResourceList {
	out := corev1.ResourceList{}
	for k, v := range a {
		q := v.DeepCopy()
		if o, ok := b[k]; ok {
			q.Sub(o)
		}
		if q.Sign() < 0 {
			q.Set(0)
		}
		out[k] = q
	}
	for k, v := range b {
		if _, ok := out[k]; !ok {
			q := v.DeepCopy()
			q.Neg()
			if q.Sign() < 0 {
				q.Set(0)
			}
			out[k] = q
		}
	}
	return out
}

// mask returns the entries of list named in names.
func mask(list corev1.ResourceList, names []corev1.ResourceName) corev1.ResourceList {
	out := corev1.ResourceList{}
	for _, n := range names {
		if v, ok := list[n]; ok {
			out[n] = v.DeepCopy()
		}
	}
	return out
}

// lessThanOrEqual reports whether every entry of a is at most the same
// entry of b (entries missing from b are not limited), and lists the
// resources that are not.
func lessThanOrEqual(a, b corev1.ResourceList) (bool, []corev1.ResourceName) {
	var exceeded []corev1.ResourceName
	for k, v := range a {
		if o, ok := b[k]; ok && v.Cmp(o) > 0 {
			exceeded = append(exceeded, k)
		}
	}
	return len(exceeded) == 0, exceeded
}

// equals reports whether a and b hold the same resources with equal values.
func equals(a, b corev1.ResourceList) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		o, ok := b[k]
		if !ok || v.Cmp(o) != 0 {
			return false
		}
	}
	return true
}

// removeZeros returns list without its zero entries.
func removeZeros(list corev1.ResourceList) corev1.ResourceList {
	out := corev1.ResourceList{}
	for k, v := range list {
		if !v.IsZero() {
			out[k] = v
		}
	}
	return out
}

// negative returns the names of the entries of list below zero.
func negative(list corev1.ResourceList) []corev1.ResourceName {
	var out []corev1.ResourceName
	for k, v := range list {
		if v.Sign() < 0 {
			out = append(out, k)
		}
	}
	return out
}

// names returns the resource names of list, sorted.
func names(list corev1.ResourceList) []corev1.ResourceName {
	out := make([]corev1.ResourceName, 0, len(list))
	for k := range list {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// intersection returns the names in a that are also in b.
func intersection(a, b []corev1.ResourceName) []corev1.ResourceName {
	var out []corev1.ResourceName
	for _, x := range a {
		for _, y := range b {
			if x == y {
				out = append(out, x)
				break
			}
		}
	}
	return out
}

// prettyPrint formats a list as "a=1,b=2", sorted by name, as Kubernetes'
// quota messages do.
func prettyPrint(list corev1.ResourceList) string {
	parts := make([]string, 0, len(list))
	for _, k := range names(list) {
		v := list[k]
		parts = append(parts, string(k)+"="+v.String())
	}
	return strings.Join(parts, ",")
}

// prettyPrintNames formats names as "a,b", sorted.
func prettyPrintNames(ns []corev1.ResourceName) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = string(n)
	}
	sort.Strings(s)
	return strings.Join(s, ",")
}
