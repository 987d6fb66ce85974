package analysis

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// entries lists the names in dir, sorted.
func entries(t *testing.T, dir string) []string {
	t.Helper()
	des, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, de := range des {
		names = append(names, de.Name())
	}
	slices.Sort(names)
	return names
}

func fillWith(name, content string) func(string) error {
	return func(tmp string) error {
		return os.WriteFile(filepath.Join(tmp, name), []byte(content), 0o644)
	}
}

func TestWriteDirAtomicCreatesAndReplaces(t *testing.T) {
	parent := filepath.Join(t.TempDir(), "nested", "parent")
	out := filepath.Join(parent, "out")
	if err := WriteDirAtomic(out, fillWith("old.txt", "old")); err != nil {
		t.Fatal(err)
	}
	if err := WriteDirAtomic(out, fillWith("new.txt", "new")); err != nil {
		t.Fatal(err)
	}
	if got := entries(t, out); !slices.Equal(got, []string{"new.txt"}) {
		t.Errorf("out holds %q, want only new.txt (the old folder replaced, not merged)", got)
	}
	if got := entries(t, parent); !slices.Equal(got, []string{"out"}) {
		t.Errorf("parent holds %q, want only out: temporary folders left behind", got)
	}
	if fi, _ := os.Stat(out); fi.Mode().Perm() != 0o755 {
		t.Errorf("out has mode %v, want 0755", fi.Mode().Perm())
	}
}

func TestWriteDirAtomicFailureKeepsOld(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "out")
	if err := WriteDirAtomic(out, fillWith("old.txt", "old")); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	err := WriteDirAtomic(out, func(tmp string) error {
		fillWith("half.txt", "half")(tmp)
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want the fill error", err)
	}
	if got := entries(t, out); !slices.Equal(got, []string{"old.txt"}) {
		t.Errorf("after a failed write out holds %q, want the old old.txt", got)
	}
	if got := entries(t, parent); !slices.Equal(got, []string{"out"}) {
		t.Errorf("parent holds %q, want only out", got)
	}
}

func TestWriteDirAtomicRefusesAFile(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	os.WriteFile(out, []byte("x"), 0o644)
	if err := WriteDirAtomic(out, fillWith("a", "a")); err == nil {
		t.Error("writing over a regular file succeeded, want an error")
	}
}

func TestWriteFileAtomic(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "sub")
	path := filepath.Join(dir, "f.json")
	for _, content := range []string{"first", "second"} {
		if err := WriteFileAtomic(path, []byte(content)); err != nil {
			t.Fatal(err)
		}
		if b, _ := os.ReadFile(path); string(b) != content {
			t.Errorf("file holds %q, want %q", b, content)
		}
	}
	if got := entries(t, dir); !slices.Equal(got, []string{"f.json"}) {
		t.Errorf("folder holds %q, want only f.json", got)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, want 0644", fi.Mode().Perm())
	}
}

func TestWriteDirAtomicRefusesUnnamedFolders(t *testing.T) {
	t.Chdir(filepath.Join(t.TempDir(), "")) // so that a broken guard costs nothing
	for _, dir := range []string{".", "..", "/", "a/.."} {
		if err := WriteDirAtomic(dir, fillWith("a", "a")); err == nil {
			t.Errorf("WriteDirAtomic(%q) succeeded, want an error", dir)
		}
	}
}
