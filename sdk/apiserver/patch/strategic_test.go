package patch

import (
	"reflect"
	"strings"
	"testing"

	apierrors "github.com/gantryhq/gantry/sdk/api/errors"
)

// basePod is a live Pod as the API server stores it.
const basePod = `{
  "apiVersion": "v1", "kind": "Pod",
  "metadata": {
    "name": "web", "namespace": "default", "uid": "u1", "resourceVersion": "7",
    "labels": {"app": "web", "tier": "fe"},
    "annotations": {"a": "1"},
    "finalizers": ["a.example.com/x", "b.example.com/y", "c.example.com/z"],
    "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "web-1", "uid": "rs1", "controller": true}]
  },
  "spec": {
    "containers": [
      {"name": "app", "image": "nginx:1.25",
       "ports": [{"containerPort": 80, "protocol": "TCP"}, {"containerPort": 443, "protocol": "TCP"}],
       "env": [{"name": "A", "value": "1"}, {"name": "B", "value": "2"}, {"name": "C", "value": "3"}],
       "resources": {"limits": {"memory": "128Mi"}},
       "volumeMounts": [{"name": "data", "mountPath": "/data"}]},
      {"name": "sidecar", "image": "busybox:1.36", "args": ["sleep", "3600"]}
    ],
    "volumes": [{"name": "data", "hostPath": {"path": "/srv"}}, {"name": "cache", "emptyDir": {}}],
    "imagePullSecrets": [{"name": "reg1"}],
    "tolerations": [{"key": "k1", "operator": "Exists"}],
    "nodeSelector": {"disk": "ssd", "zone": "a"},
    "restartPolicy": "Always"
  },
  "status": {"phase": "Running", "conditions": [{"type": "Initialized", "status": "True"}, {"type": "Ready", "status": "False"}]}
}`

// baseDeployment is a live Deployment as the API server stores it.
const baseDeployment = `{
  "apiVersion": "apps/v1", "kind": "Deployment",
  "metadata": {"name": "web", "namespace": "default", "labels": {"app": "web"},
               "annotations": {"deployment.kubernetes.io/revision": "2"}},
  "spec": {
    "replicas": 3,
    "selector": {"matchLabels": {"app": "web"}},
    "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": "25%", "maxSurge": "25%"}},
    "revisionHistoryLimit": 10,
    "template": {
      "metadata": {"labels": {"app": "web"}},
      "spec": {
        "containers": [
          {"name": "app", "image": "nginx:1.25", "ports": [{"containerPort": 80, "protocol": "TCP"}],
           "env": [{"name": "A", "value": "1"}, {"name": "B", "value": "2"}]},
          {"name": "sidecar", "image": "busybox:1.36"}
        ],
        "restartPolicy": "Always"
      }
    }
  },
  "status": {"replicas": 3, "readyReplicas": 3,
             "conditions": [{"type": "Available", "status": "True"}, {"type": "Progressing", "status": "True"}]}
}`

var (
	podSchema        = SchemaFromType(reflect.TypeFor[Pod]())
	deploymentSchema = SchemaFromType(reflect.TypeFor[Deployment]())
)

