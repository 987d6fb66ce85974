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
		for _, cmd := range [][]string{{"validate", f}, {"run", "--quiet"}} {
			out := filepath.Join(t.TempDir(), "out")
			args := cmd
			if cmd[0] == "run" {
				args = append(append([]string{}, cmd...), "--out", out, f)
			}
			code, _, stderr := cli(t, args...)
			if code != 2 {
				t.Errorf("%s %s: exit %d, want 2", cmd[0], f, code)
			}
			if !strings.Contains(stderr, first) {
				t.Errorf("%s %s: stderr %q does not contain %q", cmd[0], f, stderr, first)
			}
			if strings.Contains(stderr, "goroutine ") || strings.Contains(stderr, "panic") {
				t.Errorf("%s %s: stack trace in %q", cmd[0], f, stderr)
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Errorf("%s %s: output folder created", cmd[0], f)
			}
		}
	}
}
