package openapi

// The parameters of Kubernetes' resource endpoints, described in Gantry's
// words. Each function returns a fresh value: parameters are not shared
// between operations, so that a document never aliases itself.

func queryParam(name, typ, description string) *parameter {
	return &parameter{Name: name, In: "query", Description: description, Schema: &schema{Type: typ}}
}

func pathParam(name, description string) *parameter {
	return &parameter{Name: name, In: "path", Description: description, Required: true, Schema: &schema{Type: "string"}}
}

func paramName(kind string) *parameter { return pathParam("name", "name of the "+kind) }

func paramNamespace() *parameter {
	return pathParam("namespace", "namespace of the objects; a namespace scopes names and access")
}

func paramPretty() *parameter {
	return queryParam("pretty", "string", "If 'true', the response is indented for reading.")
}

func paramDryRun() *parameter {
	return queryParam("dryRun", "string", "When present, the request is processed through every stage (admission, validation) but nothing is persisted. "+
		"The only valid value is All; any other value is an error.")
}

func paramFieldManager(apply bool) *parameter {
	d := "fieldManager names the actor making the change: at most 128 printable characters."
	if apply {
		d += " It is required for apply patches (application/apply-patch+yaml) and optional for the other patch types."
	}
	return queryParam("fieldManager", "string", d)
}

func paramFieldValidation() *parameter {
	return queryParam("fieldValidation", "string", "fieldValidation says what the server does with fields of the request body that it does not know, "+
		"or that appear twice: Ignore drops them silently; Warn drops them and sends one warning header per field; "+
		"Strict rejects the request with a BadRequest error that names every such field.")
}

func paramForce() *parameter {
	return queryParam("force", "boolean", "force makes an apply patch take over fields that other managers own. It must be unset for the other patch types.")
}

func paramLabelSelector() *parameter {
	return queryParam("labelSelector", "string", "Only objects whose labels match this selector are returned (\"app=web,tier in (a,b)\"). Defaults to every object.")
}

func paramFieldSelector() *parameter {
	return queryParam("fieldSelector", "string", "Only objects whose fields match this selector are returned (\"metadata.name=web\"). Defaults to every object.")
}

func paramLimit() *parameter {
	return queryParam("limit", "integer", "limit is the largest number of items to return. When more exist, the list's metadata.continue is set "+
		"to a token that fetches the next page; the pages together are a consistent snapshot. Not supported with watch.")
}

func paramContinue() *parameter {
	return queryParam("continue", "string", "continue is the token of a previous page's metadata.continue, asking for the next page with the same query. "+
		"A token that has expired gets a 410 Gone error. Not supported with watch.")
}

func paramResourceVersion() *parameter {
	return queryParam("resourceVersion", "string", "resourceVersion constrains which version of the data a read is served from; "+
		"for a watch, it is the version to start after. Defaults to unset: the most recent data.")
}

func paramResourceVersionMatch() *parameter {
	return queryParam("resourceVersionMatch", "string", "resourceVersionMatch says how resourceVersion applies to a list: NotOlderThan or Exact. "+
		"Set it whenever resourceVersion is set on a list. Defaults to unset.")
}

func paramWatch() *parameter {
	return queryParam("watch", "boolean", "watch turns the request into a stream of added, modified and deleted events for the selected objects. "+
		"Give resourceVersion to start after a known version.")
}

func paramAllowWatchBookmarks() *parameter {
	return queryParam("allowWatchBookmarks", "boolean", "allowWatchBookmarks asks for BOOKMARK events, which carry only a resourceVersion "+
		"to resume from. The server sends them at its discretion; ignored unless watching.")
}

func paramTimeoutSeconds() *parameter {
	return queryParam("timeoutSeconds", "integer", "timeoutSeconds bounds the duration of a list or watch call, whatever the activity.")
}

func paramGracePeriodSeconds() *parameter {
	return queryParam("gracePeriodSeconds", "integer", "gracePeriodSeconds is how long, in seconds, the object may take to shut down before it is deleted. "+
		"Must be non-negative; 0 deletes at once; unset uses the kind's default.")
}

func paramOrphanDependents() *parameter {
	return queryParam("orphanDependents", "boolean", "Deprecated: use propagationPolicy. true orphans the dependents, false deletes them; "+
		"set at most one of the two.")
}

func paramPropagationPolicy() *parameter {
	return queryParam("propagationPolicy", "string", "propagationPolicy says what happens to the objects that depend on the deleted one: "+
		"Orphan leaves them; Background deletes them after the owner; Foreground deletes them before the owner. "+
		"Defaults to what the object's finalizers and kind say.")
}

// listParams are the parameters of a list (or watch) of a collection.
func listParams() []*parameter {
	return []*parameter{
		paramAllowWatchBookmarks(), paramContinue(), paramFieldSelector(), paramLabelSelector(), paramLimit(),
		paramResourceVersion(), paramResourceVersionMatch(), paramTimeoutSeconds(), paramWatch(),
	}
}

// writeParams are the parameters of a create or replace.
func writeParams() []*parameter {
	return []*parameter{paramDryRun(), paramFieldManager(false), paramFieldValidation()}
}

// patchParams are the parameters of a patch.
func patchParams() []*parameter {
	return []*parameter{paramDryRun(), paramFieldManager(true), paramFieldValidation(), paramForce()}
}

// deleteParams are the parameters of a delete of one object.
func deleteParams() []*parameter {
	return []*parameter{paramDryRun(), paramGracePeriodSeconds(), paramOrphanDependents(), paramPropagationPolicy()}
}

// deleteCollectionParams are the parameters of a delete of a collection.
func deleteCollectionParams() []*parameter {
	return []*parameter{
		paramContinue(), paramDryRun(), paramFieldSelector(), paramGracePeriodSeconds(), paramLabelSelector(), paramLimit(),
		paramOrphanDependents(), paramPropagationPolicy(), paramResourceVersion(), paramResourceVersionMatch(), paramTimeoutSeconds(),
	}
}
