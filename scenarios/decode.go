package scenarios

import (
	"fmt"
	"math"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/swarmecon/swarmecon/model/token"
	"github.com/swarmecon/swarmecon/sim"
)

const setFile = "--set"

// origin is where a key was written: a line of the file or a --set.
type origin struct {
	file string
	line int
}

// decoder turns the generic TOML tree into the typed Scenario, collecting
// every error instead of stopping at the first.
type decoder struct {
	file     string
	origins  map[string]origin // key path -> where it was written
	present  map[string]bool   // key paths given explicitly
	changed  map[string]bool   // key paths a --set gave a new value
	decimals int               // token.decimals, read first: amounts need it
	stat     func(rel string) (string, error)
	errs     Errors
}

// errorf records an error at path, located at the nearest written
// ancestor of path (a missing key points at its table).
func (d *decoder) errorf(path, allowed, format string, args ...any) {
	o := origin{d.file, 1}
	for p := path; p != ""; p = parentPath(p) {
		if at, ok := d.origins[p]; ok {
			o = at
			break
		}
	}
	d.errs = append(d.errs, &Error{File: o.file, Line: o.line, Key: path,
		Msg: fmt.Sprintf(format, args...), Allowed: allowed})
}

func parentPath(p string) string {
	i := strings.LastIndexByte(p, '.')
	if i < 0 {
		return ""
	}
	return p[:i]
}

func joinPath(parent, key string) string {
	if parent == "" {
		return key
	}
	return parent + "." + key
}

// table fills the struct rv from the TOML table m at path.
func (d *decoder) table(path string, m map[string]any, rv reflect.Value) {
	fields := fieldsOf(rv.Type())
	sel, selOK, selKey := d.selection(path, m, fields)
	known := map[string]bool{}
	for _, f := range fields {
		known[f.key] = true
		p := joinPath(path, f.key)
		v, given := m[f.key]
		applies := f.forSel == nil || selOK && slices.Contains(f.forSel, sel)
		switch {
		case given && f.forSel != nil && !selOK:
			// The policy itself is wrong; that error is enough.
		case given && !applies && d.givesWay(p, joinPath(path, selKey)):
			// An override chose another policy: the file's parameters
			// of the old one give way (Effective shows what runs).
		case given && !applies:
			d.errorf(p, fmt.Sprintf("it applies to %s = %s", selKey, strings.Join(f.forSel, ", ")),
				"does not apply to %s = %q", selKey, sel)
		case given:
			d.present[p] = true
			d.value(p, v, f, rv.Field(f.index))
		case !applies:
		case f.required:
			d.errorf(p, f.typeName(), "is required")
		case f.def != "":
			d.value(p, parseDefault(f.def), f, rv.Field(f.index))
		case f.kind == "table":
			d.table(p, map[string]any{}, rv.Field(f.index))
		}
	}
	var unknown []string
	for k := range m {
		if !known[k] {
			unknown = append(unknown, k)
		}
	}
	sort.Strings(unknown)
	for _, k := range unknown {
		d.errorf(joinPath(path, k), "known keys: "+keyList(fields), "unknown key")
	}
}

// givesWay reports whether the parameter at p, which does not apply to
// the policy its table selects, is dropped rather than refused: an
// override (--set, --vary, --grid) changed the selector at selPath and p
// was written in the file. A parameter given by an override that does
// not apply to the policy stays an error.
func (d *decoder) givesWay(p, selPath string) bool {
	if !d.changed[selPath] {
		return false
	}
	for q := p; q != ""; q = parentPath(q) {
		if at, ok := d.origins[q]; ok {
			return at.file != setFile
		}
	}
	return true
}

// selection returns the policy chosen in m (or its default), whether it is
// a known one, and the key that chooses it.
func (d *decoder) selection(path string, m map[string]any, fields []field) (string, bool, string) {
	for _, f := range fields {
		if f.selector {
			v, given := m[f.key]
			if !given {
				v = parseDefault(f.def)
			}
			s, ok := v.(string)
			return s, ok && slices.Contains(f.enum, s), f.key
		}
	}
	return "", false, ""
}

func keyList(fields []field) string {
	keys := make([]string, len(fields))
	for i, f := range fields {
		keys[i] = f.key
	}
	return strings.Join(keys, ", ")
}

var (
	namePattern   = regexp.MustCompile(`^[a-z0-9-]+$`)
	metricPattern = regexp.MustCompile(`^[a-z0-9_.|-]+$`)
)

