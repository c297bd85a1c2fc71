package v1

import (
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/registry"
)

// Register adds the kinds of discovery.k8s.io/v1 to r: EndpointSlice. It
// fails if r already has it.
func Register(r *registry.Registry) error {
	return addEndpointSlice(r)
}

// endpointSliceContent is what bumps an EndpointSlice's generation: all
// but its metadata.
type endpointSliceContent struct {
	AddressType AddressType    `json:"addressType"`
	Endpoints   []Endpoint     `json:"endpoints"`
	Ports       []EndpointPort `json:"ports"`
}

// addEndpointSlice registers EndpointSlice; its generation is bumped when
// the address type, endpoints or ports change.
func addEndpointSlice(r *registry.Registry) error {
	return registry.Add(r, registry.Type[*EndpointSlice]{
		Group:          GroupName,
		Version:        Version,
		Kind:           "EndpointSlice",
		Resource:       "endpointslices",
		Namespaced:     true,
		New:            func() *EndpointSlice { return &EndpointSlice{} },
		NewList:        func() meta.ListObject { return &EndpointSliceList{} },
		Default:        SetObjectDefaults_EndpointSlice,
		Validate:       ValidateEndpointSlice,
		ValidateUpdate: ValidateEndpointSliceUpdate,
		Spec: func(s *EndpointSlice) any {
			return endpointSliceContent{AddressType: s.AddressType, Endpoints: s.Endpoints, Ports: s.Ports}
		},
		Columns: endpointSliceColumns,
		Cells:   endpointSliceCells,
	})
}
