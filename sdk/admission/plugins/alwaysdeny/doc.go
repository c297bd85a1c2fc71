// Package alwaysdeny is the AlwaysDeny admission plugin: it refuses every
// request, for every operation, with Kubernetes' Forbidden message
// "admission control is denying all modifications". It exists for tests.
package alwaysdeny
