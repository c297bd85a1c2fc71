package memory

import "sort"

// maxChunk is the largest chunk of the index; a full chunk is split in two.
const maxChunk = 512

// index is a sorted set of entries, ordered by key: a list of sorted chunks,
// each non-empty and at most maxChunk long.
type index struct {
	chunks [][]*entry
}

// chunkFor returns the chunk that holds key or would hold it.
func (x *index) chunkFor(key string) int {
	// First chunk whose last key is >= key; the last chunk if none.
	i := sort.Search(len(x.chunks), func(i int) bool {
		c := x.chunks[i]
		return c[len(c)-1].key >= key
	})
	if i == len(x.chunks) && i > 0 {
		i--
	}
	return i
}

func searchChunk(c []*entry, key string) int {
	return sort.Search(len(c), func(i int) bool { return c[i].key >= key })
}

// insert adds e, whose key must not be in the index.
func (x *index) insert(e *entry) {
	if len(x.chunks) == 0 {
		x.chunks = append(x.chunks, append(make([]*entry, 0, maxChunk), e))
		return
	}
	ci := x.chunkFor(e.key)
	c := x.chunks[ci]
	j := searchChunk(c, e.key)
	c = append(c, nil)
	copy(c[j+1:], c[j:])
	c[j] = e
	if len(c) <= maxChunk {
		x.chunks[ci] = c
		return
	}
	// Split: the upper half moves to a new chunk.
	half := len(c) / 2
	upper := make([]*entry, len(c)-half, maxChunk)
	copy(upper, c[half:])
	clear(c[half:])
	x.chunks[ci] = c[:half]
	x.chunks = append(x.chunks, nil)
	copy(x.chunks[ci+2:], x.chunks[ci+1:])
	x.chunks[ci+1] = upper
}

// remove deletes the entry with key, if present.
func (x *index) remove(key string) {
	if len(x.chunks) == 0 {
		return
	}
	ci := x.chunkFor(key)
	c := x.chunks[ci]
	j := searchChunk(c, key)
	if j == len(c) || c[j].key != key {
		return
	}
	copy(c[j:], c[j+1:])
	c[len(c)-1] = nil
	c = c[:len(c)-1]
	if len(c) == 0 {
		copy(x.chunks[ci:], x.chunks[ci+1:])
		x.chunks[len(x.chunks)-1] = nil
		x.chunks = x.chunks[:len(x.chunks)-1]
		return
	}
	x.chunks[ci] = c
}

// ascend calls fn for the entries with key >= from, in key order, until fn
// returns false.
func (x *index) ascend(from string, fn func(*entry) bool) {
	if len(x.chunks) == 0 {
		return
	}
	ci := x.chunkFor(from)
	j := searchChunk(x.chunks[ci], from)
	for ; ci < len(x.chunks); ci, j = ci+1, 0 {
		for _, e := range x.chunks[ci][j:] {
			if !fn(e) {
				return
			}
		}
	}
}
