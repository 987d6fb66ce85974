package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// cli runs the CLI in-process and returns its exit code, stdout and stderr.
func cli(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// runDefault runs the default scenario into a fresh folder and returns it.
func runDefault(t *testing.T, args ...string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "out")
	code, _, stderr := cli(t, append([]string{"run", "--quiet", "--out", dir}, args...)...)
	if code != 0 {
		t.Fatalf("run %v: exit %d: %s", args, code, stderr)
	}
	if stderr != "" {
		t.Errorf("run %v printed on a non-terminal stderr (a progress bar?): %q", args, stderr)
	}
	return dir
}

func readOut(t *testing.T, dir, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Same scenario and seed give the same bytes for any GOMAXPROCS; another
// seed gives other bytes (DESIGN.md, Deterministic).
func TestRunDeterministic(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	runtime.GOMAXPROCS(1)
	a := runDefault(t, "--seed", "7")
	runtime.GOMAXPROCS(2)
	b := runDefault(t, "--seed", "7")
	runtime.GOMAXPROCS(8)
	c := runDefault(t, "--seed", "7")
	d := runDefault(t, "--seed", "8")
	for _, f := range []string{"summary.json", "timeseries.csv"} {
		fa := readOut(t, a, f)
		if !bytes.Equal(fa, readOut(t, b, f)) || !bytes.Equal(fa, readOut(t, c, f)) {
			t.Errorf("%s differs between GOMAXPROCS 1, 2 and 8 at the same seed", f)
		}
		if bytes.Equal(fa, readOut(t, d, f)) {
			t.Errorf("%s is the same for seeds 7 and 8", f)
		}
	}
	for _, f := range []string{"report.html", "report.md", "plots"} {
		if _, err := os.Stat(filepath.Join(a, f)); err != nil {
			t.Errorf("run wrote no %s: %v", f, err)
		}
	}
	summary := string(readOut(t, a, "summary.json"))
	for _, want := range []string{`"scenario_sha256"`, `"seed": 7`, `"version"`, `"token.conservation_error": 0`} {
		if !strings.Contains(summary, want) {
			t.Errorf("summary.json lacks %s", want)
		}
	}
}

// Usage errors exit 2 with one clear line and no stack trace.
func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"frobnicate"},
		{"run", "--seed", "seven"},
		{"run", "--no-such-flag"},
		{"run", "no-such-scenario"},
		{"run", "a.toml", "b.toml"},
		{"run", "--set", "novalue"},
		{"run", "--set", "duration=banana"},
		{"run", "--set", "no_such_key=1"},
		{"validate"},
		{"list", "colours"},
		{"bench", "nothing"},
		{"version", "extra"},
	} {
		code, stdout, stderr := cli(t, args...)
		if code != 2 {
			t.Errorf("%v: exit %d, want 2 (stderr %q)", args, code, stderr)
		}
		if stderr == "" || strings.Contains(stderr, "goroutine ") || strings.Contains(stderr, "panic") {
			t.Errorf("%v: stderr %q, want one clear message", args, stderr)
		}
		if stdout != "" {
			t.Errorf("%v: printed %q on stdout", args, stdout)
		}
	}
}

func TestVersionAndList(t *testing.T) {
	if code, out, _ := cli(t, "version"); code != 0 || !strings.HasPrefix(out, "swarmecon ") {
		t.Errorf("version: exit %d, %q", code, out)
	}
	code, out, stderr := cli(t, "list")
	if code != 0 {
		t.Fatalf("list: exit %d: %s", code, stderr)
	}
	for _, want := range []string{"default", "token.emission.policy", "token.conservation_error"} {
		if !strings.Contains(out, want) {
			t.Errorf("list does not mention %s", want)
		}
	}
}

// An interrupted run (Ctrl-C cancels the context) exits 130 and leaves no
// output folder behind, not even a temporary one.
func TestInterruptedRunWritesNothing(t *testing.T) {
	parent := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var stdout, stderr bytes.Buffer
	code := run(ctx, []string{"run", "--quiet", "--out", filepath.Join(parent, "out")}, &stdout, &stderr)
	if code != 130 {
		t.Errorf("exit %d, want 130 (stderr %q)", code, stderr.String())
	}
	if entries, _ := os.ReadDir(parent); len(entries) != 0 {
		t.Errorf("interrupted run left %d entries in the output's parent folder", len(entries))
	}
}
