// Package serviceaccount is the service account controller: it makes sure
// every active namespace has the "default" ServiceAccount (and any other
// account named in Config), creating it when a namespace appears and again
// when the account is deleted, as Kubernetes' serviceaccounts-controller
// does. Namespaces that are terminating are left alone.
//
// Pods that name no account get "default" from the ServiceAccount
// admission plugin; with this controller running the account exists, so a
// host may turn on that plugin's RequireDefaultServiceAccount.
package serviceaccount
