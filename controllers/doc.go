// Package controllers will hold the controller manager (Reconciler,
// builder, work queues, leader election) and the built-in controllers
// (ReplicaSet, Deployment, garbage collector, namespace, node lifecycle, ...).
//
// Status: not implemented yet (issue 7). Nothing in this package is usable.
package controllers
