package openapi

// The OpenAPI 3.0 document model, limited to what Build emits. Field order
// does not matter to clients; encoding/json sorts map keys, so a document
// marshals to the same bytes every time.

// document is one OpenAPI 3.0 document: the API of one group version.
type document struct {
	OpenAPI    string               `json:"openapi"`
	Info       info                 `json:"info"`
	Paths      map[string]*pathItem `json:"paths"`
	Components components           `json:"components"`
}

type info struct {
	Title   string `json:"title"`
	Version string `json:"version"`
}

type components struct {
	Schemas map[string]*schema `json:"schemas"`
}

// pathItem holds the operations of one path. Parameters common to every
// operation of the path (path parameters and pretty) sit on the path, the
// others on each operation: kubectl looks for fieldValidation among the
// operation's own parameters.
type pathItem struct {
	Get        *operation   `json:"get,omitempty"`
	Put        *operation   `json:"put,omitempty"`
	Post       *operation   `json:"post,omitempty"`
	Delete     *operation   `json:"delete,omitempty"`
	Patch      *operation   `json:"patch,omitempty"`
	Parameters []*parameter `json:"parameters,omitempty"`
}

type operation struct {
	Description string               `json:"description,omitempty"`
	OperationID string               `json:"operationId,omitempty"`
	Tags        []string             `json:"tags,omitempty"`
	Parameters  []*parameter         `json:"parameters,omitempty"`
	RequestBody *requestBody         `json:"requestBody,omitempty"`
	Responses   map[string]*response `json:"responses"`
	// Action is Kubernetes' verb: get, list, post, put, patch, delete,
	// deletecollection, watch or watchlist.
	Action string `json:"x-kubernetes-action,omitempty"`
	// GVK is the kind the operation reads or writes (an object, where
	// schemas carry an array).
	GVK *gvk `json:"x-kubernetes-group-version-kind,omitempty"`
}

type parameter struct {
	Name        string  `json:"name"`
	In          string  `json:"in"`
	Description string  `json:"description,omitempty"`
	Required    bool    `json:"required,omitempty"`
	Schema      *schema `json:"schema"`
}

type requestBody struct {
	Content map[string]*mediaType `json:"content"`
}

type mediaType struct {
	Schema *schema `json:"schema"`
}

type response struct {
	Description string                `json:"description"`
	Content     map[string]*mediaType `json:"content,omitempty"`
}

// gvk is the value of the x-kubernetes-group-version-kind extension. The
// group is always present, "" for the core group: kubectl explain compares
// the operation's object with the schemas' array elements as whole maps.
type gvk struct {
	Group   string `json:"group"`
	Kind    string `json:"kind"`
	Version string `json:"version"`
}

// schema is an OpenAPI 3.0 schema object with the Kubernetes extensions.
type schema struct {
	Ref                  string             `json:"$ref,omitempty"`
	Description          string             `json:"description,omitempty"`
	Type                 string             `json:"type,omitempty"`
	Format               string             `json:"format,omitempty"`
	Items                *schema            `json:"items,omitempty"`
	Properties           map[string]*schema `json:"properties,omitempty"`
	Required             []string           `json:"required,omitempty"`
	AdditionalProperties *schema            `json:"additionalProperties,omitempty"`
	AllOf                []*schema          `json:"allOf,omitempty"`
	OneOf                []*schema          `json:"oneOf,omitempty"`

	GVK                   []gvk    `json:"x-kubernetes-group-version-kind,omitempty"`
	IntOrString           bool     `json:"x-kubernetes-int-or-string,omitempty"`
	PreserveUnknownFields bool     `json:"x-kubernetes-preserve-unknown-fields,omitempty"`
	ListType              string   `json:"x-kubernetes-list-type,omitempty"`
	ListMapKeys           []string `json:"x-kubernetes-list-map-keys,omitempty"`
	PatchStrategy         string   `json:"x-kubernetes-patch-strategy,omitempty"`
	PatchMergeKey         string   `json:"x-kubernetes-patch-merge-key,omitempty"`
}

// refTo returns a schema that points at a component schema.
func refTo(name string) *schema { return &schema{Ref: "#/components/schemas/" + name} }
