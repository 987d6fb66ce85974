package main

import (
	"strings"
	"testing"
)

func TestGridValues(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"0.1:0.5:0.1", "0.1 0.2 0.3 0.4 0.5"}, // exact decimals, both ends
		{"1:10:4", "1 5 9"},
		{"a,b, c", "a b c"},
		{`{ dist = "exponential", mean = "1h" },{ dist = "constant", value = "2h" }`,
			`{ dist = "exponential", mean = "1h" } { dist = "constant", value = "2h" }`},
		{`[1, 2],[3]`, "[1, 2] [3]"},
		{`"12:00"`, `"12:00"`}, // not a range
	} {
		got, err := axisValues(c.in)
		if err != nil || strings.Join(got, " ") != c.want {
			t.Errorf("axisValues(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
	for _, bad := range []string{"1:0:1", "0:1:0", "0:1:-1", "a,,b", "0:1e9:1"} {
		if got, err := axisValues(bad); err == nil {
			t.Errorf("axisValues(%q) = %q, want an error", bad, got)
		}
	}
	g := gridFlags{flag: "grid"}
	for _, v := range []string{"a=1,2", "b=x,y,z"} {
		if err := g.Set(v); err != nil {
			t.Fatal(err)
		}
	}
	var cells []string
	for _, c := range g.cells() {
		cells = append(cells, strings.Join(c, ""))
	}
	if got := strings.Join(cells, " "); got != "1x 1y 1z 2x 2y 2z" {
		t.Errorf("cells = %s, want the first key slowest", got)
	}
}

// A value given twice would run one scenario as two variants or cells.
func TestGridRepeatedValue(t *testing.T) {
	for _, v := range []string{"k=0.2,0.2", "k=0.2,0.20", "k=a,b,a"} {
		g := gridFlags{flag: "vary"}
		if err := g.Set(v); err == nil || !strings.Contains(err.Error(), "same value") {
			t.Errorf("Set(%q) = %v, want a same-value error", v, err)
		}
	}
	g := gridFlags{flag: "vary"}
	if err := g.Set("k=0.2,0.3"); err != nil {
		t.Errorf("Set(k=0.2,0.3) = %v", err)
	}
}
