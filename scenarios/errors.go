package scenarios

import (
	"sort"
	"strconv"
	"strings"
)

// Error is one problem in a scenario. It prints as
//
//	file:line: key.path: what is wrong (what is allowed)
//
// File is "--set" for an override, with Line its 1-based position among
// the overrides. Key and Allowed may be empty (a TOML syntax error).
type Error struct {
	File    string
	Line    int
	Key     string
	Msg     string
	Allowed string
}

// oneLine escapes line breaks, which keys and values may hold (TOML
// quoted keys, --set text), so that each error stays one line.
var oneLine = strings.NewReplacer("\n", `\n`, "\r", `\r`)

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(oneLine.Replace(e.File) + ":")
	if e.Line > 0 { // 0: the file as a whole, e.g. it cannot be read
		b.WriteString(strconv.Itoa(e.Line) + ":")
	}
	b.WriteString(" ")
	if e.Key != "" {
		b.WriteString(oneLine.Replace(e.Key) + ": ")
	}
	b.WriteString(oneLine.Replace(e.Msg))
	if e.Allowed != "" {
		b.WriteString(" (" + oneLine.Replace(e.Allowed) + ")")
	}
	return b.String()
}

// Errors is every problem found in one scenario, in file order (then the
// overrides in order). It prints one error a line.
type Errors []*Error

func (es Errors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// sorted orders es by source (the file before --set), line, then key, and
// drops exact duplicates.
func (es Errors) sorted() Errors {
	sort.SliceStable(es, func(i, j int) bool {
		a, b := es[i], es[j]
		if (a.File == setFile) != (b.File == setFile) {
			return b.File == setFile
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Key < b.Key
	})
	out := es[:0]
	for i, e := range es {
		if i > 0 && e.Error() == es[i-1].Error() {
			continue
		}
		out = append(out, e)
	}
	return out
}
