package v1

import (
	"math"
	"strconv"
	"testing"

	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/google/go-cmp/cmp"
)

// Manifests from the Kubernetes documentation.
const (
	piJobYAML = `
apiVersion: batch/v1
kind: Job
metadata:
  name: pi
spec:
  template:
    spec:
      containers:
      - name: pi
        image: perl:5.34.0
        command: ["perl",  "-Mbignum=bpi", "-wle", "print bpi(2000)"]
      restartPolicy: Never
  backoffLimit: 4
`
	helloCronJobYAML = `
apiVersion: batch/v1
kind: CronJob
metadata:
  name: hello
spec:
  schedule: "* * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
          - name: hello
            image: busybox:1.28
            imagePullPolicy: IfNotPresent
            command:
            - /bin/sh
            - -c
            - date; echo Hello from the Kubernetes cluster
          restartPolicy: OnFailure
`
	indexedJobYAML = `
apiVersion: batch/v1
kind: Job
metadata:
  name: indexed-job
spec:
  completions: 5
  parallelism: 3
  completionMode: Indexed
  backoffLimitPerIndex: 1
  maxFailedIndexes: 2
  podFailurePolicy:
    rules:
    - action: Ignore
      onPodConditions:
      - type: DisruptionTarget
    - action: FailIndex
      onExitCodes:
        containerName: worker
        operator: In
        values: [42]
  successPolicy:
    rules:
    - succeededIndexes: "0-2"
      succeededCount: 2
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: worker
        image: docker.io/library/busybox
        command: ["sh", "-c", "echo $JOB_COMPLETION_INDEX"]
`
)

const jobUID = "863452e6-270d-420e-9b94-53a54146c223"

// createdJob decodes a Job manifest and prepares it as the API server does
// on create: defaults, then (with the UID assigned) the generated selector.
func createdJob(t *testing.T, manifest string) *Job {
	t.Helper()
	r := newRegistry(t)
	job := decodeManifest(t, r, manifest).(*Job)
	k := kindOf(t, r, "Job")
	k.Default(job)
	job.UID = jobUID
	k.PrepareForCreate(job)
	return job
}

