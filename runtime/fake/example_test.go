package fake_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/gantryhq/gantry/runtime"
	"github.com/gantryhq/gantry/runtime/fake"
)

// A fake runtime on a manual clock: a container scripted to crash after ten
// seconds, observed deterministically.
func Example() {
	ctx := context.Background()
	clock := fake.NewManualClock(time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC))
	rt, err := fake.New(fake.Options{
		Clock:   clock,
		Images:  []string{"gantry.local/app:1"},
		Scripts: map[string]fake.Script{"gantry.local/app:1": {ExitAfter: 10 * time.Second, ExitCode: 2}},
	})
	if err != nil {
		log.Fatal(err)
	}
	sb, err := rt.RunPodSandbox(ctx, &runtime.SandboxConfig{Name: "web-0", Namespace: "default", UID: "1"})
	if err != nil {
		log.Fatal(err)
	}
	st, _ := rt.PodSandboxStatus(ctx, sb)
	fmt.Println("pod IP:", st.IP)
	id, err := rt.CreateContainer(ctx, sb, &runtime.ContainerConfig{Name: "app", Image: "gantry.local/app:1"}, nil)
	if err != nil {
		log.Fatal(err)
	}
	if err := rt.StartContainer(ctx, id); err != nil {
		log.Fatal(err)
	}
	clock.Advance(10 * time.Second)
	cs, _ := rt.ContainerStatus(ctx, id)
	fmt.Println(cs.State, cs.ExitCode, cs.Reason, cs.FinishedAt.Sub(cs.StartedAt))
	// Output:
	// pod IP: 10.42.0.2
	// CONTAINER_EXITED 2 Error 10s
}
