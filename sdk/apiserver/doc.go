// Package apiserver is Gantry's API server: the one door to the store.
//
// It serves Kubernetes REST paths for every kind in a registry.Registry
// (/api/v1/... for the core group, /apis/<group>/<version>/... for others),
// with the verbs create, get, list, update, patch, delete, deletecollection
// and watch, the status and scale subresources, pods/binding and
// pods/eviction, discovery (/api, /apis, aggregated and legacy), /version,
// /openapi/v3, health endpoints and server-side Table output for kubectl.
//
// A request passes authentication, authorization, decoding, defaulting,
// mutating admission, validation, validating admission and then the store.
// Reads and watches are served by a watch cache (package cache) that keeps
// one store watch for all resources and fans events out to any number of
// watchers.
package apiserver
