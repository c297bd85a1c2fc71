// Command gantry is Gantry's one binary.
//
//	gantry server      run the API server on the embedded bbolt store
//	gantry kubeconfig  print a kubeconfig for a server
//	gantry validate    decode, default and validate manifests offline
//	gantry version     print the version
//
// The agent, the all-in-one `up`, image tools and a kubectl-like CLI arrive
// with later issues.
package main