// value reads v into rv as field f says.
func (d *decoder) value(p string, v any, f field, rv reflect.Value) {
	switch f.kind {
	case "string", "file":
		s, ok := v.(string)
		switch {
		case !ok:
			d.wrongType(p, v, "a string")
		case f.enum != nil && !slices.Contains(f.enum, s):
			d.errorf(p, "known: "+strings.Join(f.enum, ", "), "unknown %s %q", f.key, s)
		case f.pattern == "name" && !namePattern.MatchString(s):
			d.errorf(p, "[a-z0-9-]+", "%q is not a valid name", s)
		case f.pattern == "metric" && !metricPattern.MatchString(s):
			d.errorf(p, "[a-z0-9_.|-]+, e.g. token.inflation.annualized", "%q is not a metric name", s)
		case f.kind == "file":
			d.dataFile(p, s, rv)
		default:
			rv.SetString(s)
		}
	case "bool":
		if b, ok := v.(bool); ok {
			rv.SetBool(b)
		} else {
			d.wrongType(p, v, "true or false")
		}
	case "int", "uint":
		n, ok := v.(int64)
		if !ok {
			d.wrongType(p, v, "an integer")
		} else if f.kind == "uint" && n < 0 {
			d.errorf(p, "at least 0", "%d is negative", n)
		} else if d.inRange(p, v, float64(n), f) {
			if f.kind == "uint" {
				rv.SetUint(uint64(n))
			} else if n > math.MaxInt32 {
				d.errorf(p, "at most "+strconv.Itoa(math.MaxInt32), "%d is too large", n)
			} else {
				rv.SetInt(n)
			}
		}
	case "float", "share", "optfloat":
		x, ok := number(v)
		if !ok {
			d.wrongType(p, v, "a number")
		} else if d.inRange(p, v, x, f) {
			if f.kind == "optfloat" {
				rv.Set(reflect.ValueOf(&x))
			} else {
				rv.SetFloat(x)
			}
		}
	case "duration", "size", "rate":
		if x, ok := d.quantity(p, v, f.kind); ok && d.inRange(p, v, x, f) {
			if f.kind == "rate" {
				rv.SetFloat(x)
			} else {
				rv.SetInt(int64(x))
			}
		}
	case "amount":
		if a, ok := d.amount(p, v); ok {
			if a.Sign() < 0 && f.hasRange && f.rng.lo >= 0 {
				d.errorf(p, "at least 0", "%s is negative", describe(v))
			} else {
				rv.Set(reflect.ValueOf(a))
			}
		}
	case "dist":
		if dist, ok := d.dist(p, v, f); ok {
			rv.Set(reflect.ValueOf(dist))
		}
	case "points":
		d.points(p, v, rv)
	case "toml":
		rv.SetString(encodeValue(v))
	case "table", "opttable":
		m, ok := v.(map[string]any)
		if !ok {
			d.wrongType(p, v, "a table")
			return
		}
		if f.kind == "opttable" {
			rv.Set(reflect.New(f.typ.Elem()))
			rv = rv.Elem()
		}
		d.table(p, m, rv)
	case "tables":
		d.tables(p, v, f, rv)
	default:
		panic("scenarios: no reader for kind " + f.kind) // types.go and this file disagree
	}
}

// tables reads an array of tables, or a single table where f.many allows.
func (d *decoder) tables(p string, v any, f field, rv reflect.Value) {
	var list []map[string]any
	switch v := v.(type) {
	case []map[string]any:
		list = v
	case map[string]any:
		if !f.many {
			d.wrongType(p, v, fmt.Sprintf("an array of tables ([[%s]])", p))
			return
		}
		// One table: its keys keep paths without an index.
		elem := reflect.New(f.typ.Elem()).Elem()
		d.table(p, v, elem)
		rv.Set(reflect.Append(rv, elem))
		return
	default:
		d.wrongType(p, v, "an array of tables")
		return
	}
	for i, m := range list {
		elem := reflect.New(f.typ.Elem()).Elem()
		d.table(joinPath(p, strconv.Itoa(i)), m, elem)
		rv.Set(reflect.Append(rv, elem))
	}
}

func (d *decoder) wrongType(p string, v any, want string) {
	d.errorf(p, want, "%s has the wrong type", describe(v))
}

// inRange reports whether x (read from v) is within f's bounds.
func (d *decoder) inRange(p string, v any, x float64, f field) bool {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		d.errorf(p, "a finite number", "%s is not finite", describe(v))
		return false
	}
	if f.hasRange && !f.rng.contains(x) {
		d.errorf(p, f.rng.String(), "%s is out of range", describe(v))
		return false
	}
	return true
}

