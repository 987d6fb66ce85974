package scenarios

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"
	"github.com/swarmecon/swarmecon/model/token"
)

//go:embed builtin/*.toml
var builtinFS embed.FS

// LoadFile reads, overrides and validates the scenario file at path.
// Relative data paths in it (traces, price CSVs) resolve against the
// file's folder. A failure is an Errors value listing every problem found.
func LoadFile(file string, sets []string) (*Scenario, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, Errors{{File: file, Msg: "cannot read the scenario: " + errText(err)}}
	}
	return Parse(file, data, sets)
}

// LoadBuiltin loads the built-in scenario name (see Builtins).
func LoadBuiltin(name string, sets []string) (*Scenario, error) {
	file := "builtin/" + name + ".toml"
	data, err := builtinFS.ReadFile(file)
	if err != nil || strings.ContainsAny(name, "/\\") {
		return nil, Errors{{File: name, Msg: "no such built-in scenario",
			Allowed: "built-ins: " + strings.Join(Builtins(), ", ")}}
	}
	return parse(file, data, sets, builtinFS, "builtin")
}

// Builtins returns the names of the built-in scenarios, sorted.
func Builtins() []string {
	entries, _ := builtinFS.ReadDir("builtin")
	var names []string
	for _, e := range entries {
		if name, ok := strings.CutSuffix(e.Name(), ".toml"); ok {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	return names
}

// Parse validates the scenario data, named filename in messages, after
// applying the --set overrides. Data paths resolve against filename's
// folder on the local file system.
func Parse(filename string, data []byte, sets []string) (*Scenario, error) {
	return parse(filename, data, sets, nil, filepath.Dir(filename))
}

// parse does the work of Parse; fsys nil means the local file system.
func parse(filename string, data []byte, sets []string, fsys fs.FS, dir string) (*Scenario, error) {
	tree := map[string]any{}
	md, err := toml.Decode(string(data), &tree)
	if err != nil {
		return nil, Errors{syntaxError(filename, err)}
	}
	d := &decoder{file: filename, origins: map[string]origin{}, present: map[string]bool{}}
	for p, line := range keyLines(data, md) {
		d.origins[p] = origin{filename, line}
	}
	for i, set := range sets {
		d.applySet(tree, set, i+1)
	}
	d.decimals = readDecimals(tree)
	d.stat = func(rel string) (string, error) {
		if fsys == nil {
			if !filepath.IsAbs(rel) {
				rel = filepath.Join(dir, rel)
			}
			_, err := os.Stat(rel)
			return rel, err
		}
		rel = path.Join(dir, rel)
		_, err := fs.Stat(fsys, rel)
		return rel, err
	}

	s := &Scenario{fsys: fsys}
	d.table("", tree, reflect.ValueOf(s).Elem())
	d.crossCheck(s)
	d.checkProposals(tree, s)
	if len(d.errs) > 0 {
		return nil, d.errs.sorted()
	}
	s.Source = data
	s.File = filename
	s.origins = d.origins
	s.Sets = append([]string(nil), sets...)
	h := sha256.New()
	h.Write(data)
	for _, set := range sets {
		h.Write([]byte("\n" + set))
	}
	s.SHA256 = hex.EncodeToString(h.Sum(nil))
	return s, nil
}

// ReadData reads a data file named by the scenario (Arrivals.Path,
// Price.Path), from wherever the scenario came from: the file system or
// the built-ins.
func (s *Scenario) ReadData(name string) ([]byte, error) {
	if s.fsys == nil {
		return os.ReadFile(name)
	}
	return fs.ReadFile(s.fsys, name)
}

// syntaxError maps a TOML decoding error to file:line.
func syntaxError(filename string, err error) *Error {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		e := &Error{File: filename, Line: max(pe.Position.Line, 1), Key: pe.LastKey,
			Msg: "invalid TOML: " + pe.Message}
		if strings.Contains(pe.Message, "out of range for int64") {
			e.Allowed = "TOML integers up to 9223372036854775807; write a larger amount as a string, e.g. \"990000000000000000000\""
		}
		return e
	}
	return &Error{File: filename, Line: 1, Msg: "invalid TOML: " + err.Error()}
}

// readDecimals finds token.decimals before decoding, since amounts
// anywhere depend on it. An invalid value falls back to the default here;
// the decoder reports it.
func readDecimals(tree map[string]any) int {
	if t, ok := tree["token"].(map[string]any); ok {
		if n, ok := t["decimals"].(int64); ok && n >= 0 && n <= token.MaxDecimals {
			return int(n)
		}
	}
	return int(parseDefault("6").(int64))
}

var defaults sync.Map // TOML text -> decoded value

// parseDefault decodes a default from a struct tag. Defaults are written
// by us, so a bad one is a programming error that the tests catch.
func parseDefault(text string) any {
	if v, ok := defaults.Load(text); ok {
		return v
	}
	var m map[string]any
	if _, err := toml.Decode("v = "+text, &m); err != nil {
		panic("scenarios: bad default " + text + ": " + err.Error())
	}
	defaults.Store(text, m["v"])
	return m["v"]
}
