package v1

import (
	"fmt"
	"strings"
	"time"

	"github.com/gantryhq/gantry/sdk/api/registry"
)

var limitRangeColumns = []registry.Column{
	{Name: "Name", Type: "string", Format: "name", Description: nameDescription},
	{Name: "Created At", Type: "date", Description: ageDescription},
}

func limitRangeCells(lr *LimitRange, _ time.Time) []any {
	return []any{lr.Name, lr.CreationTimestamp}
}

var resourceQuotaColumns = []registry.Column{
	{Name: "Name", Type: "string", Format: "name", Description: nameDescription},
	{Name: "Age", Type: "string", Description: ageDescription},
	{Name: "Request", Type: "string", Description: "Request represents a minimum amount of cpu/memory that a container may consume."},
	{Name: "Limit", Type: "string", Description: "Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node."},
}

func resourceQuotaCells(q *ResourceQuota, now time.Time) []any {
	request, limit := FormatResourceQuotaUsage(q)
	return []any{q.Name, registry.Age(q.CreationTimestamp, now), request, limit}
}

// FormatResourceQuotaUsage renders a quota's status as kubectl's REQUEST
// and LIMIT columns: "name: used/hard" pairs sorted by name, the
// "limits.*" resources in the second string ("pods: 1/10, requests.cpu: 0/4").
func FormatResourceQuotaUsage(q *ResourceQuota) (request, limit string) {
	var req, lim []string
	for _, name := range sortedResNames(q.Status.Hard) {
		used, hard := q.Status.Used[name], q.Status.Hard[name]
		s := fmt.Sprintf("%s: %s/%s", name, used.String(), hard.String())
		if strings.HasPrefix(string(name), "limits.") {
			lim = append(lim, s)
		} else {
			req = append(req, s)
		}
	}
	return strings.Join(req, ", "), strings.Join(lim, ", ")
}
