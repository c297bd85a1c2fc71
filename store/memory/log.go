package memory

import "github.com/gantryhq/gantry/store"

// logChunk is the number of events per chunk of the log.
const logChunk = 4096

// eventLog is the sequence of events since the last compaction, in chunks so
// that appending never copies the events already logged.
type eventLog struct {
	chunks [][]store.Event
	off    int // index in chunks[0] of the first event
	n      int // number of events
}

func (l *eventLog) append(ev store.Event) {
	if len(l.chunks) == 0 || len(l.chunks[len(l.chunks)-1]) == logChunk {
		l.chunks = append(l.chunks, make([]store.Event, 0, logChunk))
	}
	last := &l.chunks[len(l.chunks)-1]
	*last = append(*last, ev)
	l.n++
}

// at returns the i-th event.
func (l *eventLog) at(i int) *store.Event {
	i += l.off
	return &l.chunks[i/logChunk][i%logChunk]
}

// dropFront drops the first n events.
func (l *eventLog) dropFront(n int) {
	l.n -= n
	n += l.off
	full := n / logChunk
	clear(l.chunks[:full])
	l.chunks = l.chunks[full:]
	l.off = n % logChunk
	if len(l.chunks) > 0 {
		clear(l.chunks[0][:l.off]) // release the dropped values
	}
}
