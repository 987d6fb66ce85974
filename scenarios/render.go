package scenarios

import (
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/swarmecon/swarmecon/model/token"
	"github.com/swarmecon/swarmecon/sim"
)

// Effective returns the scenario as the run sees it, after --set and with
// every default written out, as TOML that loads back to the same
// scenario. Keys that do not apply to the chosen policies are left out.
func (s *Scenario) Effective() string {
	var b strings.Builder
	r := renderer{b: &b, decimals: s.Token.Decimals}
	r.table("", reflect.ValueOf(s).Elem())
	return b.String()
}

type renderer struct {
	b        *strings.Builder
	decimals int
}

// table writes the scalar keys of rv, then its sub-tables under headers.
func (r renderer) table(path string, rv reflect.Value) {
	fields := fieldsOf(rv.Type())
	sel := ""
	for _, f := range fields {
		if f.selector {
			sel = rv.Field(f.index).String()
		}
	}
	var nested []field
	for _, f := range fields {
		v := rv.Field(f.index)
		if f.forSel != nil && !slices.Contains(f.forSel, sel) || r.replaced(rv, f, fields) {
			continue
		}
		switch {
		case f.kind == "table" && f.inline:
			r.b.WriteString(f.key + " = " + r.inline(v) + "\n")
		case f.kind == "opttable" && f.inline:
			if !v.IsNil() {
				r.b.WriteString(f.key + " = " + r.inline(v.Elem()) + "\n")
			}
		case f.kind == "table" || f.kind == "opttable" || f.kind == "tables":
			nested = append(nested, f)
		case f.kind == "optfloat" && v.IsNil():
		default:
			r.b.WriteString(f.key + " = " + r.scalar(f, v) + "\n")
		}
	}
	for _, f := range nested {
		p := joinPath(path, f.key)
		v := rv.Field(f.index)
		switch f.kind {
		case "table":
			r.b.WriteString("\n[" + p + "]\n")
			r.table(p, v)
		case "opttable":
			if !v.IsNil() {
				r.b.WriteString("\n[" + p + "]\n")
				r.table(p, v.Elem())
			}
		case "tables":
			for i := range v.Len() {
				r.b.WriteString("\n[[" + p + "]]\n")
				r.table(p, v.Index(i))
			}
		}
	}
}

// replaced reports whether f gave way to the sibling its unless tag
// names, or lacks the sibling its with tag names: Effective leaves it out.
func (r renderer) replaced(rv reflect.Value, f field, fields []field) bool {
	for _, g := range fields {
		switch g.key {
		case f.unless:
			return !rv.Field(g.index).IsNil()
		case f.with:
			return rv.Field(g.index).IsNil()
		}
	}
	return false
}

// inline writes a small table as { key = value, ... }.
func (r renderer) inline(rv reflect.Value) string {
	var parts []string
	sel := ""
	for _, f := range fieldsOf(rv.Type()) {
		if f.selector {
			sel = rv.Field(f.index).String()
		}
		if f.forSel == nil || slices.Contains(f.forSel, sel) {
			parts = append(parts, f.key+" = "+r.scalar(f, rv.Field(f.index)))
		}
	}
	return "{ " + strings.Join(parts, ", ") + " }"
}

// scalar writes one value in the form the loader reads back exactly.
func (r renderer) scalar(f field, v reflect.Value) string {
	switch f.kind {
	case "string", "file":
		return quote(v.String())
	case "toml":
		return v.String()
	case "bool":
		return strconv.FormatBool(v.Bool())
	case "int":
		return strconv.FormatInt(v.Int(), 10)
	case "uint":
		return strconv.FormatUint(v.Uint(), 10)
	case "float", "share":
		return formatNumber(v.Float())
	case "optfloat":
		return formatNumber(v.Elem().Float())
	case "duration":
		return quote(formatDuration(sim.Time(v.Int())))
	case "size":
		return quote(formatSize(v.Int()))
	case "rate":
		return quote(formatRate(v.Float()))
	case "amount":
		return r.amount(v.Interface().(token.Amount))
	case "dist":
		return renderDist(v.Interface().(sim.Dist), f.unit)
	case "points":
		var pts []string
		for _, p := range v.Interface().([]EmissionPoint) {
			pts = append(pts, "["+quote(formatDuration(p.At))+", "+r.amount(p.PerYear)+"]")
		}
		return "[" + strings.Join(pts, ", ") + "]"
	}
	return `""`
}

// amount writes whole int64 amounts as integers and the rest as exact
// decimal strings, which floats could not hold.
func (r renderer) amount(a token.Amount) string {
	text := a.Text(r.decimals)
	if _, err := strconv.ParseInt(text, 10, 64); err == nil {
		return text
	}
	return quote(text)
}

func renderDist(d sim.Dist, unit string) string {
	value := func(x float64) string {
		switch unit {
		case "duration":
			return quote(formatDuration(sim.Time(x)))
		case "size":
			return quote(formatSize(int64(x)))
		case "rate":
			return quote(formatRate(x))
		}
		return formatNumber(x)
	}
	if d.Kind() == sim.Constant {
		return value(d.Params()[0].Value)
	}
	parts := []string{"dist = " + quote(d.Kind().String())}
	for _, p := range d.Params() {
		if p.Scaled {
			parts = append(parts, p.Name+" = "+value(p.Value))
		} else {
			parts = append(parts, p.Name+" = "+formatNumber(p.Value))
		}
	}
	if d.Kind() == sim.Classes {
		values, weights := d.ClassTable()
		var vs, ws []string
		for i := range values {
			vs = append(vs, value(values[i]))
			ws = append(ws, formatNumber(weights[i]))
		}
		parts = append(parts, "values = ["+strings.Join(vs, ", ")+"]", "weights = ["+strings.Join(ws, ", ")+"]")
	}
	return "{ " + strings.Join(parts, ", ") + " }"
}

// quote writes a TOML basic string.
func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, c := range s {
		switch {
		case c == '"' || c == '\\':
			b.WriteString(`\` + string(c))
		case c < 0x20 || c == 0x7f || c == utf8.RuneError:
			b.WriteString(`\u` + strings.ToUpper(strconv.FormatInt(int64(c)+0x10000, 16)[1:]))
		default:
			b.WriteRune(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// encodeValue writes a decoded TOML value back as TOML text.
func encodeValue(v any) string {
	switch v := v.(type) {
	case string:
		return quote(v)
	case int64:
		return strconv.FormatInt(v, 10)
	case float64:
		return formatNumber(v)
	case bool:
		return strconv.FormatBool(v)
	case []any:
		parts := make([]string, len(v))
		for i, x := range v {
			parts[i] = encodeValue(x)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case []map[string]any:
		parts := make([]string, len(v))
		for i, x := range v {
			parts[i] = encodeValue(x)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = quote(k) + " = " + encodeValue(v[k])
		}
		return "{ " + strings.Join(parts, ", ") + " }"
	}
	return quote(describe(v)) // dates and times: not used by any key
}
