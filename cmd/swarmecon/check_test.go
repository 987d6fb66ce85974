package main

import (
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// check exits 0 when every expectation holds and the run matches its
// baseline, 1 on a violated expectation or a regression beyond the
// tolerance, and 2 on bad input; the JUnit file parses either way.
func TestCheckExitCodes(t *testing.T) {
	dir := t.TempDir()
	base := filepath.Join(dir, "base")
	if code, _, stderr := cli(t, "run", small, "--quiet", "--out", base); code != 0 {
		t.Fatalf("baseline run: exit %d: %s", code, stderr)
	}
	baseline := filepath.Join(base, "summary.json")
	base3 := filepath.Join(dir, "base3")
	if code, _, stderr := cli(t, "run", small, "--quiet", "--replications", "3", "--out", base3); code != 0 {
		t.Fatalf("replicated baseline run: exit %d: %s", code, stderr)
	}
	junit := filepath.Join(dir, "junit.xml")
	cases := []struct {
		name string
		args []string
		want int
		out  string // in stdout or stderr
	}{
		{"expectations hold", nil, exitOK, "0 failed"},
		{"same run as the baseline", []string{"--baseline", baseline, "--tolerance", "0%"}, exitOK, "0 failed"},
		{"violated max", []string{"--set", "expect.1.max=0.01"}, exitExpect, "FAIL expect[1] token.inflation.annualized"},
		{"violated equals", []string{"--set", "expect.0.equals=1"}, exitExpect, "FAIL expect[0]"},
		{"violated expectation's summary", []string{"--set", "expect.0.equals=1"}, exitExpect, "1 check(s) failed: 1 expectation(s)"},
		{"regression's summary", []string{"--baseline", baseline, "--tolerance", "0", "--seed", "99"}, exitExpect, "check(s) failed: 1 baseline regression(s)"},
		// Another seed moves the random price: beyond a zero tolerance.
		{"regression", []string{"--baseline", baseline, "--tolerance", "0", "--seed", "99"}, exitExpect, "FAIL baseline token.price_usd.end"},
		{"within tolerance", []string{"--baseline", baseline, "--tolerance", "1000%", "--seed", "99"}, exitOK, "0 failed"},
		{"baseline of another scenario", []string{"--baseline", baseline, "--set", "duration=20d"}, exitUsage, "another scenario"},
		{"forced", []string{"--baseline", baseline, "--set", "duration=20d", "--force", "--tolerance", "1000%"}, exitOK, "0 failed"},
		{"means of replications", []string{"--replications", "3"}, exitOK, "0 failed"},
		{"means against a replicated baseline", []string{"--replications", "3", "--baseline", filepath.Join(base3, "summary.json"), "--tolerance", "0"}, exitOK, "0 failed"},
		{"one run against a replicated baseline", []string{"--baseline", filepath.Join(base3, "summary.json"), "--tolerance", "0"}, exitExpect, "FAIL baseline token.price_usd.end"},
		{"bad tolerance", []string{"--tolerance", "five"}, exitUsage, "percentage"},
		{"tolerance without a baseline", []string{"--tolerance", "5%"}, exitUsage, "--tolerance 5% applies to a --baseline"},
		{"missing baseline", []string{"--baseline", filepath.Join(dir, "none.json")}, exitUsage, "none.json"},
	}
	for _, c := range cases {
		os.Remove(junit)
		args := append([]string{"check", small, "--junit", junit}, c.args...)
		code, stdout, stderr := cli(t, args...)
		if code != c.want || !strings.Contains(stdout+stderr, c.out) {
			t.Errorf("%s: exit %d, want %d with %q:\n%s%s", c.name, code, c.want, c.out, stdout, stderr)
		}
		if code == exitUsage {
			continue
		}
		data, err := os.ReadFile(junit)
		if err != nil {
			t.Errorf("%s: no JUnit file: %v", c.name, err)
			continue
		}
		var suite struct {
			XMLName  xml.Name `xml:"testsuite"`
			Tests    int      `xml:"tests,attr"`
			Failures int      `xml:"failures,attr"`
		}
		if err := xml.Unmarshal(data, &suite); err != nil || suite.Tests == 0 || (suite.Failures > 0) != (code == exitExpect) {
			t.Errorf("%s: JUnit %+v, %v:\n%s", c.name, suite, err, data)
		}
	}
}

// Without [[expect]], check still holds every run to its invariants.
func TestCheckInvariantsWithoutExpectations(t *testing.T) {
	code, stdout, stderr := cli(t, "check", filepath.Join("..", "..", "testdata", "verbs", "no-expect.toml"))
	if code != exitOK || !strings.Contains(stdout, "pass    invariant token.conservation_error") {
		t.Errorf("exit %d:\n%s%s", code, stdout, stderr)
	}
}

// Under GitHub Actions each failure is also an error annotation.
func TestCheckAnnotatesOnGitHub(t *testing.T) {
	t.Setenv("GITHUB_ACTIONS", "true")
	code, stdout, _ := cli(t, "check", small, "--set", "expect.1.max=0.01")
	if code != exitExpect || !strings.Contains(stdout, "::error file="+small+",title=swarmecon check%3A expect[1] token.inflation.annualized::") {
		t.Errorf("exit %d, stdout:\n%s", code, stdout)
	}
	t.Setenv("GITHUB_ACTIONS", "")
	if _, stdout, _ := cli(t, "check", small, "--set", "expect.1.max=0.01"); strings.Contains(stdout, "::error") {
		t.Error("annotations outside GitHub Actions")
	}
}

func TestCheckUnknownMetric(t *testing.T) {
	file := filepath.Join("..", "..", "testdata", "verbs", "expect-unknown.toml")
	code, _, stderr := cli(t, "check", file)
	want := file + `:12: expect[0].metric: unknown metric "token.suply.end"`
	if code != exitUsage || !strings.HasPrefix(stderr, want) || !strings.Contains(stderr, "token.supply.end") {
		t.Errorf("exit %d, stderr %q; want exit 2 starting %q and listing token.supply.end", code, stderr, want)
	}
}
