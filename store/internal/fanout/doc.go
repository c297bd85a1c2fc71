// Package fanout delivers a store's writes to its watches: the backend
// publishes each committed write once, in revision order, and the hub queues
// it for every matching watch without ever blocking the publisher. A watch
// that starts in the past first replays the history through a Source given
// by the backend, then switches to the live queue without gap or duplicate.
package fanout