func TestStrategicMergePatch(t *testing.T) {
	bad := func(s ...string) *wantErr { return &wantErr{apierrors.ErrBadRequest, s} }
	tests := []struct {
		name   string
		doc    string // basePod when empty
		schema Schema // podSchema when nil
		patch  string
		// change is an RFC 7386 merge patch from doc to the expected result
		// (merge patches replace lists whole, so it spells out every list
		// the patch changes).
		change string
		err    *wantErr
	}{
		// What kubectl sends.
		{name: "kubectl apply: new image, one env var removed",
			patch: `{"metadata":{"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{\"kind\":\"Pod\"}\n"}},
			  "spec":{"$setElementOrder/containers":[{"name":"app"},{"name":"sidecar"}],
			    "containers":[{"$setElementOrder/env":[{"name":"A"},{"name":"C"}],"env":[{"$patch":"delete","name":"B"}],"image":"nginx:1.26","name":"app"}]}}`,
			change: `{"metadata":{"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{\"kind\":\"Pod\"}\n"}},
			  "spec":{"containers":[
			    {"name":"app","image":"nginx:1.26","ports":[{"containerPort":80,"protocol":"TCP"},{"containerPort":443,"protocol":"TCP"}],
			     "env":[{"name":"A","value":"1"},{"name":"C","value":"3"}],"resources":{"limits":{"memory":"128Mi"}},
			     "volumeMounts":[{"name":"data","mountPath":"/data"}]},
			    {"name":"sidecar","image":"busybox:1.36","args":["sleep","3600"]}]}}`},
		{name: "kubectl apply: env var added between, live-only var kept",
			patch: `{"spec":{"$setElementOrder/containers":[{"name":"app"},{"name":"sidecar"}],
			    "containers":[{"$setElementOrder/env":[{"name":"A"},{"name":"NEW"},{"name":"B"}],"env":[{"name":"NEW","value":"n"}],"name":"app"}]}}`,
			change: `{"spec":{"containers":[
			    {"name":"app","image":"nginx:1.25","ports":[{"containerPort":80,"protocol":"TCP"},{"containerPort":443,"protocol":"TCP"}],
			     "env":[{"name":"A","value":"1"},{"name":"NEW","value":"n"},{"name":"B","value":"2"},{"name":"C","value":"3"}],
			     "resources":{"limits":{"memory":"128Mi"}},"volumeMounts":[{"name":"data","mountPath":"/data"}]},
			    {"name":"sidecar","image":"busybox:1.36","args":["sleep","3600"]}]}}`},
		{name: "kubectl apply: finalizers reordered, one added, one removed",
			patch: `{"metadata":{"$setElementOrder/finalizers":["c.example.com/z","a.example.com/x","d.example.com/w"],
			  "$deleteFromPrimitiveList/finalizers":["b.example.com/y"],"finalizers":["d.example.com/w"]}}`,
			change: `{"metadata":{"finalizers":["c.example.com/z","a.example.com/x","d.example.com/w"]}}`},
		{name: "kubectl apply: container added last",
			patch: `{"spec":{"$setElementOrder/containers":[{"name":"app"},{"name":"sidecar"},{"name":"debug"}],
			  "containers":[{"name":"debug","image":"busybox"}]}}`,
			change: `{"spec":{"containers":[
			    {"name":"app","image":"nginx:1.25","ports":[{"containerPort":80,"protocol":"TCP"},{"containerPort":443,"protocol":"TCP"}],
			     "env":[{"name":"A","value":"1"},{"name":"B","value":"2"},{"name":"C","value":"3"}],"resources":{"limits":{"memory":"128Mi"}},
			     "volumeMounts":[{"name":"data","mountPath":"/data"}]},
			    {"name":"sidecar","image":"busybox:1.36","args":["sleep","3600"]},
			    {"name":"debug","image":"busybox"}]}}`},
		{name: "kubectl apply: containers reordered only",
			patch:  `{"spec":{"$setElementOrder/containers":[{"name":"sidecar"},{"name":"app"}]}}`,
			change: `{"spec":{"containers":[` + sidecar + `,` + app + `]}}`},
		{name: "kubectl apply: Deployment strategy RollingUpdate to Recreate ($retainKeys)",
			doc: baseDeployment, schema: deploymentSchema,
			patch:  `{"spec":{"strategy":{"$retainKeys":["type"],"rollingUpdate":null,"type":"Recreate"}}}`,
			change: `{"spec":{"strategy":{"type":"Recreate","rollingUpdate":null}}}`},
		{name: "kubectl apply: $retainKeys drops server-defaulted members",
			doc: baseDeployment, schema: deploymentSchema,
			patch:  `{"spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate"}}}`,
			change: `{"spec":{"strategy":{"type":"Recreate","rollingUpdate":null}}}`},
		{name: "kubectl set image",
			doc: baseDeployment, schema: deploymentSchema,
			patch: `{"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"app"},{"name":"sidecar"}],
			  "containers":[{"image":"nginx:1.27","name":"app"}]}}}}`,
			change: `{"spec":{"template":{"spec":{"containers":[
			  {"name":"app","image":"nginx:1.27","ports":[{"containerPort":80,"protocol":"TCP"}],"env":[{"name":"A","value":"1"},{"name":"B","value":"2"}]},
			  {"name":"sidecar","image":"busybox:1.36"}]}}}}`},
		{name: "kubectl set env",
			doc: baseDeployment, schema: deploymentSchema,
			patch: `{"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"app"},{"name":"sidecar"}],
			  "containers":[{"$setElementOrder/env":[{"name":"A"},{"name":"B"},{"name":"LOG"}],"env":[{"name":"LOG","value":"debug"}],"name":"app"}]}}}}`,
			change: `{"spec":{"template":{"spec":{"containers":[
			  {"name":"app","image":"nginx:1.25","ports":[{"containerPort":80,"protocol":"TCP"}],
			   "env":[{"name":"A","value":"1"},{"name":"B","value":"2"},{"name":"LOG","value":"debug"}]},
			  {"name":"sidecar","image":"busybox:1.36"}]}}}}`},
		{name: "kubectl rollout pause",
			doc: baseDeployment, schema: deploymentSchema,
			patch: `{"spec":{"paused":true}}`, change: `{"spec":{"paused":true}}`},
		{name: "kubectl rollout resume",
			doc: expect(t, baseDeployment, `{"spec":{"paused":true}}`), schema: deploymentSchema,
			patch: `{"spec":{"paused":null}}`, change: `{"spec":{"paused":null}}`},
		{name: "kubectl rollout restart",
			doc: baseDeployment, schema: deploymentSchema,
			patch:  `{"spec":{"template":{"metadata":{"annotations":{"kubectl.kubernetes.io/restartedAt":"2026-11-02T10:00:00Z"}}}}}`,
			change: `{"spec":{"template":{"metadata":{"annotations":{"kubectl.kubernetes.io/restartedAt":"2026-11-02T10:00:00Z"}}}}}`},
		{name: "kubectl patch: scale through the main resource",
			doc: baseDeployment, schema: deploymentSchema,
			patch: `{"spec":{"replicas":0}}`, change: `{"spec":{"replicas":0}}`},
		{name: "kubelet status: condition updated by type",
			patch:  `{"status":{"$setElementOrder/conditions":[{"type":"Initialized"},{"type":"Ready"}],"conditions":[{"status":"True","type":"Ready"}],"podIP":"10.42.0.5"}}`,
			change: `{"status":{"conditions":[{"type":"Initialized","status":"True"},{"type":"Ready","status":"True"}],"podIP":"10.42.0.5"}}`},
		{name: "deployment controller: conditions merged by type",
			doc: baseDeployment, schema: deploymentSchema,
			patch:  `{"status":{"conditions":[{"type":"ReplicaFailure","status":"False"},{"type":"Available","status":"False"}]}}`,
			change: `{"status":{"conditions":[{"type":"ReplicaFailure","status":"False"},{"type":"Available","status":"False"},{"type":"Progressing","status":"True"}]}}`},

		// Directives.
		{name: "$patch: delete of a container",
			patch:  `{"spec":{"containers":[{"$patch":"delete","name":"sidecar"}]}}`,
			change: `{"spec":{"containers":[` + app + `]}}`},
		{name: "$patch: delete of a missing element",
			patch: `{"spec":{"containers":[{"$patch":"delete","name":"nope"}]}}`, change: `{}`},
		{name: "$patch: delete and re-add",
			patch:  `{"spec":{"containers":[{"$patch":"delete","name":"sidecar"},{"name":"sidecar","image":"alpine"}]}}`,
			change: `{"spec":{"containers":[{"name":"sidecar","image":"alpine"},` + app + `]}}`},
		{name: "$patch: replace of a list",
			patch:  `{"spec":{"containers":[{"$patch":"replace"},{"name":"only","image":"nginx"}]}}`,
			change: `{"spec":{"containers":[{"name":"only","image":"nginx"}]}}`},
		{name: "$patch: replace of a map",
			patch:  `{"spec":{"nodeSelector":{"$patch":"replace","gpu":"true"}}}`,
			change: `{"spec":{"nodeSelector":{"disk":null,"zone":null,"gpu":"true"}}}`},
		{name: "$patch: merge of a map",
			patch:  `{"spec":{"nodeSelector":{"$patch":"merge","gpu":"true"}}}`,
			change: `{"spec":{"nodeSelector":{"gpu":"true"}}}`},
		{name: "$patch: merge of a list element",
			patch:  `{"spec":{"imagePullSecrets":[{"$patch":"merge","name":"reg1"}]}}`,
			change: `{}`},
		{name: "$patch: delete of a map empties it (as Kubernetes)",
			patch:  `{"spec":{"nodeSelector":{"$patch":"delete"}}}`,
			change: `{"spec":{"nodeSelector":{"disk":null,"zone":null}}}`},
		{name: "$patch: delete of a missing map drops it",
			patch: `{"spec":{"affinity":{"$patch":"delete"}}}`, change: `{}`},
		{name: "$patch: replace of the whole object",
			doc:    `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a"}}`,
			patch:  `{"$patch":"replace","apiVersion":"v1","kind":"Pod","metadata":{"name":"b"}}`,
			change: `{"metadata":{"name":"b"}}`},
		{name: "$deleteFromPrimitiveList on finalizers",
			patch:  `{"metadata":{"$deleteFromPrimitiveList/finalizers":["b.example.com/y","not-there"]}}`,
			change: `{"metadata":{"finalizers":["a.example.com/x","c.example.com/z"]}}`},
		{name: "$deleteFromPrimitiveList on a missing list",
			doc:   `{"metadata":{"name":"a"}}`,
			patch: `{"metadata":{"$deleteFromPrimitiveList/finalizers":["x"]}}`, change: `{}`},
		{name: "$deleteFromPrimitiveList on a replaced list (Kubernetes deletes regardless of strategy)",
			patch:  `{"spec":{"containers":[{"name":"sidecar","$deleteFromPrimitiveList/args":["3600"]}]}}`,
			change: `{"spec":{"containers":[` + app + `,{"name":"sidecar","image":"busybox:1.36","args":["sleep"]}]}}`},
		{name: "$retainKeys on a volume switches its source",
			patch: `{"spec":{"$setElementOrder/volumes":[{"name":"data"},{"name":"cache"}],
			  "volumes":[{"$retainKeys":["emptyDir","name"],"emptyDir":{"medium":"Memory"},"name":"data"}]}}`,
			change: `{"spec":{"volumes":[{"name":"data","emptyDir":{"medium":"Memory"}},{"name":"cache","emptyDir":{}}]}}`},
		{name: "$setElementOrder without the list orders the live list",
			patch:  `{"metadata":{"$setElementOrder/finalizers":["c.example.com/z","b.example.com/y","a.example.com/x"]}}`,
			change: `{"metadata":{"finalizers":["c.example.com/z","b.example.com/y","a.example.com/x"]}}`},
		{name: "$setElementOrder for a list the object lacks",
			patch: `{"spec":{"$setElementOrder/initContainers":[{"name":"b"},{"name":"a"}],
			  "initContainers":[{"name":"b","image":"y"},{"name":"a","image":"x"}]}}`,
			change: `{"spec":{"initContainers":[{"name":"b","image":"y"},{"name":"a","image":"x"}]}}`},

		// Lists.
		{name: "new container without $setElementOrder goes first",
			patch:  `{"spec":{"containers":[{"name":"debug","image":"busybox"}]}}`,
			change: `{"spec":{"containers":[{"name":"debug","image":"busybox"},` + app + `,` + sidecar + `]}}`},
		{name: "ports merge by containerPort",
			patch: `{"spec":{"containers":[{"name":"app","ports":[{"containerPort":443,"name":"https"},{"containerPort":8080}]}]}}`,
			change: `{"spec":{"containers":[` + strings.Replace(app, `{"containerPort":443,"protocol":"TCP"}`,
				`{"containerPort":443,"protocol":"TCP","name":"https"},{"containerPort":8080}`, 1) + `,` + sidecar + `]}}`},
		{name: "merge keys compare numbers by value",
			patch: `{"spec":{"containers":[{"name":"app","ports":[{"containerPort":80.0,"name":"http"}]}]}}`,
			change: `{"spec":{"containers":[` + strings.Replace(app, `{"containerPort":80,"protocol":"TCP"}`,
				`{"containerPort":80.0,"protocol":"TCP","name":"http"}`, 1) + `,` + sidecar + `]}}`},
		{name: "volumeMounts merge by mountPath",
			patch: `{"spec":{"containers":[{"name":"app","volumeMounts":[{"mountPath":"/data","readOnly":true},{"mountPath":"/cache","name":"cache"}]}]}}`,
			change: `{"spec":{"containers":[` + strings.Replace(app, `"volumeMounts":[{"name":"data","mountPath":"/data"}]`,
				`"volumeMounts":[{"name":"data","mountPath":"/data","readOnly":true},{"mountPath":"/cache","name":"cache"}]`, 1) + `,` + sidecar + `]}}`},
		{name: "env var changed to valueFrom",
			patch: `{"spec":{"containers":[{"name":"app","env":[{"name":"A","value":null,"valueFrom":{"fieldRef":{"fieldPath":"metadata.name"}}}]}]}}`,
			change: `{"spec":{"containers":[` + strings.Replace(app, `{"name":"A","value":"1"}`,
				`{"name":"A","valueFrom":{"fieldRef":{"fieldPath":"metadata.name"}}}`, 1) + `,` + sidecar + `]}}`},
		{name: "resource limits merge as a map",
			patch: `{"spec":{"containers":[{"name":"app","resources":{"limits":{"cpu":"500m"}}}]}}`,
			change: `{"spec":{"containers":[` + strings.Replace(app, `"limits":{"memory":"128Mi"}`,
				`"limits":{"memory":"128Mi","cpu":"500m"}`, 1) + `,` + sidecar + `]}}`},
		{name: "args are replaced",
			patch:  `{"spec":{"containers":[{"name":"sidecar","args":["sleep","60"]}]}}`,
			change: `{"spec":{"containers":[` + app + `,{"name":"sidecar","image":"busybox:1.36","args":["sleep","60"]}]}}`},
		{name: "tolerations are replaced",
			patch:  `{"spec":{"tolerations":[{"key":"k2","operator":"Equal","value":"v","effect":"NoSchedule"}]}}`,
			change: `{"spec":{"tolerations":[{"key":"k2","operator":"Equal","value":"v","effect":"NoSchedule"}]}}`},
		{name: "finalizers merge as a set",
			patch:  `{"metadata":{"finalizers":["a.example.com/x","e.example.com/new","e.example.com/new"]}}`,
			change: `{"metadata":{"finalizers":["a.example.com/x","e.example.com/new","b.example.com/y","c.example.com/z"]}}`},
		{name: "ownerReferences merge by uid",
			patch:  `{"metadata":{"ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"web-1","uid":"rs1","controller":false}]}}`,
			change: `{"metadata":{"ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"web-1","uid":"rs1","controller":false}]}}`},
		{name: "imagePullSecrets merge by name",
			patch:  `{"spec":{"imagePullSecrets":[{"name":"reg2"}]}}`,
			change: `{"spec":{"imagePullSecrets":[{"name":"reg2"},{"name":"reg1"}]}}`},
		{name: "an empty merged list changes nothing",
			patch: `{"spec":{"containers":[]}}`, change: `{}`},
		{name: "a list the object lacks is inserted",
			patch:  `{"spec":{"initContainers":[{"name":"init","image":"busybox","env":[{"name":"X","value":null}]}]}}`,
			change: `{"spec":{"initContainers":[{"name":"init","image":"busybox","env":[{"name":"X"}]}]}}`},

		// Maps and values.
		{name: "null deletes a label",
			patch: `{"metadata":{"labels":{"tier":null}}}`, change: `{"metadata":{"labels":{"tier":null}}}`},
		{name: "labels added and removed",
			patch:  `{"metadata":{"labels":{"tier":null,"track":"canary","app.kubernetes.io/name":"web"}}}`,
			change: `{"metadata":{"labels":{"tier":null,"track":"canary","app.kubernetes.io/name":"web"}}}`},
		{name: "a missing member deleted",
			patch: `{"spec":{"nodeName":null}}`, change: `{}`},
		{name: "a new object with directives has them applied",
			patch: `{"spec":{"affinity":{"$patch":"replace","nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":
			  {"nodeSelectorTerms":[{"matchExpressions":[{"key":"disk","operator":"In","values":["ssd"],"x":null}]}]}}}}}`,
			change: `{"spec":{"affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":
			  {"nodeSelectorTerms":[{"matchExpressions":[{"key":"disk","operator":"In","values":["ssd"]}]}]}}}}}`},
		{name: "a value of another type replaces",
			patch: `{"spec":{"nodeSelector":"none"}}`, change: `{"spec":{"nodeSelector":"none"}}`},
		{name: "empty patch", patch: `{}`, change: `{}`},
		{name: "null patch", patch: `null`, change: `{}`},
		{name: "unknown field only in the patch is added (decoding judges it)",
			patch: `{"spec":{"bogus":{"a":1}}}`, change: `{"spec":{"bogus":{"a":1}}}`},
		{name: "$deleteFromPrimitiveList with null deletes the field (as Kubernetes)",
			patch: `{"metadata":{"$deleteFromPrimitiveList/finalizers":null}}`, change: `{"metadata":{"finalizers":null}}`},

		// Errors.
		{name: "element without its merge key",
			patch: `{"spec":{"containers":[{"image":"x"}]}}`,
			err:   bad("spec.containers[0]: ", `does not contain declared merge key: name`)},
		{name: "error names the element",
			patch: `{"spec":{"containers":[{"name":"app","env":[{"value":"x"}]}]}}`,
			err:   bad(`spec.containers[name="app"].env[0]: `, "merge key: name")},
		{name: "unknown $patch",
			patch: `{"spec":{"containers":[{"$patch":"explode","name":"app"}]}}`,
			err:   bad("Unknown patch type", "explode")},
		{name: "unknown $patch in a map",
			patch: `{"metadata":{"labels":{"$patch":1}}}`, err: bad("metadata.labels: Unknown patch type: 1")},
		{name: "$retainKeys not a list",
			doc: baseDeployment, schema: deploymentSchema,
			patch: `{"spec":{"strategy":{"$retainKeys":"type"}}}`,
			err:   bad("spec.strategy: invalid patch format of retainKeys")},
		{name: "patch member not in $retainKeys",
			doc: baseDeployment, schema: deploymentSchema,
			patch: `{"spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate","rollingUpdate":{"maxSurge":1}}}}`,
			err:   bad("invalid patch format of retainKeys", `"rollingUpdate"`)},
		{name: "list of lists",
			doc:   `{"metadata":{"finalizers":[]}}`,
			patch: `{"metadata":{"finalizers":[["a"]]}}`,
			err:   &wantErr{apierrors.ErrInvalid, []string{"metadata.finalizers: lists of lists are not supported"}}},
		{name: "list element types differ",
			patch: `{"metadata":{"finalizers":[1]}}`, err: bad("list element types are not identical")},
		{name: "unknown field in both",
			doc:   `{"spec":{"bogus":{"a":1}}}`,
			patch: `{"spec":{"bogus":{"b":2}}}`,
			err:   bad(`unable to find api field in struct PodSpec for the json field "bogus"`)},
		{name: "$setElementOrder does not match the patch list",
			patch: `{"spec":{"$setElementOrder/containers":[{"name":"app"}],"containers":[{"name":"sidecar","image":"x"}]}}`,
			err:   bad("doesn't match $setElementOrder list")},
		{name: "$setElementOrder not a list",
			patch: `{"spec":{"$setElementOrder/containers":{"name":"app"}}}`, err: bad("invalid patch format of setElementOrder list")},
		{name: "$setElementOrder without a field",
			patch: `{"spec":{"$setElementOrder":[]}}`, err: bad("invalid patch format of setElementOrder list")},
		{name: "$setElementOrder with a null list",
			patch: `{"spec":{"$setElementOrder/containers":[{"name":"app"}],"containers":null}}`, err: bad("not a list")},
		{name: "$deleteFromPrimitiveList without a field",
			patch: `{"metadata":{"$deleteFromPrimitiveList":["a"]}}`, err: bad("invalid patch format of primitive list")},
		{name: "$deleteFromPrimitiveList not a list",
			patch: `{"metadata":{"$deleteFromPrimitiveList/finalizers":"a"}}`, err: bad("invalid patch format of primitive list")},
		{name: "merge key not a scalar",
			patch: `{"spec":{"containers":[{"name":{"a":1}}]}}`, err: bad(`the merge key "name" must be a string`)},
		{name: "patch not an object", patch: `[]`, err: bad("must be a JSON object")},
		{name: "patch not JSON", patch: `{"spec":`, err: bad("not valid JSON")},
		{name: "original not an object", doc: `[]`, patch: `{}`,
			err: &wantErr{apierrors.ErrInternal, []string{"original document must be a JSON object"}}},
		{name: "original not JSON", doc: `{`, patch: `{}`,
			err: &wantErr{apierrors.ErrInternal, []string{"original document is not valid JSON"}}},
		{name: "too deep",
			patch: strings.Repeat(`{"a":`, MaxDepth+1) + "1" + strings.Repeat("}", MaxDepth+1),
			err:   bad("deeper than 10000")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, schema := tt.doc, tt.schema
			if doc == "" {
				doc = basePod
			}
			if schema == nil {
				schema = podSchema
			}
			got, err := StrategicMergePatch([]byte(doc), []byte(tt.patch), schema)
			if checkError(t, tt.err, err) {
				assertJSONEqual(t, expect(t, doc, tt.change), string(got))
			}
		})
	}
}

