package analysis

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strings"

	"github.com/swarmecon/swarmecon/sim"
)

// Meta describes the run that produced a Recorder's data: what summary.json
// and the report say about where the numbers come from.
type Meta struct {
	Scenario    string   // scenario name
	Description string   // scenario description, one paragraph
	SHA256      string   // hex SHA-256 of the scenario file as read
	Version     string   // swarmecon version that ran it
	File        string   // scenario file as given by the user, or "builtin:NAME"
	Seed        uint64   // the seed actually used
	Duration    sim.Time // simulated horizon
	Sets        []string // --set overrides, "key=value", in command-line order
	Effective   string   // the effective scenario, as TOML
	// Units maps the models' documented metric names to their units
	// ("tokens", "s", "1" for a ratio); a name segment NAME or N stands
	// for any one segment (a torrent's name, a proposal's number). The
	// caller fills it from the models' metric lists; reports show units
	// where it knows them (UnitOf). Not written to summary.json.
	Units map[string]string
}

// UnitOf returns the unit of metric from Units, or "" when unknown.
func (m Meta) UnitOf(metric string) string {
	if u, ok := m.Units[metric]; ok {
		return u
	}
	segs := strings.Split(metric, ".")
	best, bestExact := "", -1
	for doc := range m.Units {
		ds := strings.Split(doc, ".")
		if len(ds) != len(segs) {
			continue
		}
		exact := 0
		for i := range ds {
			switch {
			case ds[i] == segs[i]:
				exact++
			case ds[i] == "NAME" || ds[i] == "N":
			default:
				exact = -1
			}
			if exact < 0 {
				break
			}
		}
		// The most literal match wins, then the smaller name: the
		// answer does not depend on the map's order.
		if exact > bestExact || exact == bestExact && exact >= 0 && doc < best {
			best, bestExact = doc, exact
		}
	}
	if bestExact < 0 {
		return ""
	}
	return m.Units[best]
}

// Keys that summary.json adds beside the metrics. A metric may not use
// them.
const (
	KeyScenario = "scenario"
	KeySHA256   = "scenario_sha256"
	KeySeed     = "seed"
	KeyVersion  = "version"
)

// EncodeSummary returns summary.json: one flat JSON object holding every
// metric plus scenario, scenario_sha256, seed and version, keys sorted,
// indented by two spaces, with a trailing newline. NaN and ±Inf become
// null (JSON has no such numbers). Floats use encoding/json's shortest
// round-trip form, so equal inputs give identical bytes.
func EncodeSummary(metrics []Metric, meta Meta) ([]byte, error) {
	obj := make(map[string]any, len(metrics)+4) // encoding/json sorts map keys
	obj[KeyScenario] = meta.Scenario
	obj[KeySHA256] = meta.SHA256
	obj[KeySeed] = meta.Seed
	obj[KeyVersion] = meta.Version
	for _, m := range metrics {
		if _, taken := obj[m.Name]; taken {
			return nil, fmt.Errorf("summary.json: metric %q is set twice or uses a reserved key (%s, %s, %s, %s)",
				m.Name, KeyScenario, KeySHA256, KeySeed, KeyVersion)
		}
		if math.IsNaN(m.Value) || math.IsInf(m.Value, 0) {
			obj[m.Name] = nil
		} else {
			obj[m.Name] = m.Value
		}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(obj); err != nil { // Encode ends with a newline
		return nil, fmt.Errorf("summary.json: %w", err)
	}
	return buf.Bytes(), nil
}
