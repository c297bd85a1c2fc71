// Command schedperf runs the scheduler throughput harness (package
// scheduler/perf) and prints pods/s.
//
//	go run ./scheduler/perf/cmd/schedperf -workload SchedulingBasic -variant e2e
//	go run ./scheduler/perf/cmd/schedperf -workload all -variant all -count 3 -markdown
//
// Flags:
//
//	-workload NAME|all   the workload (default SchedulingBasic); -list lists them
//	-variant e2e|inprocess|all
//	-count N             runs of each workload and variant (default 1)
//	-small               the small sizes of TestHarnessSmall
//	-transport tcp|loopback   how the end-to-end clients reach the API server
//	-cpuprofile FILE     CPU profile of the measured phase of the first run of
//	                     each workload and variant (FILE.<workload>.<variant>
//	                     when several are run)
//	-workers N           end to end: goroutines creating pods and nodes (default 128)
//	-markdown            print the summary as a Markdown table
//
// It exits with status 1 if a run fails or a placement check finds a
// violation.
package main
