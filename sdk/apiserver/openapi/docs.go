package openapi

import (
	"reflect"

	autoscalingv1 "github.com/gantryhq/gantry/sdk/api/autoscaling/v1"
	"github.com/gantryhq/gantry/sdk/api/intstr"
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/resource"
)

const (
	docAPIVersion = "APIVersion is the versioned schema of this representation of an object: \"group/version\", or \"v1\" for the core group. Servers may reject values they do not recognise."
	docKind       = "Kind is the REST resource this object represents, in CamelCase. Servers may infer it from the endpoint the request is sent to; it cannot be updated."
)

// fieldTypeDocs describe a field by its type when its struct does not.
var fieldTypeDocs = map[reflect.Type]string{
	reflect.TypeFor[meta.ObjectMeta](): "Standard object metadata: name, namespace, labels, annotations and the fields the server maintains.",
	reflect.TypeFor[meta.ListMeta]():   "Standard list metadata: the resourceVersion the list was read at and the continue token of the next page.",
}

// builtinDocs documents the types of the meta package and the stand-in
// types, which have no SwaggerDoc method: under "" the type, under each
// JSON name a field.
var builtinDocs = map[reflect.Type]map[string]string{
	reflect.TypeFor[meta.TypeMeta](): {
		"apiVersion": docAPIVersion,
		"kind":       docKind,
	},
	reflect.TypeFor[meta.ObjectMeta](): {
		"": "ObjectMeta is the metadata that every persisted object has.",
		"name": "Name is unique within a namespace (or within the cluster for cluster-scoped kinds). " +
			"It is required when creating an object unless generateName is set, and cannot be updated.",
		"generateName":               "GenerateName is a prefix the server uses to make a unique name when name is empty.",
		"namespace":                  "Namespace is the namespace of a namespaced object; empty for cluster-scoped kinds. It cannot be updated.",
		"selfLink":                   "SelfLink is deprecated and never set.",
		"uid":                        "UID is set by the server when the object is created and never changes. Read-only.",
		"resourceVersion":            "ResourceVersion is the version of the object's last write, opaque to clients; it is used for optimistic concurrency, watches and reads. Read-only.",
		"generation":                 "Generation is a sequence number of the desired state (spec), bumped by the server on every change of it. Read-only.",
		"creationTimestamp":          "CreationTimestamp is when the server created the object. Read-only.",
		"deletionTimestamp":          "DeletionTimestamp is when a graceful or finalized deletion was requested; the object is removed once its grace period has passed and its finalizers are gone. Read-only.",
		"deletionGracePeriodSeconds": "DeletionGracePeriodSeconds is the grace period of a pending deletion. Read-only.",
		"labels":                     "Labels are identifying key/value pairs, matched by label selectors.",
		"annotations":                "Annotations are non-identifying key/value pairs that tools store with the object.",
		"ownerReferences":            "OwnerReferences list the objects this one depends on; when all owners are gone, the garbage collector deletes this object.",
		"finalizers":                 "Finalizers must all be removed before the object is deleted from the store.",
		"managedFields":              "ManagedFields records which manager owns which fields (server-side apply); stored as given.",
	},
	reflect.TypeFor[meta.ListMeta](): {
		"":                   "ListMeta is the metadata of a list.",
		"selfLink":           "SelfLink is deprecated and never set.",
		"resourceVersion":    "ResourceVersion is the version the list was read at; start a watch from it to see every later change.",
		"continue":           "Continue is the token to pass to get the next page of a paginated list; empty on the last page.",
		"remainingItemCount": "RemainingItemCount estimates the number of items after this page, when known.",
	},
	reflect.TypeFor[meta.OwnerReference](): {
		"":                   "OwnerReference names an object that owns this one. The owner must be in the same namespace, or cluster-scoped.",
		"apiVersion":         "APIVersion of the owner.",
		"kind":               "Kind of the owner.",
		"name":               "Name of the owner.",
		"uid":                "UID of the owner.",
		"controller":         "Controller marks the managing controller; at most one owner reference has it.",
		"blockOwnerDeletion": "BlockOwnerDeletion makes a foreground deletion of the owner wait until this object is deleted.",
	},
	reflect.TypeFor[meta.ManagedFieldsEntry](): {
		"":            "ManagedFieldsEntry records the fields one manager owns.",
		"manager":     "Manager is the name of the workflow that manages the fields.",
		"operation":   "Operation is the kind of request that set the fields: Apply or Update.",
		"apiVersion":  "APIVersion is the version the fields are described in.",
		"time":        "Time is when the fields were last changed.",
		"fieldsType":  "FieldsType is the format of fieldsV1; only \"FieldsV1\".",
		"fieldsV1":    "FieldsV1 is the set of fields, in the FieldsV1 format.",
		"subresource": "Subresource is the subresource the fields were written through, if any.",
	},
	reflect.TypeFor[meta.LabelSelector](): {
		"":                 "LabelSelector selects objects by their labels. The requirements of matchLabels and matchExpressions are ANDed; an empty selector matches every object, a null one none.",
		"matchLabels":      "MatchLabels holds key/value pairs that must all be present; each is the same as a matchExpressions requirement with operator In and that single value.",
		"matchExpressions": "MatchExpressions are label requirements that must all hold.",
	},
	reflect.TypeFor[meta.LabelSelectorRequirement](): {
		"":         "LabelSelectorRequirement relates a label key to a set of values through an operator.",
		"key":      "Key is the label key the requirement applies to.",
		"operator": "Operator is In, NotIn, Exists or DoesNotExist.",
		"values":   "Values are the values of In and NotIn (not empty); Exists and DoesNotExist take none.",
	},
	reflect.TypeFor[meta.Condition](): {
		"":                   "Condition is one aspect of the current state of an object.",
		"type":               "Type of the condition, in CamelCase.",
		"status":             "Status is True, False or Unknown.",
		"observedGeneration": "ObservedGeneration is the metadata.generation the condition was set for.",
		"lastTransitionTime": "LastTransitionTime is when the status last changed.",
		"reason":             "Reason is a CamelCase, machine-readable cause of the last transition.",
		"message":            "Message is a human-readable account of the last transition.",
	},
	reflect.TypeFor[meta.Status](): {
		"":         "Status is the result of an operation that returns no object, and the body of every error.",
		"metadata": "Standard list metadata.",
		"status":   "Status is Success or Failure.",
		"message":  "Message is a human-readable description of the outcome.",
		"reason":   "Reason is a machine-readable description of why the operation failed; empty when no reason is known.",
		"details":  "Details carry data specific to the reason.",
		"code":     "Code is the HTTP status code of the response.",
	},
	reflect.TypeFor[meta.StatusDetails](): {
		"":                  "StatusDetails names the object a Status is about and lists the causes of a failure.",
		"name":              "Name of the object, when there is one.",
		"group":             "Group of the object's kind.",
		"kind":              "Kind of the object.",
		"uid":               "UID of the object.",
		"causes":            "Causes of the failure, usually one per invalid field.",
		"retryAfterSeconds": "RetryAfterSeconds is how long a client should wait before retrying, when set.",
	},
	reflect.TypeFor[meta.StatusCause](): {
		"":        "StatusCause is one cause of a failure.",
		"reason":  "Reason is a machine-readable cause, such as FieldValueInvalid.",
		"message": "Message is a human-readable description of the cause.",
		"field":   "Field is the path of the field that caused the failure, such as \"spec.containers[0].name\".",
	},
	reflect.TypeFor[meta.Time]():      {"": "Time is a timestamp in RFC 3339 form with second precision, such as \"2026-11-25T13:20:52Z\"."},
	reflect.TypeFor[meta.MicroTime](): {"": "MicroTime is a timestamp in RFC 3339 form with microsecond precision, such as \"2026-11-25T13:20:52.000001Z\"."},
	reflect.TypeFor[meta.FieldsV1]():  {"": "FieldsV1 describes a set of fields in a JSON form of its own (server-side apply)."},
	reflect.TypeFor[resource.Quantity](): {"": "Quantity is an amount with an optional unit suffix: a decimal SI suffix (m, k, M, G, T, P, E), " +
		"a binary one (Ki, Mi, Gi, Ti, Pi, Ei) or a decimal exponent (e3, E6), as in \"500m\", \"1.5Gi\" or \"2e3\". A plain number is accepted too."},
	reflect.TypeFor[intstr.IntOrString](): {"": "IntOrString holds either an integer or a string, such as a port number or a port name, or a count or a percentage (\"25%\")."},
	reflect.TypeFor[meta.DeleteOptions](): {
		"":                   "DeleteOptions may be sent with a delete request.",
		"gracePeriodSeconds": "GracePeriodSeconds is how long, in seconds, the object may take to shut down before it is deleted; 0 deletes at once, unset uses the kind's default.",
		"preconditions":      "Preconditions must hold for the deletion to go ahead.",
		"orphanDependents":   "Deprecated: use propagationPolicy. True orphans the dependents, false deletes them in the background.",
		"propagationPolicy":  "PropagationPolicy says what happens to the dependents: Orphan, Background or Foreground.",
		"dryRun":             "DryRun, when set to [\"All\"], processes the request without persisting it.",
		"ignoreStoreReadErrorWithClusterBreakingPotential": "Accepted for compatibility and ignored.",
	},
	reflect.TypeFor[meta.Preconditions](): {
		"":                "Preconditions must hold for an operation to go ahead.",
		"uid":             "UID the object must have.",
		"resourceVersion": "ResourceVersion the object must have.",
	},
	reflect.TypeFor[meta.WatchEvent](): {
		"":       "WatchEvent is one change to a watched object.",
		"type":   "Type is ADDED, MODIFIED, DELETED, BOOKMARK or ERROR.",
		"object": "Object is the object after the change; for DELETED its last state, for ERROR a Status, for BOOKMARK an object with only metadata.resourceVersion set.",
	},
	reflect.TypeFor[patchBody](): {"": "Patch is the body of a PATCH request; its form depends on the Content-Type (JSON patch, merge patch, strategic merge patch or apply configuration)."},
	reflect.TypeFor[autoscalingv1.Scale](): {
		"":         "Scale is the scale subresource of a kind that has a replica count.",
		"metadata": "Standard object metadata.",
		"spec":     "Spec is the desired scale.",
		"status":   "Status is the observed scale. Read-only.",
	},
	reflect.TypeFor[autoscalingv1.ScaleSpec](): {"": "ScaleSpec is the desired scale.", "replicas": "Replicas is the desired number of instances."},
	reflect.TypeFor[autoscalingv1.ScaleStatus](): {"": "ScaleStatus is the observed scale.", "replicas": "Replicas is the observed number of instances.",
		"selector": "Selector is the label selector of the instances, in string form (\"app=web,tier in (a,b)\")."},
}
