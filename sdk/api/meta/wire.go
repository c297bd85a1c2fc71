package meta

import "encoding/json"

// DeletionPropagation says how dependents are garbage collected.
type DeletionPropagation string

// Deletion propagation policies.
const (
	// DeletePropagationOrphan leaves dependents and removes their owner reference.
	DeletePropagationOrphan DeletionPropagation = "Orphan"
	// DeletePropagationBackground deletes the owner at once and dependents afterwards.
	DeletePropagationBackground DeletionPropagation = "Background"
	// DeletePropagationForeground deletes dependents (blockOwnerDeletion ones) before the owner.
	DeletePropagationForeground DeletionPropagation = "Foreground"
)

// Finalizers the API server adds for deletion propagation.
const (
	FinalizerOrphanDependents = "orphan"
	FinalizerDeleteDependents = "foregroundDeletion"
)

// Preconditions must be fulfilled before a delete is carried out.
type Preconditions struct {
	UID             *UID    `json:"uid,omitempty"`
	ResourceVersion *string `json:"resourceVersion,omitempty"`
}

// DeleteOptions is the body of a DELETE request (meta.k8s.io/v1 DeleteOptions).
type DeleteOptions struct {
	TypeMeta           `json:",inline"`
	GracePeriodSeconds *int64               `json:"gracePeriodSeconds,omitempty"`
	Preconditions      *Preconditions       `json:"preconditions,omitempty"`
	OrphanDependents   *bool                `json:"orphanDependents,omitempty"`
	PropagationPolicy  *DeletionPropagation `json:"propagationPolicy,omitempty"`
	DryRun             []string             `json:"dryRun,omitempty"`
	// IgnoreStoreReadErrorWithClusterBreakingPotential is accepted and ignored.
	IgnoreStoreReadErrorWithClusterBreakingPotential *bool `json:"ignoreStoreReadErrorWithClusterBreakingPotential,omitempty"`
}

// TableColumnDefinition describes one column of a Table.
type TableColumnDefinition struct {
	Name        string `json:"name"`
	Type        string `json:"type"`
	Format      string `json:"format"`
	Description string `json:"description"`
	Priority    int32  `json:"priority"`
}

// TableRow is one row of a Table.
//
// +gantry:deepcopy-gen=false
type TableRow struct {
	Cells      []any               `json:"cells"`
	Conditions []TableRowCondition `json:"conditions,omitempty"`
	Object     json.RawMessage     `json:"object,omitempty"`
}

// TableRowCondition is a condition of a row (Completed rows are dimmed by kubectl).
type TableRowCondition struct {
	Type    string          `json:"type"`
	Status  ConditionStatus `json:"status"`
	Reason  string          `json:"reason,omitempty"`
	Message string          `json:"message,omitempty"`
}

// Table is the server-side printed form of a list (meta.k8s.io/v1 Table).
//
// +gantry:deepcopy-gen=false
type Table struct {
	TypeMeta          `json:",inline"`
	ListMeta          `json:"metadata,omitempty"`
	ColumnDefinitions []TableColumnDefinition `json:"columnDefinitions"`
	Rows              []TableRow              `json:"rows"`
}

// PartialObjectMetadata is an object's metadata alone (meta.k8s.io/v1).
type PartialObjectMetadata struct {
	TypeMeta   `json:",inline"`
	ObjectMeta `json:"metadata,omitempty"`
}

// PartialObjectMetadataList is a list of PartialObjectMetadata.
type PartialObjectMetadataList struct {
	TypeMeta `json:",inline"`
	ListMeta `json:"metadata,omitempty"`
	Items    []PartialObjectMetadata `json:"items"`
}

// WatchEvent is one event of a watch stream.
type WatchEvent struct {
	Type   string          `json:"type"`
	Object json.RawMessage `json:"object"`
}

// Watch event types beyond ADDED, MODIFIED and DELETED.
const (
	WatchBookmark = "BOOKMARK"
	WatchError    = "ERROR"
)

// InitialEventsAnnotationKey marks the bookmark that ends the initial events of a watch.
const InitialEventsAnnotationKey = "k8s.io/initial-events-end"

// APIVersions lists the versions of the core group (/api).
type APIVersions struct {
	TypeMeta                   `json:",inline"`
	Versions                   []string                    `json:"versions"`
	ServerAddressByClientCIDRs []ServerAddressByClientCIDR `json:"serverAddressByClientCIDRs"`
}

