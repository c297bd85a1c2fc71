// Package controllers is Gantry's controller manager: the Reconciler
// contract, a builder that wires a reconciler to the shared caches, and a
// Manager that runs controllers with work queues, metrics, an event
// recorder and optional leader election. The built-in controllers live in
// sub-packages (garbagecollector, namespace, serviceaccount,
// resourcequota), each exporting Name and Add; controllers/builtin
// registers them all.
//
// A controller is a Reconciler fed by Sources:
//
//	mgr, _ := controllers.NewManager(controllers.Options{Client: c})
//	err := controllers.Build(mgr, "widget",
//		controllers.For[*Widget](),          // a Widget event queues the Widget
//		controllers.Owns[*corev1.Pod](),     // a Pod event queues its controlling Widget
//		controllers.Watches(func(n *corev1.Node) []controllers.Request { ... }),
//		controllers.Concurrency(2),
//	).Complete(reconciler)
//	err = mgr.Start(ctx) // blocks until ctx ends
//
// Semantics, as in controller-runtime:
//
//   - Level-triggered. Reconcile gets only a namespace and a name and reads
//     the current state; every time a controller starts (at Start, and each
//     time the manager regains leadership) it replays its sources' caches,
//     so it converges from the current state whatever events it missed.
//   - One informer per kind per manager, shared by every controller (the
//     manager's Factory untyped informers; read them typed with CacheFor).
//   - A controller's workers start once its sources' caches have synced.
//   - Requests are deduplicated; one request is never reconciled by two
//     workers at once. An error requeues with per-request exponential
//     back-off; TerminalError is not retried; Result.RequeueAfter requeues
//     after a delay; a panic is recovered and treated as an error.
//   - With Options.LeaderElection, the manager campaigns for a Lease and
//     runs its controllers only while it holds it; informers run either way
//     so that a new leader starts warm. Losing the Lease stops the
//     controllers and the manager campaigns again.
//
// Metrics (Manager.Metrics serves them; see metrics.go for the list) are
// per controller: reconcile totals by result, errors, a duration
// histogram, and work queue depth, adds and retries.
//
// A product adds its own controllers for its own kinds exactly as the
// built-in ones are added: register the kind in the registry the client
// uses (registry.Add), then Build a controller For it, or register an
// AddFunc in a Registry and AddTo the manager.
package controllers
