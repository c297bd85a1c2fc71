package apiserver

import (
	"encoding/json"
	"mime"
	"net/http"
	"sort"
	"strings"

	"github.com/gantryhq/gantry/sdk/api/meta"
)

// discovery serves /api, /apis and the group-version documents, in the
// legacy shapes and as aggregated discovery (apidiscovery.k8s.io/v2).
// The documents are built once: the registry does not change while serving.
type discovery struct {
	api        []byte            // APIVersions
	apis       []byte            // APIGroupList
	groups     map[string][]byte // /apis/<group> → APIGroup
	gv         map[string][]byte // "v1" or "group/version" → APIResourceList
	aggregated map[string][]byte // "/api" and "/apis" → APIGroupDiscoveryList
	served     map[meta.GroupVersion]bool
}

var allVerbs = []string{"create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"}

func newDiscovery(s *Server) *discovery {
	d := &discovery{groups: map[string][]byte{}, gv: map[string][]byte{}, aggregated: map[string][]byte{}, served: map[meta.GroupVersion]bool{}}
	var coreVersions []string
	groupList := meta.APIGroupList{TypeMeta: meta.TypeMeta{Kind: "APIGroupList", APIVersion: "v1"}, Groups: []meta.APIGroup{}}
	aggCore := meta.APIGroupDiscoveryList{TypeMeta: meta.TypeMeta{Kind: "APIGroupDiscoveryList", APIVersion: "apidiscovery.k8s.io/v2"}}
	aggGroups := aggCore
	groupIndex := map[string]int{}
	for _, gv := range s.reg.GroupVersions() {
		d.served[gv] = true
		kinds := s.reg.KindsIn(gv)
		rl := meta.APIResourceList{TypeMeta: meta.TypeMeta{Kind: "APIResourceList", APIVersion: "v1"}, GroupVersion: gv.String(), APIResources: []meta.APIResource{}}
		vd := meta.APIVersionDiscovery{Version: gv.Version, Freshness: "Current"}
		for _, k := range kinds {
			rl.APIResources = append(rl.APIResources, meta.APIResource{
				Name: k.Resource(), SingularName: k.Singular(), Namespaced: k.Namespaced(), Kind: k.GVK().Kind,
				Verbs: allVerbs, ShortNames: k.ShortNames(), Categories: k.Categories(),
			})
			scope := "Cluster"
			if k.Namespaced() {
				scope = "Namespaced"
			}
			rd := meta.APIResourceDiscovery{
				Resource: k.Resource(), SingularResource: k.Singular(), Scope: scope, Verbs: allVerbs,
				ShortNames: k.ShortNames(), Categories: k.Categories(),
				ResponseKind: &meta.GroupVersionKindRef{Group: gv.Group, Version: gv.Version, Kind: k.GVK().Kind},
			}
			for _, sub := range subresourcesOf(s, k.GVR()) {
				rl.APIResources = append(rl.APIResources, meta.APIResource{
					Name: k.Resource() + "/" + sub.name, Namespaced: k.Namespaced(), Kind: sub.kind.Kind,
					Group: sub.kind.Group, Version: sub.kind.Version, Verbs: sub.verbs,
				})
				kind := sub.kind
				rd.Subresources = append(rd.Subresources, meta.APISubresourceDiscovery{Subresource: sub.name, ResponseKind: &kind, Verbs: sub.verbs})
			}
			vd.Resources = append(vd.Resources, rd)
		}
		sort.Slice(rl.APIResources, func(i, j int) bool { return rl.APIResources[i].Name < rl.APIResources[j].Name })
		d.gv[gv.String()] = mustJSON(rl)
		if gv.Group == "" {
			coreVersions = append(coreVersions, gv.Version)
			aggCore.Items = append(aggCore.Items, meta.APIGroupDiscovery{TypeMeta: meta.TypeMeta{Kind: "APIGroupDiscovery", APIVersion: "apidiscovery.k8s.io/v2"}})
			aggCore.Items[0].Versions = append(aggCore.Items[0].Versions, vd)
			continue
		}
		gvd := meta.GroupVersionForDiscovery{GroupVersion: gv.String(), Version: gv.Version}
		i, ok := groupIndex[gv.Group]
		if !ok {
			i = len(groupList.Groups)
			groupIndex[gv.Group] = i
			groupList.Groups = append(groupList.Groups, meta.APIGroup{Name: gv.Group, PreferredVersion: gvd})
			aggGroups.Items = append(aggGroups.Items, meta.APIGroupDiscovery{
				TypeMeta:   meta.TypeMeta{Kind: "APIGroupDiscovery", APIVersion: "apidiscovery.k8s.io/v2"},
				ObjectMeta: meta.ObjectMeta{Name: gv.Group},
			})
		}
		groupList.Groups[i].Versions = append(groupList.Groups[i].Versions, gvd)
		aggGroups.Items[i].Versions = append(aggGroups.Items[i].Versions, vd)
	}
	for _, g := range groupList.Groups {
		g.TypeMeta = meta.TypeMeta{Kind: "APIGroup", APIVersion: "v1"}
		d.groups[g.Name] = mustJSON(g)
	}
	if coreVersions == nil {
		coreVersions = []string{}
	}
	d.api = mustJSON(meta.APIVersions{TypeMeta: meta.TypeMeta{Kind: "APIVersions"}, Versions: coreVersions,
		ServerAddressByClientCIDRs: []meta.ServerAddressByClientCIDR{{ClientCIDR: "0.0.0.0/0", ServerAddress: ""}}})
	d.apis = mustJSON(groupList)
	if aggCore.Items == nil {
		aggCore.Items = []meta.APIGroupDiscovery{}
	}
	if aggGroups.Items == nil {
		aggGroups.Items = []meta.APIGroupDiscovery{}
	}
	d.aggregated["/api"] = mustJSON(aggCore)
	d.aggregated["/apis"] = mustJSON(aggGroups)
	return d
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

// wantsAggregated reports whether the Accept header asks for aggregated discovery.
func wantsAggregated(r *http.Request) (string, bool) {
	for _, part := range strings.Split(r.Header.Get("Accept"), ",") {
		mt, params, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil || mt != "application/json" {
			continue
		}
		if params["g"] == "apidiscovery.k8s.io" && params["as"] == "APIGroupDiscoveryList" && (params["v"] == "v2" || params["v"] == "v2beta1") {
			return params["v"], true
		}
		if params["as"] == "" {
			return "", false
		}
	}
	return "", false
}

// serve answers discovery paths; it reports false for other paths.
func (d *discovery) serve(w http.ResponseWriter, r *http.Request) bool {
	p := strings.TrimSuffix(r.URL.Path, "/")
	switch p {
	case "/api", "/apis":
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			return false
		}
		if v, ok := wantsAggregated(r); ok {
			body := d.aggregated[p]
			if v == "v2beta1" {
				body = []byte(strings.ReplaceAll(string(body), `"apidiscovery.k8s.io/v2"`, `"apidiscovery.k8s.io/v2beta1"`))
			}
			w.Header().Set("Content-Type", "application/json;g=apidiscovery.k8s.io;v="+v+";as=APIGroupDiscoveryList")
			w.Header().Set("Vary", "Accept")
			_, _ = w.Write(body)
			return true
		}
		w.Header().Set("Vary", "Accept")
		if p == "/api" {
			writeJSON(w, http.StatusOK, output{}, d.api)
		} else {
			writeJSON(w, http.StatusOK, output{}, d.apis)
		}
		return true
	}
	parts := strings.Split(strings.Trim(p, "/"), "/")
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return false
	}
	switch {
	case len(parts) == 2 && parts[0] == "api":
		if b, ok := d.gv[parts[1]]; ok {
			writeJSON(w, http.StatusOK, output{}, b)
			return true
		}
	case len(parts) == 2 && parts[0] == "apis":
		if b, ok := d.groups[parts[1]]; ok {
			writeJSON(w, http.StatusOK, output{}, b)
			return true
		}
	case len(parts) == 3 && parts[0] == "apis":
		if b, ok := d.gv[parts[1]+"/"+parts[2]]; ok {
			writeJSON(w, http.StatusOK, output{}, b)
			return true
		}
	}
	return false
}

// subresource describes one subresource for discovery.
type subresource struct {
	name  string
	kind  meta.GroupVersionKindRef
	verbs []string
}

// subresourcesOf lists the subresources served for gvr.
func subresourcesOf(s *Server, gvr meta.GroupVersionResource) []subresource {
	k, ok := s.reg.KindForResource(gvr)
	if !ok {
		return nil
	}
	var out []subresource
	self := meta.GroupVersionKindRef{Group: gvr.Group, Version: gvr.Version, Kind: k.GVK().Kind}
	if k.HasStatus() {
		out = append(out, subresource{"status", self, []string{"get", "patch", "update"}})
	}
	if k.HasScale() {
		out = append(out, subresource{"scale", meta.GroupVersionKindRef{Group: "autoscaling", Version: "v1", Kind: "Scale"}, []string{"get", "patch", "update"}})
	}
	for _, sub := range s.extraSubresources[gvr] {
		out = append(out, sub)
	}
	return out
}
