package v1

import corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"

// SetObjectDefaults_EndpointSlice defaults every port's name to "" and
// protocol to TCP.
func SetObjectDefaults_EndpointSlice(obj *EndpointSlice) {
	for i := range obj.Ports {
		p := &obj.Ports[i]
		if p.Name == nil {
			name := ""
			p.Name = &name
		}
		if p.Protocol == nil {
			proto := corev1.ProtocolTCP
			p.Protocol = &proto
		}
	}
}
