package openapi

import (
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/registry"
)

// The patch content types Kubernetes accepts.
const (
	PatchTypeJSON           = "application/json-patch+json"
	PatchTypeMerge          = "application/merge-patch+json"
	PatchTypeStrategicMerge = "application/strategic-merge-patch+json"
	PatchTypeApply          = "application/apply-patch+yaml"
)

const (
	contentJSON      = "application/json"
	contentJSONWatch = "application/json;stream=watch"
)

// pathBuilder adds the paths of the kinds of one group version.
type pathBuilder struct {
	gv         meta.GroupVersion
	prefix     string // "/api/v1" or "/apis/<group>/<version>"
	tag        string
	id         string
	patchTypes []string
	paths      map[string]*pathItem
	// The names of the schemas operations share.
	statusRef, deleteOptionsRef, watchEventRef, patchRef, scaleRef string
}

func newPathBuilder(gv meta.GroupVersion, patchTypes []string) *pathBuilder {
	prefix := "/apis/" + gv.Group + "/" + gv.Version
	if gv.Group == "" {
		prefix = "/api/" + gv.Version
	}
	return &pathBuilder{
		gv:         gv,
		prefix:     prefix,
		tag:        groupTag(gv.Group, gv.Version),
		id:         groupID(gv.Group, gv.Version),
		patchTypes: patchTypes,
		paths:      map[string]*pathItem{},
	}
}

// content returns a response or request body content map listing ref
// under each of the media types.
func content(ref string, types ...string) map[string]*mediaType {
	m := make(map[string]*mediaType, len(types))
	for _, t := range types {
		m[t] = &mediaType{Schema: refTo(ref)}
	}
	return m
}

func responses(ref string, codes ...string) map[string]*response {
	text := map[string]string{"200": "OK", "201": "Created", "202": "Accepted"}
	m := map[string]*response{"401": {Description: "Unauthorized"}}
	for _, c := range codes {
		m[c] = &response{Description: text[c], Content: content(ref, contentJSON)}
	}
	return m
}

// streamResponses are the responses of a list or watch: ref as one JSON
// document, or as a stream of them when watching.
func streamResponses(ref string) map[string]*response {
	return map[string]*response{
		"200": {Description: "OK", Content: content(ref, contentJSON, contentJSONWatch)},
		"401": {Description: "Unauthorized"},
	}
}

func (pb *pathBuilder) op(action, id, description string, g gvk) *operation {
	return &operation{
		Description: description,
		OperationID: id,
		Tags:        []string{pb.tag},
		Action:      action,
		GVK:         &g,
	}
}

func (pb *pathBuilder) path(p string, params ...*parameter) *pathItem {
	item := &pathItem{Parameters: append(params, paramPretty())}
	pb.paths[p] = item
	return item
}