func TestJobDecodeDefaultsAndGeneratedSelector(t *testing.T) {
	job := createdJob(t, piJobYAML)
	// As "kubectl get job pi -o json" shows it on Kubernetes 1.32.
	want := `{
	  "metadata": {
	    "name": "pi", "namespace": "default", "uid": "` + jobUID + `", "generation": 1, "creationTimestamp": null,
	    "labels": {
	      "batch.kubernetes.io/controller-uid": "` + jobUID + `",
	      "batch.kubernetes.io/job-name": "pi",
	      "controller-uid": "` + jobUID + `",
	      "job-name": "pi"
	    }
	  },
	  "spec": {
	    "backoffLimit": 4,
	    "completionMode": "NonIndexed",
	    "completions": 1,
	    "parallelism": 1,
	    "podReplacementPolicy": "TerminatingOrFailed",
	    "selector": {"matchLabels": {"batch.kubernetes.io/controller-uid": "` + jobUID + `"}},
	    "suspend": false,
	    "template": {
	      "metadata": {
	        "creationTimestamp": null,
	        "labels": {
	          "batch.kubernetes.io/controller-uid": "` + jobUID + `",
	          "batch.kubernetes.io/job-name": "pi",
	          "controller-uid": "` + jobUID + `",
	          "job-name": "pi"
	        }
	      },
	      "spec": {
	        "containers": [{
	          "command": ["perl", "-Mbignum=bpi", "-wle", "print bpi(2000)"],
	          "image": "perl:5.34.0",
	          "imagePullPolicy": "IfNotPresent",
	          "name": "pi",
	          "resources": {},
	          "terminationMessagePath": "/dev/termination-log",
	          "terminationMessagePolicy": "File"
	        }],
	        "dnsPolicy": "ClusterFirst",
	        "restartPolicy": "Never",
	        "schedulerName": "default-scheduler",
	        "securityContext": {},
	        "terminationGracePeriodSeconds": 30
	      }
	    }
	  },
	  "status": {}
	}`
	got := toJSONValue(t, job).(map[string]any)
	delete(got, "apiVersion")
	delete(got, "kind")
	if diff := cmp.Diff(parseJSON(t, want), any(got)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if errs := ValidateJob(job); len(errs) != 0 {
		t.Errorf("ValidateJob: %v", messages(errs))
	}
}

func TestJobDefaults(t *testing.T) {
	tests := []struct {
		name string
		in   JobSpec
		want string // JSON of the defaulted spec, template left out
	}{
		{
			name: "empty",
			want: `{"parallelism":1,"completions":1,"backoffLimit":6,"completionMode":"NonIndexed","suspend":false,"podReplacementPolicy":"TerminatingOrFailed"}`,
		},
		{
			name: "parallel work queue keeps completions unset",
			in:   JobSpec{Parallelism: ptrInt32(4)},
			want: `{"parallelism":4,"backoffLimit":6,"completionMode":"NonIndexed","suspend":false,"podReplacementPolicy":"TerminatingOrFailed"}`,
		},
		{
			name: "completions alone",
			in:   JobSpec{Completions: ptrInt32(8)},
			want: `{"parallelism":1,"completions":8,"backoffLimit":6,"completionMode":"NonIndexed","suspend":false,"podReplacementPolicy":"TerminatingOrFailed"}`,
		},
		{
			name: "backoffLimitPerIndex makes backoffLimit unlimited",
			in:   JobSpec{Completions: ptrInt32(2), BackoffLimitPerIndex: ptrInt32(1)},
			want: `{"parallelism":1,"completions":2,"backoffLimit":` + strconv.Itoa(math.MaxInt32) + `,"backoffLimitPerIndex":1,"completionMode":"NonIndexed","suspend":false,"podReplacementPolicy":"TerminatingOrFailed"}`,
		},
		{
			name: "podFailurePolicy: status True and replacement Failed",
			in: JobSpec{PodFailurePolicy: &PodFailurePolicy{Rules: []PodFailurePolicyRule{{
				Action: PodFailurePolicyActionIgnore, OnPodConditions: []PodFailurePolicyOnPodConditionsPattern{{Type: "DisruptionTarget"}},
			}}}},
			want: `{"parallelism":1,"completions":1,"backoffLimit":6,"completionMode":"NonIndexed","suspend":false,"podReplacementPolicy":"Failed",
			  "podFailurePolicy":{"rules":[{"action":"Ignore","onExitCodes":null,"onPodConditions":[{"type":"DisruptionTarget","status":"True"}]}]}}`,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			j := &Job{Spec: tc.in}
			SetDefaults_Job(j)
			got := toJSONValue(t, &j.Spec).(map[string]any)
			delete(got, "template")
			if diff := cmp.Diff(parseJSON(t, tc.want), any(got)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestJobLabelsFromTemplate(t *testing.T) {
	j := &Job{ObjectMeta: meta.ObjectMeta{Name: "j"}}
	j.Spec.Template.Labels = map[string]string{"app": "batch"}
	SetDefaults_Job(j)
	if diff := cmp.Diff(map[string]string{"app": "batch"}, j.Labels); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	own := &Job{ObjectMeta: meta.ObjectMeta{Labels: map[string]string{"team": "x"}}}
	own.Spec.Template.Labels = map[string]string{"app": "batch"}
	SetDefaults_Job(own)
	if diff := cmp.Diff(map[string]string{"team": "x"}, own.Labels); diff != "" {
		t.Errorf("own labels changed (-want +got):\n%s", diff)
	}
}

func TestManualSelectorIsKept(t *testing.T) {
	job := createdJob(t, `
apiVersion: batch/v1
kind: Job
metadata: {name: manual}
spec:
  manualSelector: true
  selector:
    matchLabels: {run: manual}
  template:
    metadata:
      labels: {run: manual}
    spec:
      restartPolicy: OnFailure
      containers: [{name: c, image: busybox}]
`)
	if diff := cmp.Diff(&meta.LabelSelector{MatchLabels: map[string]string{"run": "manual"}}, job.Spec.Selector); diff != "" {
		t.Errorf("selector (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]string{"run": "manual"}, job.Spec.Template.Labels); diff != "" {
		t.Errorf("template labels (-want +got):\n%s", diff)
	}
	if errs := ValidateJob(job); len(errs) != 0 {
		t.Errorf("ValidateJob: %v", messages(errs))
	}
}

func TestIndexedJobDecodes(t *testing.T) {
	job := createdJob(t, indexedJobYAML)
	if errs := ValidateJob(job); len(errs) != 0 {
		t.Errorf("ValidateJob: %v", messages(errs))
	}
	if p := *job.Spec.PodReplacementPolicy; p != Failed {
		t.Errorf("podReplacementPolicy = %s, want Failed (a podFailurePolicy is set)", p)
	}
}

func TestCronJobDecodeAndDefaults(t *testing.T) {
	r := newRegistry(t)
	cj := decodeManifest(t, r, helloCronJobYAML).(*CronJob)
	kindOf(t, r, "CronJob").Default(cj)
	// As "kubectl get cronjob hello -o json" shows it on Kubernetes 1.32.
	want := `{
	  "concurrencyPolicy": "Allow",
	  "failedJobsHistoryLimit": 1,
	  "jobTemplate": {
	    "metadata": {"creationTimestamp": null},
	    "spec": {
	      "template": {
	        "metadata": {"creationTimestamp": null},
	        "spec": {
	          "containers": [{
	            "command": ["/bin/sh", "-c", "date; echo Hello from the Kubernetes cluster"],
	            "image": "busybox:1.28",
	            "imagePullPolicy": "IfNotPresent",
	            "name": "hello",
	            "resources": {},
	            "terminationMessagePath": "/dev/termination-log",
	            "terminationMessagePolicy": "File"
	          }],
	          "dnsPolicy": "ClusterFirst",
	          "restartPolicy": "OnFailure",
	          "schedulerName": "default-scheduler",
	          "securityContext": {},
	          "terminationGracePeriodSeconds": 30
	        }
	      }
	    }
	  },
	  "schedule": "* * * * *",
	  "successfulJobsHistoryLimit": 3,
	  "suspend": false
	}`
	if diff := cmp.Diff(parseJSON(t, want), toJSONValue(t, &cj.Spec)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if errs := kindOf(t, r, "CronJob").Validate(cj); len(errs) != 0 {
		t.Errorf("Validate: %v", messages(errs))
	}
}
