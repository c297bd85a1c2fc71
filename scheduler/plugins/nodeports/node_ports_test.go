package nodeports

import (
	"context"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/gantryhq/gantry/scheduler/framework"
	st "github.com/gantryhq/gantry/scheduler/plugins/helper/schedtest"
	corev1 "github.com/gantryhq/gantry/sdk/api/core/v1"
)

const (
	tcp = corev1.ProtocolTCP
)

func ports(spec ...[3]string) *corev1.Pod {
	w := st.MakePod().Name("p")
	for _, s := range spec {
		port, _ := strconv.Atoi(s[2])
		w.HostPort(s[0], corev1.Protocol(s[1]), int32(port))
	}
	return w.Obj()
}

// Cases from Kubernetes' node_ports_test.go.
func TestFilter(t *testing.T) {
	conflict := framework.NewStatus(framework.Unschedulable, ErrReason)
	tests := []struct {
		name     string
		pod      *corev1.Pod
		existing *corev1.Pod
		want     *framework.Status
		wantSkip bool
	}{
		{name: "nothing running", pod: st.MakePod().Name("p").Obj(), existing: ports(), wantSkip: true},
		{name: "other port", pod: ports([3]string{"127.0.0.1", "UDP", "8080"}), existing: ports([3]string{"127.0.0.1", "UDP", "9090"})},
		{name: "same udp port", pod: ports([3]string{"127.0.0.1", "UDP", "8080"}), existing: ports([3]string{"127.0.0.1", "UDP", "8080"}), want: conflict},
		{name: "same tcp port", pod: ports([3]string{"127.0.0.1", "TCP", "8080"}), existing: ports([3]string{"127.0.0.1", "TCP", "8080"}), want: conflict},
		{name: "different host ip", pod: ports([3]string{"127.0.0.1", "TCP", "8080"}), existing: ports([3]string{"127.0.0.2", "TCP", "8080"})},
		{name: "different protocol", pod: ports([3]string{"127.0.0.1", "UDP", "8080"}), existing: ports([3]string{"127.0.0.1", "TCP", "8080"})},
		{name: "second udp port conflict", pod: ports([3]string{"127.0.0.1", "TCP", "8000"}, [3]string{"127.0.0.1", "UDP", "8080"}),
			existing: ports([3]string{"127.0.0.1", "UDP", "8080"}), want: conflict},
		{name: "first tcp port conflict", pod: ports([3]string{"127.0.0.1", "TCP", "8001"}, [3]string{"127.0.0.1", "UDP", "8080"}),
			existing: ports([3]string{"127.0.0.1", "TCP", "8001"}, [3]string{"127.0.0.1", "UDP", "8081"}), want: conflict},
		{name: "first tcp port conflict due to 0.0.0.0 hostIP", pod: ports([3]string{"0.0.0.0", "TCP", "8001"}),
			existing: ports([3]string{"127.0.0.1", "TCP", "8001"}), want: conflict},
		{name: "TCP hostPort conflict due to 0.0.0.0 hostIP", pod: ports([3]string{"10.0.10.10", "TCP", "8001"}, [3]string{"0.0.0.0", "TCP", "8001"}),
			existing: ports([3]string{"127.0.0.1", "TCP", "8001"}), want: conflict},
		{name: "second tcp port conflict to 0.0.0.0 hostIP", pod: ports([3]string{"127.0.0.1", "TCP", "8001"}),
			existing: ports([3]string{"0.0.0.0", "TCP", "8001"}), want: conflict},
		{name: "second different protocol", pod: ports([3]string{"0.0.0.0", "UDP", "8001"}), existing: ports([3]string{"0.0.0.0", "TCP", "8001"})},
		{name: "UDP hostPort conflict due to 0.0.0.0 hostIP", pod: ports([3]string{"0.0.0.0", "TCP", "8001"}, [3]string{"0.0.0.0", "UDP", "8001"}),
			existing: ports([3]string{"127.0.0.1", "UDP", "8001"}), want: conflict},
		{name: "empty host IP and protocol mean 0.0.0.0 and TCP", pod: ports([3]string{"", "", "8001"}),
			existing: ports([3]string{"127.0.0.1", "TCP", "8001"}), want: conflict},
	}
	p, _ := New(context.Background(), nil, nil)
	pl := p.(*NodePorts)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			node := st.MakeNode().Name("n").Obj()
			tc.existing.Spec.NodeName = "n"
			tc.existing.Name, tc.existing.UID = "existing", "existing"
			ni := st.NodeInfos([]*corev1.Node{node}, []*corev1.Pod{tc.existing})[0]
			state := framework.NewCycleState()
			_, s := pl.PreFilter(context.Background(), state, tc.pod)
			if tc.wantSkip {
				if !s.IsSkip() {
					t.Fatalf("PreFilter = %v, want Skip", s)
				}
				return
			}
			if !s.IsSuccess() {
				t.Fatalf("PreFilter = %v", s)
			}
			got := pl.Filter(context.Background(), state, tc.pod, ni)
			if diff := cmp.Diff(tc.want.String(), got.String()); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.want == nil, Fits(tc.pod, ni)); diff != "" {
				t.Errorf("Fits (-want +got):\n%s", diff)
			}
		})
	}
}

