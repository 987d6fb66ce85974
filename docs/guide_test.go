package docs

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/swarmecon/swarmecon/scenarios"
)

// The guide's example scenario is valid, and every --set, --vary and
// --grid in its commands names a key and values the loader accepts, so
// a new user following the guide meets no error it did not promise.
func TestGuideExamplesAreValid(t *testing.T) {
	guide, err := os.ReadFile("guide.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)Save this as\n`my-token.toml`[^\n]*\n\n```toml\n(.*?)```").FindSubmatch(guide)
	if m == nil {
		t.Fatal("guide.md: the my-token.toml example is missing")
	}
	src := m[1]
	if _, err := scenarios.Parse("my-token.toml", src, nil); err != nil {
		t.Fatalf("guide.md: my-token.toml does not load:\n%v", err)
	}
	var shell strings.Builder // the commands of the guide's sh blocks
	for _, b := range regexp.MustCompile("(?s)```sh\n(.*?)```").FindAllSubmatch(guide, -1) {
		shell.Write(b[1])
	}
	// One command a line; a flag applies to the command's scenario: a
	// built-in when it names one, else the guide's my-token.toml.
	commands := strings.Split(strings.ReplaceAll(shell.String(), "\\\n", " "), "\n")
	flagPattern := regexp.MustCompile(`--(set|vary|grid) ([a-z0-9_.]+)=([^ \n\\]+)`)
	builtin := regexp.MustCompile(`swarmecon [a-z]+ ([a-z-]+)( |$)`)
	var flags [][]string // each: the flag, its kind, key, values, then its built-in or ""
	for _, line := range commands {
		name := ""
		if m := builtin.FindStringSubmatch(line); m != nil && slices.Contains(scenarios.Builtins(), m[1]) {
			name = m[1]
		}
		for _, f := range flagPattern.FindAllStringSubmatch(line, -1) {
			flags = append(flags, append(f, name))
		}
	}
	if len(flags) < 5 {
		t.Fatalf("guide.md: found %d --set/--vary/--grid examples, want at least 5", len(flags))
	}
	load := func(name string, sets []string) error {
		if name != "" {
			_, err := scenarios.LoadBuiltin(name, sets)
			return err
		}
		_, err := scenarios.Parse("my-token.toml", src, sets)
		return err
	}
	for _, f := range flags {
		key, values := f[2], f[3]
		if strings.Count(values, ":") == 2 {
			values = strings.Split(values, ":")[0] // from:to:step: the first value
		}
		for _, v := range strings.Split(values, ",") {
			if err := load(f[4], []string{key + "=" + v}); err != nil {
				t.Errorf("guide.md: %s: %s=%s is refused: %v", f[0], key, v, err)
			}
		}
	}
}

// The CI recipe runs in the project the guide built: it checks the file
// the guide saved against the baseline the guide committed, with a
// swarmecon built at a pinned revision (not @latest, which floats and
// reports its version as "dev").
func TestGuideCIRecipe(t *testing.T) {
	guide, err := os.ReadFile("guide.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)## CI recipe.*?```yaml\n(.*?)```").FindSubmatch(guide)
	if m == nil {
		t.Fatal("guide.md: the CI recipe's workflow is missing")
	}
	recipe := string(m[1])
	saved := regexp.MustCompile("Save this as\n`([^`]+)`").FindSubmatch(guide)
	if saved == nil {
		t.Fatal("guide.md: the scenario the guide saves is not named")
	}
	for _, want := range []string{
		"swarmecon check " + string(saved[1]) + " ",
		"--baseline baseline/summary.json",
		"make -C .swarmecon build",
		"repository: swarmecon/swarmecon",
	} {
		if !strings.Contains(recipe, want) {
			t.Errorf("guide.md: the CI recipe lacks %q:\n%s", want, recipe)
		}
	}
	if strings.Contains(recipe, "@latest") {
		t.Error("guide.md: the CI recipe installs @latest (floats, and reports version dev)")
	}
	if !strings.Contains(string(guide), "swarmecon run my-token.toml --out baseline") {
		t.Error("guide.md: no step makes the baseline the recipe checks against")
	}
}
