// Package serviceaccount is the ServiceAccount admission plugin. For pod
// creates, as in Kubernetes:
//
//   - a pod that names no service account gets spec.serviceAccountName
//     "default";
//   - the service account must exist, else the pod is refused with
//     Forbidden: `error looking up service account team-a/foo: serviceaccount
//     "foo" not found`;
//   - a pod without imagePullSecrets gets those of its service account;
//   - when the service account carries the annotation
//     kubernetes.io/enforce-mountable-secrets: "true", the pod may only use
//     (as secret volumes, secretKeyRef variables and imagePullSecrets) the
//     secrets the account lists; the same holds for the secret references of
//     ephemeral containers added through the ephemeralcontainers subresource.
//
// Mirror pods (annotation kubernetes.io/config.mirror, the API copies of a
// node agent's static pods) are never changed; as in Kubernetes they are
// refused if they reference a service account, a secret or a service
// account token projection.
//
// Deviations from Kubernetes:
//
//   - Token volumes are not projected: Gantry has no service account tokens
//     yet, so pods get no kube-api-access-* volume and no mount at
//     /var/run/secrets/kubernetes.io/serviceaccount.
//   - The "default" service account need not exist (Config
//     RequireDefaultServiceAccount, false by default) because a host may run
//     without the controller that creates it in each namespace. A pod that
//     names another, missing account is always refused.
//   - Kubernetes retries a missing default account for about a second,
//     waiting for that controller; Gantry reads the API server's cache once.
package serviceaccount
