package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"runtime/pprof"
	"sort"
	"strings"
	"time"

	"github.com/gantryhq/gantry/scheduler/perf"
)

func main() {
	var (
		workload   = flag.String("workload", "SchedulingBasic", "workload name, or all")
		variant    = flag.String("variant", "e2e", "e2e, inprocess or all")
		count      = flag.Int("count", 1, "runs of each workload and variant")
		small      = flag.Bool("small", false, "use the small sizes (as TestHarnessSmall)")
		transport  = flag.String("transport", perf.TransportTCP, "end to end: tcp or loopback")
		cpuprofile = flag.String("cpuprofile", "", "write a CPU profile of the measured phase to this file")
		timeout    = flag.Duration("timeout", 10*time.Minute, "bound of each waiting phase")
		markdown   = flag.Bool("markdown", false, "print the summary as a Markdown table")
		list       = flag.Bool("list", false, "list the workloads and exit")
		workers    = flag.Int("workers", 128, "end to end: goroutines creating pods and nodes")
	)
	flag.Parse()
	if *list {
		for _, w := range perf.Workloads() {
			fmt.Printf("%-22s %s\n  %s\n", w.Name, w.Full, w.Description)
		}
		return
	}
	var workloads []perf.Workload
	if strings.EqualFold(*workload, "all") {
		workloads = perf.Workloads()
	} else {
		for _, name := range strings.Split(*workload, ",") {
			w, ok := perf.Lookup(name)
			if !ok {
				fmt.Fprintf(os.Stderr, "schedperf: unknown workload %q (-list lists them)\n", name)
				os.Exit(2)
			}
			workloads = append(workloads, w)
		}
	}
	var variants []perf.Variant
	switch *variant {
	case "all":
		variants = []perf.Variant{perf.E2E, perf.InProcess}
	case string(perf.E2E), string(perf.InProcess):
		variants = []perf.Variant{perf.Variant(*variant)}
	default:
		fmt.Fprintf(os.Stderr, "schedperf: unknown variant %q; want e2e, inprocess or all\n", *variant)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	fmt.Printf("schedperf: %s, load average %s\n", time.Now().Format(time.RFC3339), loadavg())
	type key struct {
		w string
		v perf.Variant
	}
	results := map[key][]perf.Result{}
	failed := false
	several := len(workloads)*len(variants) > 1
	for _, w := range workloads {
		for _, v := range variants {
			for i := range *count {
				opts := perf.Options{Variant: v, Transport: *transport, Timeout: *timeout, Progress: os.Stderr, CreateWorkers: *workers}
				if *small {
					s := w.Small
					opts.Scale = &s
				}
				if *cpuprofile != "" && i == 0 {
					name := *cpuprofile
					if several {
						name = fmt.Sprintf("%s.%s.%s", name, w.Name, v)
					}
					var f *os.File
					opts.OnMeasureStart = func() {
						var err error
						if f, err = os.Create(name); err == nil {
							err = pprof.StartCPUProfile(f)
						}
						if err != nil {
							fmt.Fprintf(os.Stderr, "schedperf: cpu profile: %v\n", err)
							f = nil
						}
					}
					opts.OnMeasureEnd = func() {
						if f != nil {
							pprof.StopCPUProfile()
							f.Close()
						}
					}
				}
				r, err := perf.Run(ctx, w, opts)
				if err != nil {
					fmt.Printf("FAIL %s/%s run %d: %v\n", w.Name, v, i+1, err)
					failed = true
					continue
				}
				extra := ""
				if r.CreatePerSec > 0 {
					extra += fmt.Sprintf(", created at %.0f pods/s", r.CreatePerSec)
				}
				if len(r.Plugins) > 0 {
					extra += fmt.Sprintf(", harness registered %v", r.Plugins)
				}
				fmt.Printf("%s%s [load %s]\n", r, extra, loadavg())
				results[key{w.Name, v}] = append(results[key{w.Name, v}], r)
			}
		}
	}

	fmt.Println()
	if *markdown {
		fmt.Println("| workload | nodes / init / measured pods | variant | pods/s median | spread (min-max) | runs | per-second p50 / p99 | goal | ratio to Kubernetes |")
		fmt.Println("|---|---|---|---|---|---|---|---|---|")
	} else {
		fmt.Printf("%-22s %-22s %-10s %10s %18s %5s %8s %12s\n", "workload", "nodes/init/measured", "variant", "pods/s", "spread", "runs", "goal", "vs k8s")
	}
	for _, w := range workloads {
		for _, v := range variants {
			rs := results[key{w.Name, v}]
			if len(rs) == 0 {
				continue
			}
			med, lo, hi := perf.Medians(rs)
			sc := rs[0].Scale
			size := fmt.Sprintf("%d/%d/%d", sc.Nodes, sc.InitPods, sc.MeasurePods)
			goal, ratio := "-", "-"
			if w.Goal > 0 {
				mark := "met"
				if med < w.Goal {
					mark = "NOT met"
				}
				goal = fmt.Sprintf("≥%.0f %s", w.Goal, mark)
			}
			if w.Anchor > 0 {
				ratio = fmt.Sprintf("%.1fx", med/w.Anchor)
			}
			// The per-second figures of the median run.
			byRate := append([]perf.Result(nil), rs...)
			sort.Slice(byRate, func(i, j int) bool { return byRate[i].PodsPerSec < byRate[j].PodsPerSec })
			p50, p99 := byRate[len(byRate)/2].Perc50, byRate[len(byRate)/2].Perc99
			if *markdown {
				fmt.Printf("| %s | %s | %s | %.0f | %.0f-%.0f | %d | %.0f / %.0f | %s | %s |\n", w.Name, size, v, med, lo, hi, len(rs), p50, p99, goal, ratio)
			} else {
				fmt.Printf("%-22s %-22s %-10s %10.0f %18s %5d %8s %12s\n", w.Name, size, v, med, fmt.Sprintf("%.0f-%.0f", lo, hi), len(rs), goal, ratio)
			}
		}
	}
	fmt.Printf("\nload average at the end: %s\n", loadavg())
	if failed {
		os.Exit(1)
	}
}

func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}
