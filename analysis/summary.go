package analysis

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"

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
