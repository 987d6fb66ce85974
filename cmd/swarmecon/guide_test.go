package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The user guide's commands work as written: every `swarmecon ...` line
// of its sh blocks runs, in order, in a fresh folder holding the guide's
// my-token.toml, and exits 0 (lines naming scenario files the guide
// does not provide are skipped). This is the walk a new user takes.
func TestGuideWalkthrough(t *testing.T) {
	noArrayJob(t)
	guide, err := os.ReadFile(filepath.Join("..", "..", "docs", "guide.md"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)Save this as\n`my-token.toml`[^\n]*\n\n```toml\n(.*?)```").FindSubmatch(guide)
	if m == nil {
		t.Fatal("guide.md: the my-token.toml example is missing")
	}
	t.Chdir(t.TempDir())
	if err := os.WriteFile("my-token.toml", m[1], 0o644); err != nil {
		t.Fatal(err)
	}
	ran := 0
	for _, block := range regexp.MustCompile("(?s)```sh\n(.*?)```").FindAllSubmatch(guide, -1) {
		text := strings.ReplaceAll(string(block[1]), "\\\n", " ")
		for _, line := range strings.Split(text, "\n") {
			line, _, _ = strings.Cut(line, "#")
			args := strings.Fields(line)
			if len(args) < 2 || args[0] != "swarmecon" || missingScenario(args) {
				continue
			}
			args = expandGlobs(t, args[1:])
			code, stdout, stderr := cli(t, args...)
			if code != exitOK {
				t.Errorf("guide.md: %s: exit %d:\n%s%s", strings.TrimSpace(line), code, stdout, stderr)
			}
			ran++
		}
	}
	if ran < 10 {
		t.Errorf("ran %d commands of the guide, want at least 10", ran)
	}
}

// missingScenario reports whether a command names a .toml file that is
// not there (the guide's policy-a.toml stands for the reader's own).
func missingScenario(args []string) bool {
	for _, a := range args {
		if strings.HasSuffix(a, ".toml") {
			if _, err := os.Stat(a); err != nil {
				return true
			}
		}
	}
	return false
}

// expandGlobs does what the shell does to out/sweep.shards/shard-*.
func expandGlobs(t *testing.T, args []string) []string {
	var out []string
	for _, a := range args {
		if !strings.Contains(a, "*") {
			out = append(out, a)
			continue
		}
		matches, err := filepath.Glob(a)
		if err != nil || len(matches) == 0 {
			t.Fatalf("guide.md: %s matches nothing", a)
		}
		out = append(out, matches...)
	}
	return out
}
