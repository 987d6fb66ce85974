package scenarios

import (
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/swarmecon/swarmecon/model/chain"
)

// An override is `key.path=value`. The value is read as a TOML value
// (100, 0.5, true, "text", [1, 2], { dist = "constant", value = 3 });
// anything that is not valid TOML is taken as a bare string, so
// `duration=30d` and `torrent.0.peers.upload=2MiB/s` need no quotes.
//
// An element of an array of tables is addressed by its index from 0
// (`torrent.0.file_size`) or by its name (`torrent.patch.file_size`); when
// the array has a single element the index may be left out
// (`torrent.file_size`). A missing table is created.
var setKeyPattern = regexp.MustCompile(`^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$`)

const setAllowed = "key.path=value, e.g. torrent.0.piece_size=4MiB"

// applySet writes override number n (from 1) into tree and records where
// the key came from, so that errors about it point at the --set.
func (d *decoder) applySet(tree map[string]any, set string, n int) {
	key, text, ok := strings.Cut(set, "=")
	key = strings.TrimSpace(key)
	if !ok || !setKeyPattern.MatchString(key) {
		d.errs = append(d.errs, &Error{File: setFile, Line: n, Key: key,
			Msg: fmt.Sprintf("%q is not an override", set), Allowed: setAllowed})
		return
	}
	v := parseSetValue(text)
	canon, old, msg, allowed := setPath(tree, strings.Split(key, "."), v)
	if msg != "" {
		d.errs = append(d.errs, &Error{File: setFile, Line: n, Key: key, Msg: msg, Allowed: allowed})
		return
	}
	if !reflect.DeepEqual(old, v) {
		if d.changed == nil {
			d.changed = map[string]bool{}
		}
		d.changed[canon] = true
	}
	for p := range d.origins {
		if strings.HasPrefix(p, canon+".") { // the file's keys under a replaced value
			delete(d.origins, p)
		}
	}
	d.origins[canon] = origin{setFile, n}
	for p := parentPath(canon); p != ""; p = parentPath(p) {
		if _, ok := d.origins[p]; !ok { // a table the override created
			d.origins[p] = origin{setFile, n}
		}
	}
}

// parseSetValue reads text as a TOML value, or else as a bare string.
func parseSetValue(text string) any {
	text = strings.TrimSpace(text)
	var m map[string]any
	if _, err := toml.Decode("v = "+text, &m); err == nil {
		if v, ok := m["v"]; ok {
			return v
		}
	}
	return text
}

// setPath stores v at the key segs in tree and returns the key's path as
// the loader reports it (with array indices) and the value it replaced
// (nil: none), or what went wrong.
func setPath(tree map[string]any, segs []string, v any) (canon string, old any, msg, allowed string) {
	cur := tree
	var done []string
	wholeElement := false
	for i := 0; i < len(segs)-1; i++ {
		seg := segs[i]
		done = append(done, seg)
		switch next := cur[seg].(type) {
		case nil:
			m := map[string]any{}
			cur[seg] = m
			cur = m
		case map[string]any:
			cur = next
		case []map[string]any:
			idx, consumed := element(next, segs[i+1])
			if idx < 0 {
				var names []string
				for j, m := range next {
					names = append(names, strings.Join(done, ".")+"."+strconv.Itoa(j))
					if name, ok := m["name"].(string); ok {
						names = append(names, strings.Join(done, ".")+"."+name)
					}
				}
				return "", nil, fmt.Sprintf("%s has %d elements and none is %q", strings.Join(done, "."), len(next), segs[i+1]),
					"address an element as " + strings.Join(names, ", ")
			}
			done = append(done, strconv.Itoa(idx))
			if consumed {
				i++
				wholeElement = i == len(segs)-1
			}
			cur = next[idx]
		default:
			return "", nil, strings.Join(done, ".") + " is a value, not a table", "a key inside a table"
		}
	}
	if wholeElement {
		return "", nil, "names a whole element, not a key", "a key inside it, e.g. torrent.0.file_size"
	}
	last := segs[len(segs)-1]
	old = cur[last]
	cur[last] = v
	return strings.Join(append(done, last), "."), old, "", ""
}

