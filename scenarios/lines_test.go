package scenarios

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/BurntSushi/toml"
)

// TestKeyLines checks the key scanner on the TOML forms that could fool
// it: multi-line strings holding "key = value" text, quoted and dotted
// keys, inline tables, arrays over several lines, comments.
func TestKeyLines(t *testing.T) {
	src := `name = "x" # comment with = sign
description = """
fake = "not a key"
"""
"quoted.key" = 1
a.b = 2
literal = '''
[not.a.table]
'''
points = [
  ["0d", 1], # comment
  ["1d", 2],
]
[[torrent]]
name = "t"
time = { dist = "exponential",
  mean = "1h" }
[[torrent]]
name = "u"
[torrent.peers]
upload = "1MiB/s"
`
	var tree map[string]any
	md, err := toml.Decode(src, &tree)
	if err != nil {
		t.Fatal(err)
	}
	got := keyLines([]byte(src), md)
	for path, line := range map[string]int{
		"name": 1, "description": 2, "quoted.key": 5, "a.b": 6, "literal": 7, "points": 10,
		"torrent.0": 14, "torrent.0.name": 15, "torrent.0.time": 16, "torrent.0.time.mean": 17,
		"torrent.1.name": 19, "torrent.1.peers.upload": 21,
	} {
		if got[path] != line {
			t.Errorf("%s at line %d, want %d", path, got[path], line)
		}
	}
}

// TestKeyLinesAgreeWithDecoder checks that the scanner finds as many keys
// as the decoder in every scenario we ship; when they disagree, errors
// fall back to line 1.
func TestKeyLinesAgreeWithDecoder(t *testing.T) {
	files, _ := filepath.Glob("../testdata/*/*.toml")
	builtins, _ := filepath.Glob("builtin/*.toml")
	for _, file := range append(files, builtins...) {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var tree map[string]any
		md, err := toml.Decode(string(data), &tree)
		if err != nil {
			continue // the syntax-error case
		}
		if n, m := len(scanKeyLines(string(data))), len(md.Keys()); n != m {
			t.Errorf("%s: scanner found %d keys, decoder %d", file, n, m)
		}
	}
}
