package plots

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/swarmecon/swarmecon/analysis"
	"github.com/swarmecon/swarmecon/sim"
)

// report is everything report.md and report.html show, computed once so
// that the two say the same.
type report struct {
	Meta     analysis.Meta
	Key      []analysis.Metric // executive summary
	All      []analysis.Metric
	Figures  []figureEntry
	Skipped  []string // figures not drawn, and why
	Notes    []string // partial figures and recorder warnings
	Duration string

	// Stats, for a replicated run, holds each metric's summary over the
	// replications (All and Key then hold the means); nil for one run.
	Stats        map[string]analysis.Stat
	Replications int
}

// valueHeader names the value column of the metrics tables.
func (r *report) valueHeader() string {
	if r.Stats != nil {
		return "Mean ± 95% CI half-width (n)"
	}
	return "Value"
}

// valueText prints a metric's value, and for a replicated run its 95%
// confidence interval as ± half-width and the replications that had it.
func (r *report) valueText(m analysis.Metric) string {
	s, ok := r.Stats[m.Name]
	if !ok {
		return formatValue(m.Value)
	}
	if s.N < 2 || math.IsNaN(s.CI95[1]) {
		return fmt.Sprintf("%s (n=%d)", formatValue(s.Mean), s.N)
	}
	return fmt.Sprintf("%s ± %s (n=%d)", formatValue(s.Mean), formatValue(s.CI95[1]-s.Mean), s.N)
}

type figureEntry struct {
	Number int
	Name   string
	Title  string
	Cap    string
	PNG    []byte
}

// keyPatterns lists, in the order the executive summary shows them, the
// metrics worth reading first; "*" stands for one name segment (a
// torrent). Metrics a run did not produce are left out.
var keyPatterns = []string{
	"swarm.*.arrived",
	"swarm.*.completed",
	"swarm.*.download_time_s.p50",
	"swarm.*.download_time_s.p90",
	"swarm.*.availability.min_mean",
	"swarm.*.dead_at_s",
	"swarm.*.paid.download_time_s.p50",
	"swarm.*.free.download_time_s.p50",
	"market.volume",
	"market.paid_share",
	"market.clearing_price.mean",
	"storage.objects_lost",
	"storage.retrieval.success_rate",
	"storage.occupancy",
	"chain.staked_ratio.end",
	"chain.apr.mean",
	"chain.nakamoto_coefficient",
	"token.supply.end",
	"token.inflation.annualized",
	"token.circulating.growth.annualized",
	"token.conservation_error",
}

// maxKeySwarms bounds the torrents in the summary: a catalogue run shows
// only swarm.all.
const maxKeySwarms = 4

// keyMetrics picks the executive summary from all metrics (sorted).
func keyMetrics(all []analysis.Metric) []analysis.Metric {
	swarms := map[string]bool{}
	for _, m := range all {
		if seg := strings.Split(m.Name, "."); len(seg) == 3 && seg[0] == "swarm" && seg[2] == "completed" {
			swarms[seg[1]] = true
		}
	}
	keepSwarm := func(name string) bool {
		return len(swarms) <= maxKeySwarms || name == "all"
	}
	var out []analysis.Metric
	for _, pat := range keyPatterns {
		for _, m := range all {
			if seg, ok := matchSegments(pat, m.Name); ok && (seg == "" || keepSwarm(seg)) {
				out = append(out, m)
			}
		}
	}
	return out
}

// matchSegments matches a dotted name against a pattern whose segments
// are literal or "*"; it returns what "*" matched.
func matchSegments(pattern, name string) (string, bool) {
	ps, ns := strings.Split(pattern, "."), strings.Split(name, ".")
	if len(ps) != len(ns) {
		return "", false
	}
	star := ""
	for i := range ps {
		switch {
		case ps[i] == "*":
			star = ns[i]
		case ps[i] != ns[i]:
			return "", false
		}
	}
	return star, true
}

// formatValue prints a metric for people: integers in full with thousands
// separators, others from 1000 up with one decimal, smaller ones to five
// significant digits, NaN as "n/a".
// summary.json keeps the exact values.
func formatValue(v float64) string {
	switch {
	case math.IsNaN(v):
		return "n/a"
	case math.IsInf(v, 0):
		return strconv.FormatFloat(v, 'g', -1, 64)
	case v == math.Trunc(v) && math.Abs(v) < 1e18:
		return group(strconv.FormatFloat(v, 'f', 0, 64))
	case math.Abs(v) >= 1e3 && math.Abs(v) < 1e18:
		return group(strconv.FormatFloat(v, 'f', 1, 64))
	}
	return strconv.FormatFloat(v, 'g', 5, 64)
}

// group inserts thousands separators into a plain decimal number.
func group(s string) string {
	sign, digits, frac := "", s, ""
	if strings.HasPrefix(digits, "-") {
		sign, digits = "-", digits[1:]
	}
	if i := strings.IndexByte(digits, '.'); i >= 0 {
		digits, frac = digits[:i], digits[i:]
	}
	var b strings.Builder
	for i, c := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return sign + b.String() + frac
}

// formatDuration prints a simulated duration in the largest whole unit.
func formatDuration(t sim.Time) string {
	for _, u := range []struct {
		unit sim.Time
		name string
	}{{sim.Day, "d"}, {sim.Hour, "h"}, {sim.Minute, "m"}} {
		if t > 0 && t%u.unit == 0 {
			return strconv.FormatInt(int64(t/u.unit), 10) + u.name
		}
	}
	return analysis.FormatSeconds(t) + "s"
}

// sortedCopy returns the sorted, de-duplicated lines.
func sortedCopy(lines []string) []string {
	out := slices.Clone(lines)
	slices.Sort(out)
	return slices.Compact(out)
}

// sentence ends s with a full stop unless it ends in punctuation.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || strings.ContainsAny(s[len(s)-1:], ".!?") {
		return s
	}
	return s + "."
}
