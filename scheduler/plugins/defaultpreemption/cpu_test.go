package defaultpreemption

import (
	"syscall"
	"testing"
	"time"
)

// cpuMeter reports the process CPU time (user+system, all threads) per
// operation as "cpu-ns/op": on a shared machine it is steadier than wall
// time and is what bounds throughput on a fixed number of cores.
type cpuMeter struct{ start time.Duration }

func cpuNow() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func startCPU() cpuMeter { return cpuMeter{start: cpuNow()} }

func (m cpuMeter) report(b *testing.B) {
	b.ReportMetric(float64(cpuNow()-m.start)/float64(b.N), "cpu-ns/op")
}