// ServerAddressByClientCIDR tells clients in a CIDR which address to use.
type ServerAddressByClientCIDR struct {
	ClientCIDR    string `json:"clientCIDR"`
	ServerAddress string `json:"serverAddress"`
}

// GroupVersionForDiscovery names one version of a group.
type GroupVersionForDiscovery struct {
	GroupVersion string `json:"groupVersion"`
	Version      string `json:"version"`
}

// APIGroup describes one group (/apis/<group>).
type APIGroup struct {
	TypeMeta                   `json:",inline"`
	Name                       string                      `json:"name"`
	Versions                   []GroupVersionForDiscovery  `json:"versions"`
	PreferredVersion           GroupVersionForDiscovery    `json:"preferredVersion,omitempty"`
	ServerAddressByClientCIDRs []ServerAddressByClientCIDR `json:"serverAddressByClientCIDRs,omitempty"`
}

// APIGroupList lists the groups (/apis).
type APIGroupList struct {
	TypeMeta `json:",inline"`
	Groups   []APIGroup `json:"groups"`
}

// APIResource describes one resource of a group version.
type APIResource struct {
	Name               string   `json:"name"`
	SingularName       string   `json:"singularName"`
	Namespaced         bool     `json:"namespaced"`
	Group              string   `json:"group,omitempty"`
	Version            string   `json:"version,omitempty"`
	Kind               string   `json:"kind"`
	Verbs              []string `json:"verbs"`
	ShortNames         []string `json:"shortNames,omitempty"`
	Categories         []string `json:"categories,omitempty"`
	StorageVersionHash string   `json:"storageVersionHash,omitempty"`
}

// APIResourceList lists the resources of a group version (/api/v1, /apis/<group>/<version>).
type APIResourceList struct {
	TypeMeta     `json:",inline"`
	GroupVersion string        `json:"groupVersion"`
	APIResources []APIResource `json:"resources"`
}

// GroupVersionKindRef is the {group, version, kind} used by aggregated discovery.
type GroupVersionKindRef struct {
	Group   string `json:"group"`
	Version string `json:"version"`
	Kind    string `json:"kind"`
}

// APIGroupDiscoveryList is aggregated discovery (apidiscovery.k8s.io/v2).
type APIGroupDiscoveryList struct {
	TypeMeta `json:",inline"`
	ListMeta `json:"metadata,omitempty"`
	Items    []APIGroupDiscovery `json:"items"`
}

// APIGroupDiscovery is one group in aggregated discovery.
type APIGroupDiscovery struct {
	TypeMeta   `json:",inline"`
	ObjectMeta `json:"metadata,omitempty"`
	Versions   []APIVersionDiscovery `json:"versions,omitempty"`
}

// APIVersionDiscovery is one version of a group in aggregated discovery.
type APIVersionDiscovery struct {
	Version   string                 `json:"version"`
	Resources []APIResourceDiscovery `json:"resources,omitempty"`
	Freshness string                 `json:"freshness,omitempty"`
}

// APIResourceDiscovery is one resource in aggregated discovery.
type APIResourceDiscovery struct {
	Resource         string                    `json:"resource"`
	ResponseKind     *GroupVersionKindRef      `json:"responseKind,omitempty"`
	Scope            string                    `json:"scope"`
	SingularResource string                    `json:"singularResource"`
	Verbs            []string                  `json:"verbs"`
	ShortNames       []string                  `json:"shortNames,omitempty"`
	Categories       []string                  `json:"categories,omitempty"`
	Subresources     []APISubresourceDiscovery `json:"subresources,omitempty"`
}

// APISubresourceDiscovery is one subresource in aggregated discovery.
type APISubresourceDiscovery struct {
	Subresource   string                `json:"subresource"`
	ResponseKind  *GroupVersionKindRef  `json:"responseKind,omitempty"`
	AcceptedTypes []GroupVersionKindRef `json:"acceptedTypes,omitempty"`
	Verbs         []string              `json:"verbs"`
}

// VersionInfo is the body of /version.
type VersionInfo struct {
	Major        string `json:"major"`
	Minor        string `json:"minor"`
	GitVersion   string `json:"gitVersion"`
	GitCommit    string `json:"gitCommit"`
	GitTreeState string `json:"gitTreeState"`
	BuildDate    string `json:"buildDate"`
	GoVersion    string `json:"goVersion"`
	Compiler     string `json:"compiler"`
	Platform     string `json:"platform"`
}
