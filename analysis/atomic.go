package analysis

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// WriteFileAtomic writes data to path so that path holds either its old
// content or all of data, never a part: it writes a temporary file in the
// same folder, syncs it and renames it over path. The folder is created if
// needed. The file gets mode 0644.
func WriteFileAtomic(path string, data []byte) error {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if err == nil {
		err = f.Chmod(0o644)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}

// WriteDirAtomic fills a fresh temporary folder next to dir by calling
// fill with its path, then swaps it into place: an existing dir is first
// renamed away, the new folder renamed in, and the old one removed. An
// interrupted or failed write therefore leaves the complete old folder or
// the complete new one (or, killed between the two renames, neither at
// dir and both beside it), and never a half-written dir. When fill fails
// the temporary folder is removed and dir is untouched. dir's parent is
// created if needed; dir, if it exists, must be a folder.
func WriteDirAtomic(dir string, fill func(tmp string) error) (err error) {
	dir = filepath.Clean(dir)
	parent, base := filepath.Split(dir)
	if parent == "" {
		parent = "."
	}
	if base == "" || base == "." || base == ".." || base == string(filepath.Separator) {
		return fmt.Errorf("output folder %q: name a folder of its own (the current, parent or root folder cannot be replaced)", dir)
	}
	if fi, err := os.Lstat(dir); err == nil && !fi.IsDir() {
		return fmt.Errorf("output folder %s: exists and is not a folder", dir)
	}
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fmt.Errorf("output folder %s: %w", dir, err)
	}
	tmp, err := os.MkdirTemp(parent, "."+base+".tmp-*")
	if err != nil {
		return fmt.Errorf("output folder %s: %w", dir, err)
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
		}
	}()
	if err := fill(tmp); err != nil {
		return err
	}
	if err := os.Chmod(tmp, 0o755); err != nil { // MkdirTemp makes it 0700
		return fmt.Errorf("output folder %s: %w", dir, err)
	}
	return swapDir(tmp, dir, parent, base)
}

// swapDir moves the complete folder tmp to dir. os.Rename refuses to
// replace a folder, so an old dir goes first into a uniquely named holder
// folder (which MkdirTemp creates without guessing names) and is removed
// once the new one is in place.
func swapDir(tmp, dir, parent, base string) error {
	err := os.Rename(tmp, dir)
	if err == nil {
		return nil
	}
	if _, statErr := os.Lstat(dir); errors.Is(statErr, fs.ErrNotExist) {
		return fmt.Errorf("output folder %s: %w", dir, err)
	}
	holder, err := os.MkdirTemp(parent, "."+base+".old-*")
	if err != nil {
		return fmt.Errorf("output folder %s: %w", dir, err)
	}
	if err := os.Rename(dir, filepath.Join(holder, base)); err != nil {
		os.Remove(holder)
		return fmt.Errorf("output folder %s: moving the old one away: %w", dir, err)
	}
	if err := os.Rename(tmp, dir); err != nil {
		os.Rename(filepath.Join(holder, base), dir) // put the old one back
		os.Remove(holder)
		return fmt.Errorf("output folder %s: %w", dir, err)
	}
	if err := os.RemoveAll(holder); err != nil {
		return fmt.Errorf("output folder %s: written, but the old one is left in %s: %w", dir, holder, err)
	}
	return nil
}