// addKind adds every path of kind k, whose object and list schemas are
// named kindRef and listRef.
func (pb *pathBuilder) addKind(k *registry.Kind, kindRef, listRef string) {
	kgvk := gvk{Group: k.GVK().Group, Kind: k.GVK().Kind, Version: k.GVK().Version}
	kind, res := kgvk.Kind, k.Resource()

	// scope: what sits between the group version and the resource, and the
	// word operation IDs use for it.
	scope, scopeID := "/", ""
	var scopeParams func() []*parameter = func() []*parameter { return nil }
	if k.Namespaced() {
		scope, scopeID = "/namespaces/{namespace}/", "Namespaced"
		scopeParams = func() []*parameter { return []*parameter{paramNamespace()} }
	}
	nameParams := func() []*parameter { return append([]*parameter{paramName(kind)}, scopeParams()...) }

	// The collection: list, create, delete collection.
	coll := pb.path(pb.prefix+scope+res, scopeParams()...)
	coll.Get = pb.op("list", "list"+pb.id+scopeID+kind, "list or watch objects of kind "+kind, kgvk)
	coll.Get.Parameters = listParams()
	coll.Get.Responses = streamResponses(listRef)
	coll.Post = pb.op("post", "create"+pb.id+scopeID+kind, "create a "+kind, kgvk)
	coll.Post.Parameters = writeParams()
	coll.Post.RequestBody = &requestBody{Content: content(kindRef, "*/*")}
	coll.Post.Responses = responses(kindRef, "200", "201", "202")
	coll.Delete = pb.op("deletecollection", "delete"+pb.id+"Collection"+scopeID+kind, "delete collection of "+kind, kgvk)
	coll.Delete.Parameters = deleteCollectionParams()
	coll.Delete.RequestBody = &requestBody{Content: content(pb.deleteOptionsRef, "*/*")}
	coll.Delete.Responses = responses(pb.statusRef, "200")

	// One object: read, replace, patch, delete.
	item := pb.path(pb.prefix+scope+res+"/{name}", nameParams()...)
	pb.objectOps(item, kind, scopeID, "", kindRef, kgvk)
	item.Delete = pb.op("delete", "delete"+pb.id+scopeID+kind, "delete a "+kind, kgvk)
	item.Delete.Parameters = deleteParams()
	item.Delete.RequestBody = &requestBody{Content: content(pb.deleteOptionsRef, "*/*")}
	item.Delete.Responses = responses(pb.statusRef, "200", "202")

	if k.HasStatus() {
		pb.objectOps(pb.path(pb.prefix+scope+res+"/{name}/status", nameParams()...), kind, scopeID, "status", kindRef, kgvk)
	}
	if k.HasScale() {
		pb.objectOps(pb.path(pb.prefix+scope+res+"/{name}/scale", nameParams()...), kind, scopeID, "scale", pb.scaleRef,
			gvk{Group: "autoscaling", Kind: "Scale", Version: "v1"})
	}

	// A namespaced kind can be listed across namespaces.
	if k.Namespaced() {
		all := pb.path(pb.prefix + "/" + res)
		all.Get = pb.op("list", "list"+pb.id+kind+"ForAllNamespaces", "list or watch objects of kind "+kind, kgvk)
		all.Get.Parameters = listParams()
		all.Get.Responses = streamResponses(listRef)
		pb.watchPath(pb.prefix+"/watch/"+res, nil, "watchlist", "watch"+pb.id+kind+"ListForAllNamespaces",
			"watch individual changes to a list of "+kind+"; deprecated: use the 'watch' parameter with a list operation instead", kgvk)
	}
	// The deprecated watch paths, still served by Kubernetes.
	pb.watchPath(pb.prefix+"/watch"+scope+res, scopeParams(), "watchlist", "watch"+pb.id+scopeID+kind+"List",
		"watch individual changes to a list of "+kind+"; deprecated: use the 'watch' parameter with a list operation instead", kgvk)
	pb.watchPath(pb.prefix+"/watch"+scope+res+"/{name}", nameParams(), "watch", "watch"+pb.id+scopeID+kind,
		"watch changes to an object of kind "+kind+"; deprecated: use the 'watch' parameter with a list operation instead, "+
			"filtered to one object by a fieldSelector on metadata.name", kgvk)
}

// objectOps adds read, replace and patch of one object, or of one of its
// subresources (status, scale).
func (pb *pathBuilder) objectOps(item *pathItem, kind, scopeID, sub, ref string, g gvk) {
	subID, of := "", ""
	if sub != "" {
		subID, of = upperFirst(sub), sub+" of "
	}
	item.Get = pb.op("get", "read"+pb.id+scopeID+kind+subID, "read "+of+"the specified "+kind, g)
	item.Get.Responses = responses(ref, "200")
	item.Put = pb.op("put", "replace"+pb.id+scopeID+kind+subID, "replace "+of+"the specified "+kind, g)
	item.Put.Parameters = writeParams()
	item.Put.RequestBody = &requestBody{Content: content(ref, "*/*")}
	item.Put.Responses = responses(ref, "200", "201")
	item.Patch = pb.op("patch", "patch"+pb.id+scopeID+kind+subID, "partially update "+of+"the specified "+kind, g)
	item.Patch.Parameters = patchParams()
	item.Patch.RequestBody = &requestBody{Content: content(pb.patchRef, pb.patchTypes...)}
	item.Patch.Responses = responses(ref, "200", "201")
}

func (pb *pathBuilder) watchPath(p string, params []*parameter, action, id, description string, g gvk) {
	item := pb.path(p, append(params, listParams()...)...)
	item.Get = pb.op(action, id, description, g)
	item.Get.Responses = streamResponses(pb.watchEventRef)
}
