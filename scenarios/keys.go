package scenarios

import (
	"reflect"
	"strings"
)

// KeyDoc describes one scenario key.
type KeyDoc struct {
	Path      string // dotted, without array indices: "torrent.arrivals.per_hour"
	Type      string // "duration", "size or distribution", "token amount", "table"...
	Default   string // as TOML, "" when required or when absent means "none"
	Required  bool   // (when AppliesTo is set: required for those policies)
	Allowed   string // enumerated values or the range, in words
	AppliesTo string // e.g. `policy = halving, exponential-decay`; "" = always
	Doc       string
}

// Keys lists every key the loader knows, tables included, in the order
// of SCENARIO.md. The documentation and --set/--vary are built from it.
func Keys() []KeyDoc {
	var out []KeyDoc
	keyDocs("", reflect.TypeFor[Scenario](), &out)
	return out
}

func keyDocs(path string, t reflect.Type, out *[]KeyDoc) {
	fields := fieldsOf(t)
	selKey := ""
	for _, f := range fields {
		if f.selector {
			selKey = f.key
		}
	}
	for _, f := range fields {
		k := KeyDoc{Path: joinPath(path, f.key), Type: f.typeName(), Default: f.def,
			Required: f.required, Doc: f.doc}
		k.Default = strings.ReplaceAll(k.Default, "'", `"`)
		switch {
		case f.enum != nil:
			k.Allowed = strings.Join(f.enum, " | ")
		case f.hasRange:
			k.Allowed = f.rng.String()
		case f.pattern == "name":
			k.Allowed = "[a-z0-9-]+"
		}
		if f.forSel != nil {
			k.AppliesTo = selKey + " = " + strings.Join(f.forSel, ", ")
		}
		*out = append(*out, k)
		switch f.kind {
		case "table":
			keyDocs(k.Path, f.typ, out)
		case "opttable", "tables":
			keyDocs(k.Path, f.typ.Elem(), out)
		}
	}
}
