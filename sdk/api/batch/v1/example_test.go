package v1_test

import (
	"fmt"

	batchv1 "github.com/gantryhq/gantry/sdk/api/batch/v1"
	"github.com/gantryhq/gantry/sdk/api/codec"
	"github.com/gantryhq/gantry/sdk/api/meta"
	"github.com/gantryhq/gantry/sdk/api/registry"
)

// A product registers the batch/v1 kinds, then decodes, defaults and
// validates a CronJob through the registry, as the API server does.
func ExampleRegister() {
	r := registry.New()
	if err := batchv1.Register(r); err != nil {
		fmt.Println(err)
		return
	}
	obj, err := codec.Decode(r, []byte(`
apiVersion: batch/v1
kind: CronJob
metadata:
  name: report
  namespace: default
spec:
  schedule: "0 25 * * *"
  timeZone: Europe/Berlin
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
          - name: report
            image: busybox:1.36
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	k, _ := r.KindFor(meta.GroupVersionKind{Group: "batch", Version: "v1", Kind: "CronJob"})
	k.Default(obj)
	cj := obj.(*batchv1.CronJob)
	fmt.Println(cj.Spec.ConcurrencyPolicy, *cj.Spec.SuccessfulJobsHistoryLimit, *cj.Spec.FailedJobsHistoryLimit)
	for _, e := range k.Validate(obj) {
		fmt.Println(e)
	}
	// Output:
	// Allow 3 1
	// spec.schedule: Invalid value: "0 25 * * *": end of range (25) above maximum (23): 25
}

func ExampleValidateSchedule() {
	for _, s := range []string{"*/15 9-17 * * mon-fri", "@every 90s", "* * * *"} {
		fmt.Printf("%q: %v\n", s, batchv1.ValidateSchedule(s))
	}
	// Output:
	// "*/15 9-17 * * mon-fri": <nil>
	// "@every 90s": <nil>
	// "* * * *": expected exactly 5 fields, found 4: [* * * *]
}
