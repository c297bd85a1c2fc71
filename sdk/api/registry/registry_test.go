package registry_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/gantryhq/gantry/sdk/api/builtin"
	"github.com/gantryhq/gantry/sdk/api/field"
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/registry"
)

// GameServer is a product's own kind, registered through the same public
// API as the built-in kinds.
type GameServer struct {
	meta.TypeMeta   `json:",inline"`
	meta.ObjectMeta `json:"metadata,omitempty"`
	Spec            GameServerSpec   `json:"spec,omitempty"`
	Status          GameServerStatus `json:"status,omitempty"`
}

type GameServerSpec struct {
	Map     string `json:"map"`
	Players int32  `json:"players"`
}

type GameServerStatus struct {
	State string `json:"state,omitempty"`
}

func (g *GameServer) DeepCopyObject() meta.Object {
	out := *g
	out.ObjectMeta = *g.ObjectMeta.DeepCopy()
	return &out
}

type GameServerList struct {
	meta.TypeMeta `json:",inline"`
	meta.ListMeta `json:"metadata,omitempty"`
	Items         []GameServer `json:"items"`
}

func (l *GameServerList) DeepCopyObject() meta.ListObject {
	out := *l
	out.Items = make([]GameServer, len(l.Items))
	for i := range l.Items {
		out.Items[i] = *l.Items[i].DeepCopyObject().(*GameServer)
	}
	return &out
}

func gameServerType() registry.Type[*GameServer] {
	return registry.Type[*GameServer]{
		Group: "games.example.com", Version: "v1", Kind: "GameServer",
		ShortNames: []string{"gs"}, Categories: []string{"all"}, Namespaced: true,
		New:     func() *GameServer { return &GameServer{} },
		NewList: func() meta.ListObject { return &GameServerList{} },
		Default: func(g *GameServer) {
			if g.Spec.Players == 0 {
				g.Spec.Players = 8
			}
		},
		Validate: func(g *GameServer) field.ErrorList {
			var errs field.ErrorList
			if g.Spec.Map == "" {
				errs = append(errs, field.Required(field.NewPath("spec", "map"), ""))
			}
			if g.Spec.Players < 1 || g.Spec.Players > 64 {
				errs = append(errs, field.Invalid(field.NewPath("spec", "players"), g.Spec.Players, "must be between 1 and 64"))
			}
			return errs
		},
		Spec:        func(g *GameServer) any { return &g.Spec },
		ResetStatus: func(g *GameServer) { g.Status = GameServerStatus{} },
		CopyStatus:  func(dst, src *GameServer) { dst.Status = src.Status },
		CopySpec:    func(dst, src *GameServer) { dst.Spec = src.Spec },
		Fields:      map[string]func(*GameServer) string{"spec.map": func(g *GameServer) string { return g.Spec.Map }},
		Columns: []registry.Column{
			{Name: "Name", Type: "string", Format: "name"},
			{Name: "Map", Type: "string"},
			{Name: "Age", Type: "string"},
		},
		Cells: func(g *GameServer, now time.Time) []any {
			return []any{g.Name, g.Spec.Map, registry.Age(g.CreationTimestamp, now)}
		},
	}
}

