package analysis

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"slices"
)

// DecodeSummary reads a summary.json written by EncodeSummary (a run's,
// or a replicated run's means): its metrics sorted by name, null as NaN,
// and the scenario name and hash it records. Any other JSON value in it
// is an error.
func DecodeSummary(data []byte) (metrics []Metric, meta Meta, err error) {
	var obj map[string]any
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&obj); err != nil {
		return nil, meta, fmt.Errorf("not a summary.json: %w", err)
	}
	for _, k := range slices.Sorted(maps.Keys(obj)) {
		v := obj[k]
		switch k {
		case KeyScenario:
			meta.Scenario, _ = v.(string)
			continue
		case KeySHA256:
			meta.SHA256, _ = v.(string)
			continue
		case KeySeed, KeyVersion:
			continue
		}
		switch x := v.(type) {
		case nil:
			metrics = append(metrics, Metric{Name: k, Value: math.NaN()})
		case json.Number:
			f, err := x.Float64()
			if err != nil {
				return nil, meta, fmt.Errorf("metric %q: %w", k, err)
			}
			metrics = append(metrics, Metric{Name: k, Value: f})
		default:
			return nil, meta, fmt.Errorf("metric %q: %v is not a number or null", k, v)
		}
	}
	if meta.SHA256 == "" {
		return nil, meta, fmt.Errorf("not a summary.json: it has no %s", KeySHA256)
	}
	return metrics, meta, nil
}
