// Package admissiontest provides test helpers for admission plugins: a
// FakeHost whose in-memory Reader and Writer behave like the API server's
// (objects keyed by resource, namespace and name; UpdateStatus with
// resourceVersion preconditions), and small builders for request
// attributes.
//
// It is meant for the tests of the built-in plugins and of a product's own
// plugins:
//
//	h := admissiontest.NewFakeHost()
//	h.Add(admissiontest.Namespaces, &corev1.Namespace{ObjectMeta: meta.ObjectMeta{Name: "team-a"}})
//	p, err := namespacelifecycle.New(h.Host(), nil)
package admissiontest
