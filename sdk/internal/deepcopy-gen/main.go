package main

import (
	"flag"
	"fmt"
	"io"
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stderr))
}

// run is main without the exit, for tests. It returns the exit status: 0 on
// success, 1 when -verify finds a stale file, 2 on any other error.
func run(args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet("deepcopy-gen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	verify := fs.Bool("verify", false, "write nothing; exit 1 if a generated file is missing or stale")
	verbose := fs.Bool("v", false, "list the files written or checked")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: deepcopy-gen [-verify] [-v] [packages]\n\n"+
			"Writes zz_generated.deepcopy.go into every package whose doc comment carries\n"+
			"// %s. Packages default to \".\".\n\n", packageMarker)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	logf := func(format string, a ...any) {
		if *verbose {
			fmt.Fprintf(stderr, format+"\n", a...)
		}
	}
	warn := func(format string, a ...any) { fmt.Fprintf(stderr, "deepcopy-gen: warning: "+format+"\n", a...) }

	results, err := generate(config{Warn: warn}, fs.Args()...)
	if err != nil {
		fmt.Fprintf(stderr, "deepcopy-gen: %v\n", err)
		return 2
	}
	stale, err := write(results, *verify, logf)
	if err != nil {
		fmt.Fprintf(stderr, "deepcopy-gen: %v\n", err)
		return 2
	}
	if len(stale) > 0 {
		for _, f := range stale {
			fmt.Fprintf(stderr, "deepcopy-gen: %s is stale\n", f)
		}
		fmt.Fprintf(stderr, "deepcopy-gen: run: go run ./sdk/internal/deepcopy-gen ./sdk/api/...\n")
		return 1
	}
	return 0
}