// The containers of basePod, compacted, for building expected lists.
const (
	app = `{"name":"app","image":"nginx:1.25","ports":[{"containerPort":80,"protocol":"TCP"},{"containerPort":443,"protocol":"TCP"}],` +
		`"env":[{"name":"A","value":"1"},{"name":"B","value":"2"},{"name":"C","value":"3"}],"resources":{"limits":{"memory":"128Mi"}},` +
		`"volumeMounts":[{"name":"data","mountPath":"/data"}]}`
	sidecar = `{"name":"sidecar","image":"busybox:1.36","args":["sleep","3600"]}`
)

func TestStrategicMergePatchNoSchema(t *testing.T) {
	_, err := StrategicMergePatch([]byte(`{}`), []byte(`{}`), nil)
	checkError(t, &wantErr{apierrors.ErrUnsupportedMedia, []string{"strategic merge patch is not supported for this kind; use merge or json patch"}}, err)
	if !apierrors.IsNotSupported(err) {
		t.Errorf("IsNotSupported(%v) = false", err)
	}
	err = StrategicMergeNotSupported("Widget.example.com")
	if got, want := err.Error(), "strategic merge patch is not supported for Widget.example.com; use merge or json patch"; got != want {
		t.Errorf("message %q, want %q", got, want)
	}
	if st := apierrors.ToStatus(err); st.Code != 415 {
		t.Errorf("status code %d, want 415", st.Code)
	}
}

func TestStrategicMergePatchDoesNotModifyInputs(t *testing.T) {
	doc := []byte(basePod)
	p := []byte(`{"spec":{"containers":[{"$patch":"delete","name":"app"}]}}`)
	if _, err := StrategicMergePatch(doc, p, podSchema); err != nil {
		t.Fatal(err)
	}
	if string(doc) != basePod || string(p) != `{"spec":{"containers":[{"$patch":"delete","name":"app"}]}}` {
		t.Error("inputs modified")
	}
}
