package analysis

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Expectation bounds one summary metric, as a scenario's [[expect]] does:
// Min and/or Max, or Equals within Tolerance (absolute).
type Expectation struct {
	Metric    string
	Min, Max  *float64
	Equals    *float64
	Tolerance float64
}

// Check is the outcome of one expectation or one baseline comparison.
type Check struct {
	Name  string  // what was checked: "expect[0] token.minted" or "baseline token.minted"
	Value float64 // the run's value (NaN: none)
	Bound string  // the passing range, in words
	Pass  bool
	Why   string // for a failure, what is wrong
}

// Evaluate checks each expectation against values. A metric without a
// value (missing or NaN) fails every bound. The caller makes sure each
// named metric exists (an unknown name is bad input, not a failure).
func Evaluate(exps []Expectation, values map[string]float64) []Check {
	out := make([]Check, 0, len(exps))
	for i, e := range exps {
		v, ok := values[e.Metric]
		if !ok {
			v = math.NaN()
		}
		c := Check{Name: fmt.Sprintf("expect[%d] %s", i, e.Metric), Value: v, Pass: true}
		switch {
		case e.Equals != nil:
			c.Bound = fmt.Sprintf("= %s ± %s", num(*e.Equals), num(e.Tolerance))
			if !(math.Abs(v-*e.Equals) <= e.Tolerance) {
				c.Pass, c.Why = false, fmt.Sprintf("%s is not within %s of %s", num(v), num(e.Tolerance), num(*e.Equals))
			}
		default:
			// In words: grouped numbers make "[a, b]" ambiguous.
			switch {
			case e.Min != nil && e.Max != nil:
				c.Bound = "from " + num(*e.Min) + " to " + num(*e.Max)
			case e.Min != nil:
				c.Bound = "at least " + num(*e.Min)
			case e.Max != nil:
				c.Bound = "at most " + num(*e.Max)
			default:
				c.Bound = "any value"
			}
			if math.IsNaN(v) || (e.Min != nil && v < *e.Min) || (e.Max != nil && v > *e.Max) {
				c.Pass, c.Why = false, fmt.Sprintf("%s is not %s", num(v), c.Bound)
			}
		}
		out = append(out, c)
	}
	return out
}

// Regressions compares each metric of baseline with current: a metric
// fails when it moved by more than tolerance relative to its baseline
// value (|cur − base| > tolerance·|base|; a zero baseline must stay
// zero), when it lost its value, or when it is gone. Metrics new in
// current pass: a new model adds metrics, which is no regression. The
// result follows baseline's order.
func Regressions(baseline []Metric, current map[string]float64, tolerance float64) []Check {
	out := make([]Check, 0, len(baseline))
	for _, b := range baseline {
		c := Check{Name: "baseline " + b.Name, Pass: true}
		v, ok := current[b.Name]
		c.Value = v
		switch {
		case !ok:
			c.Value = math.NaN()
			c.Bound = "present"
			c.Pass, c.Why = false, "the run no longer produces this metric"
		case math.IsNaN(b.Value):
			c.Bound = "n/a (no baseline value)"
		case math.IsNaN(v):
			c.Bound = fmt.Sprintf("%s ± %s%%", num(b.Value), num(tolerance*100))
			c.Pass, c.Why = false, fmt.Sprintf("has no value; the baseline had %s", num(b.Value))
		default:
			allowed := tolerance * math.Abs(b.Value)
			c.Bound = fmt.Sprintf("%s ± %s%% (from %s to %s)", num(b.Value), num(tolerance*100), num(b.Value-allowed), num(b.Value+allowed))
			if math.Abs(v-b.Value) > allowed {
				rel := "from zero"
				if b.Value != 0 {
					rel = fmt.Sprintf("%+.2f%%", 100*(v-b.Value)/math.Abs(b.Value))
				}
				c.Pass, c.Why = false, fmt.Sprintf("moved %s (%s → %s)", rel, num(b.Value), num(v))
			}
		}
		out = append(out, c)
	}
	return out
}

// num prints v as Readable does, NaN as "n/a".
func num(v float64) string {
	if math.IsNaN(v) {
		return "n/a"
	}
	return Readable(v)
}

// Readable prints v for people, one way for every magnitude a metric
// takes: a plain decimal with its integer digits grouped by thousands
// (927,000 and 1,009,000, not 927000 and 1.009e+06); whole numbers
// exactly, fractions to 7 significant digits (or to the unit from 1e7);
// scientific notation only below 1e-4 or from 1e15 on, where a plain
// decimal would be mostly zeros. NaN is "".
func Readable(v float64) string {
	switch a := math.Abs(v); {
	case math.IsNaN(v):
		return ""
	case math.IsInf(v, 0) || a != 0 && (a < 1e-4 || a >= 1e15):
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	if v != math.Trunc(v) { // a fraction: 7 significant digits
		if math.Abs(v) >= 1e7 {
			v = math.Round(v)
		} else {
			v, _ = strconv.ParseFloat(strconv.FormatFloat(v, 'g', 7, 64), 64)
		}
	}
	s := strconv.FormatFloat(v, 'f', -1, 64)
	sign := ""
	if s[0] == '-' {
		sign, s = "-", s[1:]
	}
	intPart, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	for i, d := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(d)
	}
	if hasFrac {
		b.WriteString("." + frac)
	}
	return sign + b.String()
}

// Failed counts the checks that did not pass.
func Failed(cs []Check) int {
	n := 0
	for _, c := range cs {
		if !c.Pass {
			n++
		}
	}
	return n
}

// EncodeJUnit returns the checks as a JUnit XML report (one testsuite
// named suite, one testcase per check, a failure element per failed
// check), the format CI systems (GitHub Actions reporters, GitLab,
// Jenkins) display.
func EncodeJUnit(suite string, cs []Check) ([]byte, error) {
	type failure struct {
		Message string `xml:"message,attr"`
		Text    string `xml:",chardata"`
	}
	type testcase struct {
		Name      string   `xml:"name,attr"`
		Classname string   `xml:"classname,attr"`
		Failure   *failure `xml:"failure,omitempty"`
	}
	type testsuite struct {
		XMLName  xml.Name   `xml:"testsuite"`
		Name     string     `xml:"name,attr"`
		Tests    int        `xml:"tests,attr"`
		Failures int        `xml:"failures,attr"`
		Cases    []testcase `xml:"testcase"`
	}
	ts := testsuite{Name: suite, Tests: len(cs), Failures: Failed(cs)}
	for _, c := range cs {
		tc := testcase{Name: c.Name, Classname: suite}
		if !c.Pass {
			tc.Failure = &failure{Message: c.Why,
				Text: fmt.Sprintf("value %s, allowed %s", num(c.Value), c.Bound)}
		}
		ts.Cases = append(ts.Cases, tc)
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(ts); err != nil {
		return nil, fmt.Errorf("junit: %w", err)
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}
