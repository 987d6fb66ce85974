package swarm

import "slices"

// freeList holds the free slots of a table (peers, flows, activity
// records, copy counts) and hands out the lowest first, so that the live
// entries gather at the front and a table whose tail has emptied can be
// cut back (see cutTail). Events name peers and flows by slot, so those
// tables cannot be renumbered the way the connections and the copy
// counts are.
type freeList []int32

func (h *freeList) push(i int32) {
	*h = append(*h, i)
	a := *h
	for j := len(a) - 1; j > 0; {
		up := (j - 1) / 2
		if a[up] <= a[j] {
			break
		}
		a[up], a[j] = a[j], a[up]
		j = up
	}
}

// pop returns the lowest free slot, or false when there is none.
func (h *freeList) pop() (int32, bool) {
	a := *h
	if len(a) == 0 {
		return 0, false
	}
	top := a[0]
	last := len(a) - 1
	a[0] = a[last]
	a = a[:last]
	for j := 0; ; {
		l, m := 2*j+1, j
		if l < len(a) && a[l] < a[m] {
			m = l
		}
		if r := l + 1; r < len(a) && a[r] < a[m] {
			m = r
		}
		if m == j {
			break
		}
		a[j], a[m] = a[m], a[j]
		j = m
	}
	*h = a
	return top, true
}

// cutTail takes out of the list the free slots that end a table of n
// entries and returns how many there were, so the table can drop them.
// It sorts the list: a sorted list is a valid heap.
func (h *freeList) cutTail(n int) int {
	slices.Sort(*h)
	a := *h
	k := 0
	for len(a) > 0 && int(a[len(a)-1]) == n-1-k {
		a = a[:len(a)-1]
		k++
	}
	*h = a
	return k
}

// shrink returns the table cut to n entries, reallocated with room for a
// sixteenth more when more than an eighth of its capacity would lie
// unused (appending grows a large table by a quarter).
func shrink[T any](table []T, n int) []T {
	table = table[:n]
	if cap(table) > 256 && cap(table) > n+n/8 {
		table = append(make([]T, 0, n+n/16), table...)
	}
	return table
}
