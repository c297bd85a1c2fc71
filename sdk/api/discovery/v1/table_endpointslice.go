package v1

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/gantryhq/gantry/sdk/api/registry"
)

var endpointSliceColumns = []registry.Column{
	{Name: "Name", Type: "string", Format: "name", Description: "Name must be unique within a namespace."},
	{Name: "AddressType", Type: "string", Description: "addressType specifies the type of address carried by this EndpointSlice."},
	{Name: "Ports", Type: "string", Description: "ports specifies the list of network ports exposed by each endpoint in this slice."},
	{Name: "Endpoints", Type: "string", Description: "endpoints is a list of unique endpoints in this slice."},
	{Name: "Age", Type: "string", Description: "CreationTimestamp is a timestamp representing the server time when this object was created."},
}

func endpointSliceCells(s *EndpointSlice, now time.Time) []any {
	return []any{s.Name, string(s.AddressType), FormatPorts(s.Ports), FormatEndpoints(s.Endpoints), registry.Age(s.CreationTimestamp, now)}
}

// FormatPorts renders the PORTS column as kubectl does: at most three port
// numbers (or names, "*" for all ports), then " + N more...", or "<unset>".
func FormatPorts(ports []EndpointPort) string {
	const max = 3
	var list []string
	more := false
	for _, p := range ports {
		if len(list) < max {
			s := "*"
			if p.Port != nil {
				s = strconv.Itoa(int(*p.Port))
			} else if p.Name != nil {
				s = *p.Name
			}
			list = append(list, s)
		} else {
			more = true
		}
	}
	return listWithMore(list, more, len(ports), max)
}

// FormatEndpoints renders the ENDPOINTS column as kubectl does: at most
// three addresses, then " + N more...", or "<unset>".
func FormatEndpoints(endpoints []Endpoint) string {
	const max = 3
	var list []string
	more := false
	count := 0
	for _, ep := range endpoints {
		for _, a := range ep.Addresses {
			if len(list) < max {
				list = append(list, a)
			} else {
				more = true
			}
			count++
		}
	}
	return listWithMore(list, more, count, max)
}

func listWithMore(list []string, more bool, count, max int) string {
	ret := strings.Join(list, ",")
	if more {
		return fmt.Sprintf("%s + %d more...", ret, count-max)
	}
	if ret == "" {
		ret = "<unset>"
	}
	return ret
}
