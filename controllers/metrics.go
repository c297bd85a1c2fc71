package controllers

import (
	"github.com/prometheus/client_golang/prometheus"
)

// metrics are a manager's Prometheus collectors. Names follow
// controller-runtime's, under the gantry_ prefix:
//
//	gantry_controller_reconcile_total{controller,result}   result: success, error, requeue, requeue_after
//	gantry_controller_reconcile_errors_total{controller}   errors returned by Reconcile (terminal ones too)
//	gantry_controller_terminal_reconcile_errors_total{controller}
//	gantry_controller_reconcile_time_seconds{controller}   histogram
//	gantry_workqueue_depth{name}                           requests waiting (not delayed ones)
//	gantry_workqueue_adds_total{name}                      requests added by events and replays
//	gantry_workqueue_retries_total{name}                   rate-limited and delayed re-adds
//	gantry_controller_manager_leader                       1 while the manager runs its controllers
type metrics struct {
	reg             *prometheus.Registry
	reconcileTotal  *prometheus.CounterVec
	reconcileErrors *prometheus.CounterVec
	terminalErrors  *prometheus.CounterVec
	reconcileTime   *prometheus.HistogramVec
	adds            *prometheus.CounterVec
	retries         *prometheus.CounterVec
}

func newMetrics(reg *prometheus.Registry, leading func() bool) (*metrics, error) {
	m := &metrics{
		reg: reg,
		reconcileTotal: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "gantry_controller_reconcile_total",
			Help: "Reconciles per controller and result (success, error, requeue, requeue_after).",
		}, []string{"controller", "result"}),
		reconcileErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "gantry_controller_reconcile_errors_total",
			Help: "Reconciles that returned an error, per controller.",
		}, []string{"controller"}),
		terminalErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "gantry_controller_terminal_reconcile_errors_total",
			Help: "Reconciles that returned a terminal (not retried) error, per controller.",
		}, []string{"controller"}),
		reconcileTime: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "gantry_controller_reconcile_time_seconds",
			Help:    "Time per reconcile, per controller.",
			Buckets: []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60},
		}, []string{"controller"}),
		adds: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "gantry_workqueue_adds_total",
			Help: "Requests added to a controller's work queue by events and replays.",
		}, []string{"name"}),
		retries: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "gantry_workqueue_retries_total",
			Help: "Requests re-added to a controller's work queue with back-off or a delay.",
		}, []string{"name"}),
	}
	leader := prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "gantry_controller_manager_leader",
		Help: "1 while the controller manager runs its controllers (holds the lease), else 0.",
	}, func() float64 {
		if leading() {
			return 1
		}
		return 0
	})
	for _, c := range []prometheus.Collector{m.reconcileTotal, m.reconcileErrors, m.terminalErrors, m.reconcileTime, m.adds, m.retries, leader} {
		if err := reg.Register(c); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// registerDepth adds the depth gauge of one controller's queue.
func (m *metrics) registerDepth(name string, depth func() float64) error {
	return m.reg.Register(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name:        "gantry_workqueue_depth",
		Help:        "Requests waiting in a controller's work queue (delayed ones excluded).",
		ConstLabels: prometheus.Labels{"name": name},
	}, depth))
}
