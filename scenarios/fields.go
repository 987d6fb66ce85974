package scenarios

import (
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"github.com/swarmecon/swarmecon/model/token"
	"github.com/swarmecon/swarmecon/sim"
)

// field is one TOML key of a table, read from the struct tags (types.go).
type field struct {
	index    int
	key      string
	kind     string // see kindOf
	unit     string // dist: duration, size, rate or number
	def      string // default as a TOML value, "" for none
	rng      bounds
	hasRange bool
	enum     []string
	forSel   []string // policies this key applies to; nil = all
	pattern  string
	unless   string // a sibling key that, when set, replaces this one
	with     string // a sibling key without which this one means nothing
	doc      string
	required bool
	selector bool
	many     bool
	inline   bool
	typ      reflect.Type
}

var (
	timeType   = reflect.TypeFor[sim.Time]()
	amountType = reflect.TypeFor[token.Amount]()
	distType   = reflect.TypeFor[sim.Dist]()
	pointsType = reflect.TypeFor[[]EmissionPoint]()
)

var fieldCache sync.Map // reflect.Type -> []field

// fieldsOf lists the TOML keys of struct type t, in declaration order.
// The result is shared: callers must not modify it.
func fieldsOf(t reflect.Type) []field {
	if fs, ok := fieldCache.Load(t); ok {
		return fs.([]field)
	}
	var out []field
	for i := range t.NumField() {
		sf := t.Field(i)
		key := sf.Tag.Get("toml")
		if key == "" || key == "-" {
			continue
		}
		f := field{index: i, key: key, typ: sf.Type,
			kind: kindOf(sf), unit: sf.Tag.Get("unit"), def: sf.Tag.Get("default"),
			pattern: sf.Tag.Get("pattern"), unless: sf.Tag.Get("unless"), with: sf.Tag.Get("with"), doc: sf.Tag.Get("doc")}
		_, f.required = sf.Tag.Lookup("required")
		_, f.selector = sf.Tag.Lookup("select")
		_, f.many = sf.Tag.Lookup("many")
		_, f.inline = sf.Tag.Lookup("inline")
		if e := sf.Tag.Get("enum"); e != "" {
			f.enum = strings.Split(e, "|")
		}
		if e := sf.Tag.Get("for"); e != "" {
			f.forSel = strings.Split(e, "|")
		}
		if r := sf.Tag.Get("range"); r != "" {
			f.rng, f.hasRange = parseBounds(r), true
		} else if f.kind == "share" {
			f.rng, f.hasRange = parseBounds("[0,1]"), true
		}
		out = append(out, f)
	}
	fieldCache.Store(t, out)
	return out
}

// kindOf names how a field is read: its kind tag, or else its Go type.
func kindOf(sf reflect.StructField) string {
	if k := sf.Tag.Get("kind"); k != "" {
		return k
	}
	t := sf.Type
	switch {
	case t == timeType:
		return "duration"
	case t == amountType:
		return "amount"
	case t == pointsType:
		return "points"
	case t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Float64:
		return "optfloat"
	case t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Struct:
		return "opttable"
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Struct:
		return "tables"
	case t.Kind() == reflect.Struct:
		return "table"
	case t.Kind() == reflect.Uint64:
		return "uint"
	case t.Kind() == reflect.Int:
		return "int"
	case t.Kind() == reflect.Float64:
		return "float"
	}
	return t.Kind().String() // string, bool
}

// typeName is how Keys and messages name a kind.
func (f field) typeName() string {
	switch f.kind {
	case "dist":
		return f.unit + " or distribution"
	case "int", "uint":
		return "integer"
	case "float", "optfloat":
		return "number"
	case "amount":
		return "token amount"
	case "points":
		return "array of [duration, token amount]"
	case "toml":
		return "any value"
	case "file":
		return "file path"
	case "tables":
		if f.many {
			return "table or array of tables"
		}
		return "array of tables"
	case "opttable":
		return "table"
	}
	return f.kind
}

// bounds is an interval such as [0,inf) or (0,1).
type bounds struct {
	lo, hi         float64
	loOpen, hiOpen bool
}

func parseBounds(s string) bounds {
	var b bounds
	b.loOpen = s[0] == '('
	b.hiOpen = s[len(s)-1] == ')'
	lo, hi, _ := strings.Cut(s[1:len(s)-1], ",")
	b.lo = parseBound(lo)
	b.hi = parseBound(hi)
	return b
}

func parseBound(s string) float64 {
	if s == "inf" {
		return math.Inf(1)
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		panic("scenarios: bad range tag " + s) // a programming error in types.go, caught by tests
	}
	return f
}

// contains reports whether v lies within b.
func (b bounds) contains(v float64) bool {
	return !(v < b.lo || v == b.lo && b.loOpen || v > b.hi || v == b.hi && b.hiOpen)
}

// formatBound prints a bound as a person reads it: whole numbers in full
// (10000000, not 1e+07), others in their shortest form.
func formatBound(f float64) string {
	if f == math.Trunc(f) && math.Abs(f) < 1e15 {
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}

// String says in words what b allows.
func (b bounds) String() string {
	lo, hi := formatBound(b.lo), formatBound(b.hi)
	switch {
	case math.IsInf(b.hi, 1) && b.loOpen:
		return "more than " + lo
	case math.IsInf(b.hi, 1):
		return "at least " + lo
	case b.loOpen && b.hiOpen:
		return fmt.Sprintf("strictly between %s and %s", lo, hi)
	case !b.loOpen && !b.hiOpen:
		return fmt.Sprintf("from %s to %s", lo, hi)
	}
	open, close := "[", "]"
	if b.loOpen {
		open = "("
	}
	if b.hiOpen {
		close = ")"
	}
	return "in " + open + lo + ", " + hi + close
}
