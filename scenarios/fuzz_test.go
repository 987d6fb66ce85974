package scenarios

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// FuzzParse feeds arbitrary bytes and one override to the loader: it must
// never panic, and an error must render as file:line lines. Crashers are
// committed under the module's testdata/fuzz/FuzzParse and replayed here.
// The seed corpus is every good and bad scenario in testdata.
func FuzzParse(f *testing.F) {
	crashers, _ := filepath.Glob("../testdata/fuzz/FuzzParse/*")
	for _, file := range crashers {
		data, set, err := readCorpusFile(file)
		if err != nil {
			f.Fatalf("%s: %v", file, err)
		}
		f.Add(data, set)
	}
	for _, pattern := range []string{"../testdata/good/*.toml", "../testdata/bad/*.toml", "builtin/*.toml"} {
		files, _ := filepath.Glob(pattern)
		for _, file := range files {
			data, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data, "seed=3")
			f.Add(data, "torrent.0.peers.upload={ dist = \"uniform\", min = \"1B/s\", max = \"2B/s\" }")
		}
	}
	f.Fuzz(func(t *testing.T, data []byte, set string) {
		s, err := Parse("fuzz.toml", data, []string{set})
		if err != nil {
			for _, line := range strings.Split(err.Error(), "\n") {
				if !strings.HasPrefix(line, "fuzz.toml:") && !strings.HasPrefix(line, "--set:1:") {
					t.Fatalf("error line %q is not located", line)
				}
			}
			return
		}
		if s.Effective() == "" {
			t.Fatal("a loaded scenario has no effective text")
		}
	})
}

// readCorpusFile reads a "go test fuzz v1" file of this fuzz test's two
// arguments: []byte("...") and string("...").
func readCorpusFile(file string) ([]byte, string, error) {
	text, err := os.ReadFile(file)
	if err != nil {
		return nil, "", err
	}
	lines := strings.Split(strings.TrimSpace(string(text)), "\n")
	if len(lines) != 3 || lines[0] != "go test fuzz v1" {
		return nil, "", fmt.Errorf("not a two-argument fuzz corpus file")
	}
	data, err1 := strconv.Unquote(strings.TrimSuffix(strings.TrimPrefix(lines[1], "[]byte("), ")"))
	set, err2 := strconv.Unquote(strings.TrimSuffix(strings.TrimPrefix(lines[2], "string("), ")"))
	if err1 != nil || err2 != nil {
		return nil, "", fmt.Errorf("cannot read the arguments: %v %v", err1, err2)
	}
	return []byte(data), set, nil
}