// element finds the array element that seg addresses: an index, a name,
// or (consumed == false) the only element.
func element(list []map[string]any, seg string) (idx int, consumed bool) {
	if n, err := strconv.Atoi(seg); err == nil && n >= 0 && n < len(list) && strconv.Itoa(n) == seg {
		return n, true
	}
	for j, m := range list {
		if name, ok := m["name"].(string); ok && name == seg {
			return j, true
		}
	}
	if _, err := strconv.Atoi(seg); err == nil {
		return -1, false // an index out of range, not a key of the only element
	}
	if len(list) == 1 {
		return 0, false
	}
	return -1, false
}

// checkProposals checks each governance proposal like an override: its
// key must exist and its value must be valid there. It applies the
// proposal to a copy of the scenario and keeps the errors about that key.
func (d *decoder) checkProposals(tree map[string]any, s *Scenario) {
	for i, prop := range s.Governance.Proposals {
		base := "governance.proposal." + strconv.Itoa(i)
		if _, ok := d.origins[base]; !ok {
			base = "governance.proposal" // written as a single table
		}
		if prop.Set == "" || prop.To == "" {
			continue // already reported as missing
		}
		if !setKeyPattern.MatchString(prop.Set) {
			d.errorf(base+".set", "a key path such as market.bid_floor.value", "%q is not a key path", prop.Set)
			continue
		}
		clone := deepCopy(tree).(map[string]any)
		canon, _, msg, allowed := setPath(clone, strings.Split(prop.Set, "."), parseSetValue(prop.To))
		if msg != "" {
			d.errorf(base+".set", allowed, "%s", msg)
			continue
		}
		trial := &decoder{file: d.file, origins: map[string]origin{}, present: map[string]bool{},
			decimals: readDecimals(clone), stat: d.stat}
		trial.table("", clone, reflect.ValueOf(&Scenario{}).Elem())
		// An unknown key first: "cannot change during a run" would
		// suggest that the key exists.
		var wrong []*Error
		unknown := false
		for _, e := range trial.errs {
			if e.Key != canon && !strings.HasPrefix(e.Key, canon+".") && !strings.HasPrefix(canon, e.Key+".") {
				continue
			}
			if e.Msg == "unknown key" {
				d.errorf(base+".set", e.Allowed, "names unknown key %s", e.Key)
				unknown = true
				break
			}
			wrong = append(wrong, e)
		}
		if unknown {
			continue
		}
		if why := fixedAtRunTime(canon); why != "" {
			d.errorf(base+".set", why, "%s cannot change during a run", canon)
			continue
		}
		for _, e := range wrong {
			d.errorf(base+".to", e.Allowed, "for %s: %s", e.Key, e.Msg)
		}
	}
}

// deepCopy copies a decoded TOML tree so that a trial edit leaves it be.
func deepCopy(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[k] = deepCopy(x)
		}
		return out
	case []map[string]any:
		out := make([]map[string]any, len(v))
		for i, x := range v {
			out[i] = deepCopy(x).(map[string]any)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = deepCopy(x)
		}
		return out
	}
	return v
}

// shapesTheRun matches keys that build the run (sizes, counts, policies,
// time steps, data): a running model cannot change them.
var shapesTheRun = regexp.MustCompile(`^(name|description|seed|duration|sample_every|` +
	`torrent(\.[^.]+)?\.(name|file_size|piece_size|initial_seeds|arrivals\.(process|path))|catalogue(\..*)?|` +
	`market\.enabled|storage\.(enabled|hosts|host_capacity)|governance(\..*)?|expect(\..*)?)$`)

// fixedAtRunTime returns, for a key a proposal may not change, what may
// be changed instead; "" when the key may change. The token and chain keys
// are those the chain applies itself (chain.IsRuntimeKey).
func fixedAtRunTime(key string) string {
	if strings.HasPrefix(key, "chain.") || strings.HasPrefix(key, "token.") {
		if chain.IsRuntimeKey(key) {
			return ""
		}
		return "governance can change " + chain.RuntimeKeys
	}
	if shapesTheRun.MatchString(key) {
		return "a parameter of a running model, not one that shapes the run"
	}
	return ""
}