func TestFilterWithoutPreFilter(t *testing.T) {
	p, _ := New(context.Background(), nil, nil)
	got := p.(*NodePorts).Filter(context.Background(), framework.NewCycleState(), ports([3]string{"", "", "80"}), framework.NewNodeInfo())
	if got.Code() != framework.Error {
		t.Errorf("Filter = %v, want Error", got)
	}
}

func TestGetHostPorts(t *testing.T) {
	pod := ports([3]string{"", "TCP", "80"})
	pod.Spec.Containers = append(pod.Spec.Containers, corev1.Container{Name: "no-host-port", Ports: []corev1.ContainerPort{{ContainerPort: 90}}})
	always := corev1.ContainerRestartPolicyAlways
	pod.Spec.InitContainers = []corev1.Container{
		{Name: "init", Ports: []corev1.ContainerPort{{HostPort: 81}}},
		{Name: "sidecar", RestartPolicy: &always, Ports: []corev1.ContainerPort{{HostPort: 82}}},
	}
	got := GetHostPorts(pod)
	want := []corev1.ContainerPort{{HostPort: 82}, {Protocol: tcp, HostPort: 80, ContainerPort: 80}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestIsSchedulableAfterPodDeleted(t *testing.T) {
	pod := ports([3]string{"", "TCP", "80"})
	scheduled := func(p *corev1.Pod) *corev1.Pod { p.Spec.NodeName = "n"; p.Name, p.UID = "other", "other"; return p }
	nominated := ports([3]string{"", "TCP", "80"})
	nominated.Status.NominatedNodeName = "n"
	tests := []struct {
		name    string
		deleted any
		want    framework.QueueingHint
		wantErr bool
	}{
		{name: "scheduled pod with the same port", deleted: scheduled(ports([3]string{"", "TCP", "80"})), want: framework.Queue},
		{name: "scheduled pod with another port", deleted: scheduled(ports([3]string{"", "TCP", "81"})), want: framework.QueueSkip},
		{name: "scheduled pod with the port over udp", deleted: scheduled(ports([3]string{"", "UDP", "80"})), want: framework.QueueSkip},
		{name: "scheduled pod without host ports", deleted: scheduled(st.MakePod().Obj()), want: framework.QueueSkip},
		{name: "unscheduled pod", deleted: ports([3]string{"", "TCP", "80"}), want: framework.QueueSkip},
		{name: "nominated pod", deleted: nominated, want: framework.Queue},
		{name: "wrong type", deleted: st.MakeNode().Obj(), want: framework.Queue, wantErr: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := isSchedulableAfterPodDeleted(pod, tc.deleted, nil)
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v", err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// BenchmarkFilter filters one pod with a host port over 5,000 nodes per
// op, half of which use other host ports.
func BenchmarkFilter(b *testing.B) {
	nodes := make([]*corev1.Node, 5000)
	var pods []*corev1.Pod
	for i := range nodes {
		name := "node-" + strconv.Itoa(i)
		nodes[i] = st.MakeNode().Name(name).Obj()
		if i%2 == 0 {
			pods = append(pods, st.MakePod().Name("p"+name).Node(name).HostPort("", tcp, 9000).HostPort("10.0.0.1", tcp, 9001).Obj())
		}
	}
	infos := st.NodeInfos(nodes, pods)
	p, _ := New(context.Background(), nil, nil)
	pl := p.(*NodePorts)
	pod := ports([3]string{"", "TCP", "8080"})
	ctx, state := context.Background(), framework.NewCycleState()
	pl.PreFilter(ctx, state, pod)
	b.ReportAllocs()
	for b.Loop() {
		for _, ni := range infos {
			if s := pl.Filter(ctx, state, pod, ni); s != nil {
				b.Fatal(s)
			}
		}
	}
}
