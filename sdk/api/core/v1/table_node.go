package v1

import (
	"sort"
	"strings"
	"time"

	"github.com/gantryhq/gantry/sdk/api/registry"
)

var nodeColumns = []registry.Column{
	{Name: "Name", Type: "string", Format: "name", Description: podColNameDesc},
	{Name: "Status", Type: "string", Description: "The status of the node"},
	{Name: "Roles", Type: "string", Description: "The roles of the node"},
	{Name: "Age", Type: "string", Description: podColAgeDesc},
	{Name: "Version", Type: "string", Description: "Kubelet Version reported by the node."},
	{Name: "Internal-IP", Type: "string", Priority: 1, Description: "List of addresses reachable to the node. Queried from cloud provider, if available."},
	{Name: "External-IP", Type: "string", Priority: 1, Description: "List of addresses reachable to the node. Queried from cloud provider, if available."},
	{Name: "OS-Image", Type: "string", Priority: 1, Description: "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy))."},
	{Name: "Kernel-Version", Type: "string", Priority: 1, Description: "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64)."},
	{Name: "Container-Runtime", Type: "string", Priority: 1, Description: "ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2)."},
}

// nodeCells renders a node's row as kubectl's printNode (Kubernetes 1.32).
func nodeCells(n *Node, now time.Time) []any {
	roles := strings.Join(NodeRoles(n), ",")
	if roles == "" {
		roles = "<none>"
	}
	unknown := func(s string) string {
		if s == "" {
			return "<unknown>"
		}
		return s
	}
	info := n.Status.NodeInfo
	return []any{
		n.Name, NodeStatusString(n), roles, registry.Age(n.CreationTimestamp, now), info.KubeletVersion,
		nodeAddress(n, NodeInternalIP), nodeAddress(n, NodeExternalIP),
		unknown(info.OSImage), unknown(info.KernelVersion), unknown(info.ContainerRuntimeVersion),
	}
}

// NodeStatusString is kubectl's STATUS of a node: "Ready" or "NotReady"
// from the Ready condition ("Unknown" without one), with
// ",SchedulingDisabled" appended for a cordoned node.
func NodeStatusString(n *Node) string {
	var status []string
	for i := range n.Status.Conditions {
		if c := &n.Status.Conditions[i]; c.Type == NodeReady {
			if c.Status == ConditionTrue {
				status = []string{string(c.Type)}
			} else {
				status = []string{"Not" + string(c.Type)}
			}
		}
	}
	if len(status) == 0 {
		status = append(status, "Unknown")
	}
	if n.Spec.Unschedulable {
		status = append(status, "SchedulingDisabled")
	}
	return strings.Join(status, ",")
}

// NodeRoles returns a node's roles, sorted: the <role> of every
// node-role.kubernetes.io/<role> label and the value of kubernetes.io/role.
func NodeRoles(n *Node) []string {
	set := map[string]bool{}
	for k, v := range n.Labels {
		switch {
		case strings.HasPrefix(k, LabelNodeRolePrefix):
			if role := strings.TrimPrefix(k, LabelNodeRolePrefix); role != "" {
				set[role] = true
			}
		case k == LabelNodeRole && v != "":
			set[v] = true
		}
	}
	roles := make([]string, 0, len(set))
	for r := range set {
		roles = append(roles, r)
	}
	sort.Strings(roles)
	return roles
}

func nodeAddress(n *Node, t NodeAddressType) string {
	for _, a := range n.Status.Addresses {
		if a.Type == t {
			return a.Address
		}
	}
	return "<none>"
}
