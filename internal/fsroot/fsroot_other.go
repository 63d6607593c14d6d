//go:build !linux

package fsroot

import (
	"io/fs"
	"os"
	"strings"
)

// Root is a directory that every path is resolved in. Outside Linux it is
// Go's os.Root, which refuses a link that leaves the directory (and any
// absolute link) rather than resolving it inside; kfit reads few files on
// these systems, all on the machine's own "/".
type Root struct {
	dir string
	r   *os.Root
}

// Open opens dir as a root.
func Open(dir string) (*Root, error) {
	r, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	return &Root{dir: dir, r: r}, nil
}

// Close releases the root.
func (r *Root) Close() error { return r.r.Close() }

func rel(name string) string {
	name = strings.TrimLeft(name, "/")
	if name == "" {
		return "."
	}
	return name
}

// Open opens a regular file under the root for reading.
func (r *Root) Open(name string) (*os.File, error) {
	st, err := r.r.Stat(rel(name))
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: errUnwrapPath(err)}
	}
	if !st.Mode().IsRegular() {
		return nil, &fs.PathError{Op: "open", Path: name, Err: notRegular(st.Mode())}
	}
	f, err := r.r.Open(rel(name))
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: errUnwrapPath(err)}
	}
	return checkRegular(f, name)
}

func checkRegular(f *os.File, name string) (*os.File, error) {
	st, err := f.Stat()
	if err == nil && !st.Mode().IsRegular() {
		err = notRegular(st.Mode())
	}
	if err != nil {
		f.Close()
		return nil, &fs.PathError{Op: "open", Path: name, Err: errUnwrapPath(err)}
	}
	return f, nil
}

func openUserFile(name string) (*os.File, error) {
	st, err := os.Stat(name)
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, &fs.PathError{Op: "open", Path: name, Err: notRegular(st.Mode())}
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	return checkRegular(f, name)
}

// Stat describes name under the root, following a final link.
func (r *Root) Stat(name string) (fs.FileInfo, error) {
	st, err := r.r.Stat(rel(name))
	if err != nil {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: errUnwrapPath(err)}
	}
	return st, nil
}

// Lstat describes name under the root; a final link is described itself.
func (r *Root) Lstat(name string) (fs.FileInfo, error) {
	st, err := r.r.Lstat(rel(name))
	if err != nil {
		return nil, &fs.PathError{Op: "lstat", Path: name, Err: errUnwrapPath(err)}
	}
	return st, nil
}

// ReadDir lists the names in a directory under the root, sorted.
func (r *Root) ReadDir(name string) ([]string, error) {
	f, err := r.r.Open(rel(name))
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: errUnwrapPath(err)}
	}
	defer f.Close()
	entries, err := f.ReadDir(MaxDirEntries + 1)
	if err != nil {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: errUnwrapPath(err)}
	}
	if len(entries) > MaxDirEntries {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrInvalid}
	}
	return sortedNames(entries), nil
}

// Readlink returns the target of a symbolic link under the root.
func (r *Root) Readlink(name string) (string, error) {
	t, err := r.r.Readlink(rel(name))
	if err != nil {
		return "", &fs.PathError{Op: "readlink", Path: name, Err: errUnwrapPath(err)}
	}
	return t, nil
}
