package scenarios

import (
	"strconv"

	"github.com/swarmecon/swarmecon/sim"
)

// Errorf returns, as Errors, a problem with key that only a later stage
// finds (planning a run against the models that are built), located like
// the loader's own errors: at the line of key in the file, or of the
// nearest enclosing table written there (the --set that wrote it, for an
// override).
//
//	file:line: key: msg (allowed)
func (s *Scenario) Errorf(key, msg, allowed string) error {
	file := s.File
	if file == "" {
		file = "builtin:" + s.Name
	}
	o := origin{file, 0}
	for p := key; p != ""; p = parentPath(p) {
		if at, ok := s.origins[p]; ok {
			o = at
			break
		}
	}
	return Errors{{File: o.file, Line: o.line, Key: key, Msg: msg, Allowed: allowed}}
}

// ElemPath returns the key path of element i of the array of tables
// array, as the loader spells it: "token.emission.2", or "token.emission"
// when the file wrote a single table there.
func (s *Scenario) ElemPath(array string, i int) string {
	p := array + "." + strconv.Itoa(i)
	if _, ok := s.origins[p]; !ok {
		if _, single := s.origins[array]; single && i == 0 {
			return array
		}
	}
	return p
}

// FormatDuration writes t as scenarios do ("365d", "30m", "1.5s"), for
// messages about durations.
func FormatDuration(t sim.Time) string { return formatDuration(t) }
