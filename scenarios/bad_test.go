package scenarios

import (
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// Updating the golden messages rewrites testdata/bad/*.stderr. The
// messages are a user interface: changing one is a reviewed decision, so
// read the diff before committing it.
var update = flag.Bool("update", false, "rewrite testdata/bad/*.stderr from the loader's output")

// TestBadScenarios loads each testdata/bad/NAME.toml (with the overrides
// in NAME.set, one a line, when present) and compares its error with
// NAME.stderr. Each file breaks exactly one rule, so each must give
// exactly one error, located by line and key. A plan-NAME.toml breaks a
// rule of what this version can run, not of the format: the loader must
// accept it, and cmd/swarmecon checks its error.
func TestBadScenarios(t *testing.T) {
	files, err := filepath.Glob("../testdata/bad/*.toml")
	if err != nil || len(files) < 25 {
		t.Fatalf("found %d bad scenarios (%v), want at least 25", len(files), err)
	}
	located := regexp.MustCompile(`^[^:]+:[0-9]+: [a-z_0-9.]+: `)
	for _, file := range files {
		stem := strings.TrimSuffix(file, ".toml")
		t.Run(filepath.Base(stem), func(t *testing.T) {
			var sets []string
			if data, err := os.ReadFile(stem + ".set"); err == nil {
				sets = strings.Split(strings.TrimSpace(string(data)), "\n")
			}
			_, err := LoadFile(file, sets)
			if strings.HasPrefix(filepath.Base(stem), "plan-") {
				if err != nil {
					t.Errorf("the loader refuses it, so it is no plan- scenario: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatal("loaded without error")
			}
			got := err.Error() + "\n"
			if *update {
				if err := os.WriteFile(stem+".stderr", []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(stem + ".stderr")
			if err != nil {
				t.Fatal(err)
			}
			if got != string(want) {
				t.Errorf("error:\n%s\nwant:\n%s", got, want)
			}
			if strings.Count(got, "\n") != 1 {
				t.Errorf("gave %d errors, want 1 (no cascades)", strings.Count(got, "\n"))
			}
			if !located.MatchString(got) && !strings.Contains(stem, "syntax") {
				t.Errorf("%q does not start with file:line: key.path:", got)
			}
		})
	}
}
