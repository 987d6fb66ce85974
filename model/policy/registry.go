package policy

import (
	"fmt"
	"slices"
	"strings"
	"sync"
)

// Param documents one parameter of a policy.
type Param struct {
	Name, Default, Doc string
}

// Entry is one registered policy.
type Entry struct {
	Kind   string // what it decides: "emission", "delegation", ...
	Name   string // as written in a scenario
	Short  string // one line for listings
	Long   string // when to choose it and the formula, for `list policies`
	Params []Param
	// Factory builds the policy; its type depends on Kind (for example
	// EmissionFactory). Lookup callers assert it.
	Factory any
}

var (
	mu sync.RWMutex
	// registry maps kind, then name, to its entry. Keep it unexported:
	// everything goes through Register and Lookup, which copy and sort.
	registry = map[string]map[string]Entry{}
)

// Register adds a policy. It panics when the kind or name is empty, the
// factory is nil, or the name is already registered for that kind: all
// are programming errors found at start-up.
func Register(e Entry) {
	mu.Lock()
	defer mu.Unlock()
	if e.Kind == "" || e.Name == "" {
		panic("policy: Register with an empty kind or name")
	}
	if e.Factory == nil {
		panic("policy: Register " + e.Kind + " " + e.Name + " with a nil factory")
	}
	byName := registry[e.Kind]
	if byName == nil {
		byName = map[string]Entry{}
		registry[e.Kind] = byName
	}
	if _, dup := byName[e.Name]; dup {
		panic("policy: Register called twice for " + e.Kind + " " + e.Name)
	}
	byName[e.Name] = e
}

// Lookup returns the policy of a kind by name; the error lists the known
// names.
func Lookup(kind, name string) (Entry, error) {
	mu.RLock()
	defer mu.RUnlock()
	if e, ok := registry[kind][name]; ok {
		return e, nil
	}
	return Entry{}, fmt.Errorf("policy: unknown %s policy %q (known: %s)", kind, name, strings.Join(namesLocked(kind), ", "))
}

// Names returns the names registered for kind, sorted.
func Names(kind string) []string {
	mu.RLock()
	defer mu.RUnlock()
	return namesLocked(kind)
}

func namesLocked(kind string) []string {
	names := make([]string, 0, len(registry[kind]))
	for n := range registry[kind] {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// Kinds returns the registered kinds, sorted.
func Kinds() []string {
	mu.RLock()
	defer mu.RUnlock()
	kinds := make([]string, 0, len(registry))
	for k := range registry {
		kinds = append(kinds, k)
	}
	slices.Sort(kinds)
	return kinds
}

// List returns the entries of kind sorted by name.
func List(kind string) []Entry {
	mu.RLock()
	defer mu.RUnlock()
	var out []Entry
	for _, n := range namesLocked(kind) {
		out = append(out, registry[kind][n])
	}
	return out
}
