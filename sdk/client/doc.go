// Package client is Gantry's client toolkit: what the scheduler,
// controllers, agents and a product's own components use to talk to the API
// server.
//
//   - Client: a REST client over HTTP (or an in-process loopback transport)
//     that turns error responses into *errors.StatusError values.
//   - Resource[T]: a typed client for any registered kind, built with
//     generics (no generated code per kind): Get, List, Create, Update,
//     UpdateStatus, Patch, Delete, DeleteCollection, Watch. ForKind is its
//     untyped form for kinds known only at run time.
//   - Informer[T] and Lister[T]: a shared, indexed cache of one kind kept by
//     list and watch (relisting on 410 Gone), with event handlers and resync.
//   - Sub-packages workqueue (rate-limited, deduplicating work queue) and
//     leaderelection (leader election over Lease objects).
//
// A Client is safe for concurrent use.
package client
