package analysis

import (
	"bytes"
	"encoding/csv"
	"maps"
	"slices"
)

// SweepCell is one cell of a parameter sweep: its value of each swept
// key (as --set text) and each metric summarised over its replications.
type SweepCell struct {
	Values []string
	Stats  []Stat // sorted by name, as Replications returns them
}

// SweepMetrics returns the names of every metric of any cell, sorted.
func SweepMetrics(cells []SweepCell) []string {
	names := map[string]bool{}
	for _, c := range cells {
		for _, s := range c.Stats {
			names[s.Name] = true
		}
	}
	return slices.Sorted(maps.Keys(names))
}

// EncodeSweepCSV returns sweep.csv: one row per cell in cell order, with
// the columns cell (0-based index), one per swept key, then for every
// metric M (sorted) M.mean, M.ci95_lo, M.ci95_hi and M.n. Missing values
// are empty; floats are in shortest round-trip form, so the bytes depend
// only on the numbers.
func EncodeSweepCSV(keys []string, cells []SweepCell) []byte {
	metrics := SweepMetrics(cells)
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	head := append([]string{"cell"}, keys...)
	for _, m := range metrics {
		head = append(head, m+".mean", m+".ci95_lo", m+".ci95_hi", m+".n")
	}
	w.Write(head)
	for i, c := range cells {
		byName := map[string]Stat{}
		for _, s := range c.Stats {
			byName[s.Name] = s
		}
		row := append([]string{FormatFloat(float64(i))}, c.Values...)
		for _, m := range metrics {
			s, ok := byName[m]
			if !ok {
				row = append(row, "", "", "", "0")
				continue
			}
			row = append(row, FormatFloat(s.Mean), FormatFloat(s.CI95[0]), FormatFloat(s.CI95[1]), FormatFloat(float64(s.N)))
		}
		w.Write(row)
	}
	w.Flush()
	return buf.Bytes()
}
