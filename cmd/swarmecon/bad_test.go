package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Every bad scenario in testdata/bad fails validate and run with exit 2,
// the error its .stderr file names (file, line and key path), no stack
// trace, and no output folder.
func TestBadScenariosExit2(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "..", "testdata", "bad", "*.toml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no bad scenarios found: %v", err)
	}
	for _, f := range files {
		want, err := os.ReadFile(strings.TrimSuffix(f, ".toml") + ".stderr")
		if err != nil {
			t.Errorf("%s has no .stderr golden: %v", f, err)
			continue
		}
		first := strings.SplitN(strings.TrimSpace(string(want)), "\n", 2)[0]
		// NAME.set, when present, holds --set overrides, one a line.
		var sets []string
		if b, err := os.ReadFile(strings.TrimSuffix(f, ".toml") + ".set"); err == nil {
			for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
				sets = append(sets, "--set", line)
			}
		}
		for _, cmd := range []string{"validate", "run"} {
			out := filepath.Join(t.TempDir(), "out")
			args := append([]string{cmd, f}, sets...)
			if cmd == "run" {
				args = append(args, "--quiet", "--out", out)
			}
			code, _, stderr := cli(t, args...)
			if code != 2 {
				t.Errorf("%s %s: exit %d, want 2", cmd, f, code)
			}
			if !strings.Contains(stderr, first) {
				t.Errorf("%s %s: stderr %q does not contain %q", cmd, f, stderr, first)
			}
			if strings.Contains(stderr, "goroutine ") || strings.Contains(stderr, "panic") {
				t.Errorf("%s %s: stack trace in %q", cmd, f, stderr)
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Errorf("%s %s: output folder created", cmd, f)
			}
		}
	}
}
