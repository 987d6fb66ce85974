package plots

import (
	"strings"
	"testing"
)

// Log axes label decades, plain from 0.001 to 10000 and as 1eN beyond;
// an axis spanning less than two decades also labels 2 and 5 times a
// power of ten, so it never carries a single number.
func TestDecadeTicks(t *testing.T) {
	for _, c := range []struct {
		lo, hi float64
		want   string
	}{
		{1, 1000, "1 10 100 1000"},
		{15, 600, "20 50 100 200 500"},
		{2e6, 9e6, "2e6 5e6"},
		{0.0015, 0.009, "0.002 0.005"},
		{1e-6, 1e9, "1e-6 1e-5 1e-4 0.001 0.01 0.1 1 10 100 1000 10000 1e5 1e6 1e7 1e8 1e9"},
	} {
		var labels []string
		for _, tk := range decadeTicks(c.lo, c.hi) {
			if tk.Label != "" && tk.Value >= c.lo && tk.Value <= c.hi {
				labels = append(labels, tk.Label)
			}
		}
		if got := strings.Join(labels, " "); got != c.want {
			t.Errorf("decadeTicks(%g, %g) labels %q, want %q", c.lo, c.hi, got, c.want)
		}
	}
}
