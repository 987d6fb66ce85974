package scenarios

import (
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
)

// The TOML decoder lists every key in document order (MetaData.Keys) but
// does not export their positions. keyLines recovers them: a small scanner
// walks the (already valid) document and notes the line of every key it
// meets, in the same order, and the two lists are zipped. Paths get the
// index of each array-of-tables element ("torrent.1.name") so that they
// match the paths the loader reports. If the scanner ever disagrees with
// the decoder, keys fall back to line 1 rather than to a wrong line.
func keyLines(data []byte, md toml.MetaData) map[string]int {
	keys := md.Keys()
	lines := scanKeyLines(string(data))
	out := make(map[string]int, len(keys))
	if len(lines) != len(keys) {
		return out
	}
	counts := map[string]int{} // array-of-tables path -> elements so far
	for i, k := range keys {
		if md.Type(k...) == "ArrayHash" { // a [[header]]: one more element
			counts[k.String()]++
		}
		out[keyedPath(k, counts)] = lines[i]
	}
	return out
}

// keyedPath inserts, after each array-of-tables prefix of k, the index of
// its current element.
func keyedPath(k toml.Key, counts map[string]int) string {
	var parts []string
	for i := range k {
		parts = append(parts, k[i])
		if n, ok := counts[toml.Key(k[:i+1]).String()]; ok {
			parts = append(parts, strconv.Itoa(n-1))
		}
	}
	return strings.Join(parts, ".")
}

// keyScanner finds the line of each key, table header and inline-table key.
type keyScanner struct {
	s     string
	i     int
	line  int
	lines []int
}

func scanKeyLines(s string) []int {
	sc := &keyScanner{s: s, line: 1}
	for sc.i < len(sc.s) {
		start := sc.i
		sc.skipSpace(true)
		if sc.i >= len(sc.s) {
			break
		}
		switch sc.s[sc.i] {
		case '[': // [table] or [[array.of.tables]]
			sc.lines = append(sc.lines, sc.line)
			for sc.i < len(sc.s) && sc.s[sc.i] != '\n' && sc.s[sc.i] != '#' {
				if c := sc.s[sc.i]; c == '"' || c == '\'' {
					sc.skipString()
				} else {
					sc.i++
				}
			}
		default:
			sc.keyValue()
		}
		if sc.i == start { // never loop without progress
			sc.i++
		}
	}
	return sc.lines
}

// keyValue reads `key = value` and notes the key's line.
func (sc *keyScanner) keyValue() {
	sc.lines = append(sc.lines, sc.line)
	for sc.i < len(sc.s) && sc.s[sc.i] != '=' && sc.s[sc.i] != '\n' {
		if c := sc.s[sc.i]; c == '"' || c == '\'' {
			sc.skipString()
		} else {
			sc.i++
		}
	}
	if sc.i < len(sc.s) && sc.s[sc.i] == '=' {
		sc.i++
		sc.value()
	}
}

// items skips the comma-separated items of an array or inline table,
// from its opening bracket to past its closing one, each with item.
func (sc *keyScanner) items(closing byte, item func()) {
	sc.i++
	for sc.i < len(sc.s) {
		sc.skipSpace(true)
		if sc.i >= len(sc.s) || sc.s[sc.i] == closing {
			break
		}
		start := sc.i
		item()
		sc.skipSpace(true)
		if sc.i < len(sc.s) && sc.s[sc.i] == ',' {
			sc.i++
		} else if sc.i == start {
			sc.i++ // no progress: skip a stray character rather than loop
		}
	}
	sc.i++
}

// value skips one value, descending into arrays and inline tables.
func (sc *keyScanner) value() {
	sc.skipSpace(false)
	if sc.i >= len(sc.s) {
		return
	}
	switch sc.s[sc.i] {
	case '"', '\'':
		sc.skipString()
	case '[':
		sc.items(']', sc.value)
	case '{':
		sc.items('}', sc.keyValue)
	default: // number, bool, date: up to a delimiter
		for sc.i < len(sc.s) && !strings.ContainsRune(",]}\n#", rune(sc.s[sc.i])) {
			sc.i++
		}
	}
}

// skipSpace skips blanks and comments, and newlines too when asked.
func (sc *keyScanner) skipSpace(newlines bool) {
	for sc.i < len(sc.s) {
		switch c := sc.s[sc.i]; {
		case c == ' ' || c == '\t' || c == '\r':
			sc.i++
		case c == '\n' && newlines:
			sc.line++
			sc.i++
		case c == '#':
			for sc.i < len(sc.s) && sc.s[sc.i] != '\n' {
				sc.i++
			}
		default:
			return
		}
	}
}

// skipString skips a basic, literal or multi-line string, counting lines.
func (sc *keyScanner) skipString() {
	q := sc.s[sc.i]
	delim := string(q)
	if strings.HasPrefix(sc.s[sc.i:], strings.Repeat(delim, 3)) {
		delim = strings.Repeat(delim, 3)
	}
	sc.i += len(delim)
	for sc.i < len(sc.s) {
		c := sc.s[sc.i]
		switch {
		case c == '\\' && q == '"':
			if sc.i+1 < len(sc.s) && sc.s[sc.i+1] == '\n' {
				sc.line++
			}
			sc.i += 2
			continue
		case c == '\n':
			sc.line++
		case strings.HasPrefix(sc.s[sc.i:], delim):
			sc.i += len(delim)
			// A multi-line string may end in up to two extra quotes.
			for n := 0; len(delim) == 3 && n < 2 && sc.i < len(sc.s) && sc.s[sc.i] == q; n++ {
				sc.i++
			}
			return
		}
		sc.i++
	}
}
