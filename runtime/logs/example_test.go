package logs_test

import (
	"bytes"
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/gantryhq/gantry/runtime/logs"
)

// A runtime writes a container's output in the CRI format; the agent reads
// the last line back with its timestamp.
func Example() {
	dir, err := os.MkdirTemp("", "logs")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	path := logs.Path(dir, "web", 0)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		log.Fatal(err)
	}
	var file bytes.Buffer
	now := func() time.Time { return time.Date(2026, 11, 25, 13, 20, 52, 0, time.UTC) }
	w := logs.NewWriter(&file, now)
	stdout := w.Stream(logs.Stdout)
	fmt.Fprint(stdout, "starting\nlistening on :8080\n")
	if err := os.WriteFile(path, file.Bytes(), 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Print(file.String())
	if err := logs.Read(context.Background(), path, logs.ReadOptions{Tail: 1, Timestamps: true}, os.Stdout, os.Stderr); err != nil {
		log.Fatal(err)
	}
	// Output:
	// 2026-11-25T13:20:52.000000000Z stdout F starting
	// 2026-11-25T13:20:52.000000000Z stdout F listening on :8080
	// 2026-11-25T13:20:52.000000000Z listening on :8080
}