func TestCustomKindAlongsideBuiltins(t *testing.T) {
	r, err := builtin.NewRegistry()
	if err != nil {
		t.Fatal(err)
	}
	if err := registry.Add(r, gameServerType()); err != nil {
		t.Fatal(err)
	}
	k, ok := r.Lookup("gs")
	if !ok || k.Resource() != "gameservers" || k.ListKind() != "GameServerList" || k.APIVersion() != "games.example.com/v1" {
		t.Fatalf("lookup by short name: %v %+v", ok, k)
	}
	if k2, ok := r.Lookup("gameservers.games.example.com"); !ok || k2 != k {
		t.Fatalf("lookup by resource.group failed")
	}
	obj := k.New().(*GameServer)
	if obj.Kind != "GameServer" || obj.APIVersion != "games.example.com/v1" {
		t.Errorf("New did not set TypeMeta: %+v", obj.TypeMeta)
	}
	obj.Name, obj.Namespace = "eu-1", "default"
	k.Default(obj)
	errs := k.Validate(obj)
	var got []string
	for _, e := range errs {
		got = append(got, e.Error())
	}
	if diff := cmp.Diff([]string{"spec.map: Required value"}, got); diff != "" {
		t.Errorf("validate (-want +got):\n%s", diff)
	}
	obj.Spec.Map = "dust"
	obj.Status.State = "Ready"
	k.PrepareForCreate(obj)
	if obj.Generation != 1 || obj.Status.State != "" {
		t.Errorf("PrepareForCreate: generation %d status %+v", obj.Generation, obj.Status)
	}
	old := obj.DeepCopyObject().(*GameServer)
	obj.Spec.Players = 16
	obj.Status.State = "Hacked"
	k.PrepareForUpdate(obj, old)
	if obj.Generation != 2 || obj.Status.State != "" {
		t.Errorf("PrepareForUpdate: generation %d status %+v", obj.Generation, obj.Status)
	}
	if v, ok := k.FieldValue(obj, "spec.map"); !ok || v != "dust" {
		t.Errorf("field selector spec.map: %q %v", v, ok)
	}
	if !k.SupportsField("metadata.namespace") || k.SupportsField("spec.players") {
		t.Errorf("SupportsField wrong")
	}
}

func TestRegistryRefusesDuplicates(t *testing.T) {
	r := registry.New()
	if err := registry.Add(r, gameServerType()); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		mod  func(*registry.Type[*GameServer])
		want string
	}{
		{"same kind", func(t *registry.Type[*GameServer]) {}, "already registered"},
		{"same resource", func(t *registry.Type[*GameServer]) { t.Kind = "GameServer2"; t.Resource = "gameservers" }, "already registered"},
		{"same short name", func(t *registry.Type[*GameServer]) { t.Kind = "Lobby" }, `short name "gs"`},
		{"no New", func(t *registry.Type[*GameServer]) { t.Kind = "Other"; t.ShortNames = nil; t.New = nil }, "needs New and NewList"},
		{"status half", func(t *registry.Type[*GameServer]) { t.Kind = "Other"; t.ShortNames = nil; t.CopySpec = nil }, "go together"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			typ := gameServerType()
			tc.mod(&typ)
			err := registry.Add(r, typ)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want an error containing %q", err, tc.want)
			}
		})
	}
}

func TestPluralizeAndAge(t *testing.T) {
	for in, want := range map[string]string{"pod": "pods", "ingress": "ingresses", "policy": "policies", "day": "days", "box": "boxes", "mesh": "meshes"} {
		if got := registry.Pluralize(in); got != want {
			t.Errorf("Pluralize(%q) = %q, want %q", in, got, want)
		}
	}
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for d, want := range map[time.Duration]string{5 * time.Second: "5s", 3 * time.Minute: "3m", 90 * time.Minute: "90m", 5*time.Hour + 30*time.Minute: "5h30m", 50 * time.Hour: "2d2h", 400 * 24 * time.Hour: "400d"} {
		if got := registry.Age(meta.NewTime(now.Add(-d)), now); got != want {
			t.Errorf("Age(%v) = %q, want %q", d, got, want)
		}
	}
}

func TestBuiltinRegistryIsComplete(t *testing.T) {
	r, err := builtin.NewRegistry()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"namespaces", "nodes", "pods", "services", "endpoints", "configmaps", "secrets", "serviceaccounts",
		"events", "limitranges", "resourcequotas", "replicationcontrollers", "deployments.apps", "replicasets.apps",
		"daemonsets.apps", "statefulsets.apps", "controllerrevisions.apps", "jobs.batch", "cronjobs.batch",
		"horizontalpodautoscalers.autoscaling", "ingresses.networking.k8s.io", "leases.coordination.k8s.io",
		"priorityclasses.scheduling.k8s.io", "endpointslices.discovery.k8s.io"}
	for _, name := range want {
		if _, ok := r.Lookup(name); !ok {
			t.Errorf("built-in registry lacks %s", name)
		}
	}
}
