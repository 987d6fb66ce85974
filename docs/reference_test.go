package docs

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/swarmecon/swarmecon/scenarios"
)

var update = flag.Bool("update", false, "rewrite scenario-reference.md from the loader's keys")

const referenceFile = "scenario-reference.md"

// reference renders scenario-reference.md from scenarios.Keys(): one
// section per table, one row per key, in the loader's order.
func reference() []byte {
	var b bytes.Buffer
	b.WriteString(`# Scenario reference

Every key the scenario loader accepts, generated from the loader itself
(` + "`go test ./docs -update`" + `), so this page and the program cannot
disagree. Keys are grouped by their table; ` + "`[[torrent]]`" + ` and the other
arrays of tables repeat. A key marked *required* has no default. Units are
written in values: durations ` + "`\"30m\"`" + `, sizes ` + "`\"1GiB\"`" + `, rates ` + "`\"4MiB/s\"`" + `;
token amounts are whole tokens. See [the user guide](guide.md) for how
scenarios are written and overridden with ` + "`--set`" + `.
`)
	// One section per table, in the order the loader first names each
	// table: the loader lists a table's sub-tables between its keys, and
	// following it literally would repeat a heading for every return.
	var tables []string
	byTable := map[string][]scenarios.KeyDoc{}
	for _, k := range scenarios.Keys() {
		parent := ""
		if i := strings.LastIndexByte(k.Path, '.'); i >= 0 {
			parent = k.Path[:i]
		}
		if _, ok := byTable[parent]; !ok {
			tables = append(tables, parent)
		}
		byTable[parent] = append(byTable[parent], k)
	}
	for _, table := range tables {
		title := "Top level"
		if table != "" {
			title = "`" + table + "`"
		}
		fmt.Fprintf(&b, "\n## %s\n\n| Key | Type | Default | Allowed | Description |\n|---|---|---|---|---|\n", title)
		for _, k := range byTable[table] {
			writeKey(&b, k)
		}
	}
	return b.Bytes()
}

// writeKey writes one key's row of the reference.
func writeKey(b *bytes.Buffer, k scenarios.KeyDoc) {
	def := "`" + k.Default + "`"
	switch {
	case k.Required && k.AppliesTo != "":
		def = "*required* when " + k.AppliesTo
	case k.Required:
		def = "*required*"
	case k.Default == "":
		def = "none"
	}
	doc := k.Doc
	if k.AppliesTo != "" && !k.Required {
		doc += " (with " + k.AppliesTo + ")"
	}
	fmt.Fprintf(b, "| `%s` | %s | %s | %s | %s |\n", k.Path, cell(k.Type), cell(def), cell(k.Allowed), cell(doc))
}

func cell(s string) string {
	return strings.ReplaceAll(strings.Join(strings.Fields(s), " "), "|", `\|`)
}

var keyCell = regexp.MustCompile("(?m)^\\| `([^`]+)` \\|")

// The reference lists every key the loader knows and nothing else, and
// is exactly what the loader generates.
func TestScenarioReferenceInSync(t *testing.T) {
	want := reference()
	if *update {
		if err := os.WriteFile(referenceFile, want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(referenceFile)
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, k := range scenarios.Keys() {
		keys = append(keys, k.Path)
	}
	var listed []string
	for _, m := range keyCell.FindAllSubmatch(got, -1) {
		listed = append(listed, string(m[1]))
	}
	for _, k := range keys {
		if !slices.Contains(listed, k) {
			t.Errorf("%s does not document key %s", referenceFile, k)
		}
	}
	for _, k := range listed {
		if !slices.Contains(keys, k) {
			t.Errorf("%s documents %s, which the loader does not know", referenceFile, k)
		}
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s is out of date with the loader; run: make docs", referenceFile)
	}
}

// Each table has one section: a heading never repeats.
func TestScenarioReferenceHeadingsOnce(t *testing.T) {
	got, err := os.ReadFile(referenceFile)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, h := range regexp.MustCompile("(?m)^## .*$").FindAll(got, -1) {
		if seen[string(h)] {
			t.Errorf("%s repeats the heading %q", referenceFile, h)
		}
		seen[string(h)] = true
	}
}
