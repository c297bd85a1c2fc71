package v1_test

import (
	"fmt"

	discoveryv1 "github.com/gantryhq/gantry/sdk/api/discovery/v1"
	"github.com/gantryhq/gantry/sdk/api/registry"
)

// Register EndpointSlice and render a slice's table cells as kubectl shows them.
func ExampleRegister() {
	r := registry.New()
	if err := discoveryv1.Register(r); err != nil {
		panic(err)
	}
	k, _ := r.Lookup("endpointslices.discovery.k8s.io")
	port := int32(80)
	slice := &discoveryv1.EndpointSlice{
		AddressType: discoveryv1.AddressTypeIPv4,
		Endpoints:   []discoveryv1.Endpoint{{Addresses: []string{"10.42.0.5"}}, {Addresses: []string{"10.42.0.6"}}},
		Ports:       []discoveryv1.EndpointPort{{Port: &port}},
	}
	slice.Name = "web-x7k2p"
	slice.Labels = map[string]string{discoveryv1.LabelServiceName: "web"}
	fmt.Println(k.Cells(slice, slice.CreationTimestamp.Time)[:4]...)
	// Output: web-x7k2p IPv4 80 10.42.0.5,10.42.0.6
}