func number(v any) (float64, bool) {
	switch v := v.(type) {
	case int64:
		return float64(v), true
	case float64:
		return v, true
	}
	return 0, false
}

// quantity reads a duration (µs), size (bytes) or rate (bytes/s) string.
func (d *decoder) quantity(p string, v any, kind string) (float64, bool) {
	allowed := map[string]string{"duration": allowedDuration, "size": allowedSize, "rate": allowedRate}[kind]
	s, ok := v.(string)
	if !ok {
		if _, isNumber := number(v); isNumber {
			d.errorf(p, allowed, "%s has no unit", describe(v))
		} else {
			d.wrongType(p, v, allowed)
		}
		return 0, false
	}
	var x float64
	var problem string
	switch kind {
	case "duration":
		var t sim.Time
		t, problem = parseDuration(s)
		x = float64(t)
	case "size":
		var n int64
		n, problem = parseSize(s)
		x = float64(n)
	default:
		x, problem = parseRate(s)
	}
	if problem != "" {
		d.errorf(p, allowed, "%q %s", s, problem)
		return 0, false
	}
	return x, true
}

// amount reads a token amount: an integer, a float (its shortest exact
// decimal form) or a string of digits for values a float cannot hold.
func (d *decoder) amount(p string, v any) (token.Amount, bool) {
	var text string
	switch v := v.(type) {
	case int64:
		text = strconv.FormatInt(v, 10)
	case float64:
		text = strconv.FormatFloat(v, 'f', -1, 64)
	case string:
		text = strings.ReplaceAll(v, "_", "")
	default:
		d.wrongType(p, v, "a number of tokens, or a string of digits for exact large values")
		return token.Amount{}, false
	}
	a, err := token.ParseAmount(text, d.decimals)
	if err != nil {
		allowed := fmt.Sprintf("whole base units at %d decimals, |amount| up to %s tokens",
			d.decimals, token.MaxAmount.Text(d.decimals))
		msg := strings.TrimPrefix(err.Error(), strconv.Quote(text)+" ")
		d.errorf(p, allowed, "%s %s", describe(v), msg)
		return token.Amount{}, false
	}
	return a, true
}

// file checks that a data file exists, relative to the scenario file.
func (d *decoder) dataFile(p, rel string, rv reflect.Value) {
	if rel == "" {
		d.errorf(p, "a file path relative to the scenario file", "is empty")
		return
	}
	resolved, err := d.stat(rel)
	if err != nil {
		d.errorf(p, "a file path relative to the scenario file", "cannot read %q: %v", rel, errText(err))
		return
	}
	rv.SetString(resolved)
}

// errText drops the path an fs error repeats.
func errText(err error) string {
	type unwrapper interface{ Unwrap() error }
	if u, ok := err.(unwrapper); ok && u.Unwrap() != nil {
		return u.Unwrap().Error()
	}
	return err.Error()
}

// points reads a table schedule: [[time, tokens per year], ...], sorted.
func (d *decoder) points(p string, v any, rv reflect.Value) {
	const allowed = `[["0d", 1e9], ["365d", 5e8]]: [duration, tokens per year] pairs sorted by time`
	list, ok := v.([]any)
	if !ok {
		d.wrongType(p, v, allowed)
		return
	}
	if len(list) == 0 {
		d.errorf(p, allowed, "is empty")
		return
	}
	var out []EmissionPoint
	for i, item := range list {
		pair, ok := item.([]any)
		if !ok || len(pair) != 2 {
			d.errorf(p, allowed, "point %d is %s, not a [duration, tokens per year] pair", i+1, describe(item))
			return
		}
		at, ok1 := d.quantity(p, pair[0], "duration")
		amount, ok2 := d.amount(p, pair[1])
		if !ok1 || !ok2 {
			return
		}
		if amount.Sign() < 0 {
			d.errorf(p, allowed, "point %d has a negative rate %s", i+1, describe(pair[1]))
			return
		}
		if i > 0 && sim.Time(at) <= out[i-1].At {
			d.errorf(p, allowed, "point %d at %s is not after point %d at %s", i+1, describe(pair[0]), i, describe(list[i-1].([]any)[0]))
			return
		}
		out = append(out, EmissionPoint{At: sim.Time(at), PerYear: amount})
	}
	rv.Set(reflect.ValueOf(out))
}
