package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/kfit-dev/kfit/internal/fsroot"
)

// outputFileUsage is the --output-file policy, in the flag's help.
const outputFileUsage = "; - is standard output. An existing file keeps its mode and owner, a link is followed; " +
	"devices, FIFOs, sockets, directories and dangling links are refused"

// writeOutputFile writes data to the file named with --output-file, whole or
// not at all: a temporary file in the target's directory, then a rename over
// it. A new file gets mode 0644; an existing regular file keeps its mode and
// owner (or nothing is written); a symbolic link to a regular file replaces
// that file and stays a link. Anything else is refused, so that kfit run as
// root never replaces /dev/null or writes through /proc/self/fd/1. Errors
// name the user's path, never the temporary file, and the temporary file
// never outlives a failure.
func writeOutputFile(name string, data []byte) error {
	target, old, err := outputTarget(name)
	if err != nil {
		return err
	}
	failed := func(err error) error { return fmt.Errorf("write %s: %w", name, bare(err)) }
	tmp, err := os.CreateTemp(filepath.Dir(target), "."+filepath.Base(target)+".tmp-*")
	if err != nil {
		return failed(err)
	}
	renamed := false
	defer func() {
		if !renamed {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	mode := fs.FileMode(0o644)
	if old != nil {
		mode = old.Mode() & (fs.ModePerm | fs.ModeSetuid | fs.ModeSetgid | fs.ModeSticky)
		if err := keepOwner(tmp, old); err != nil {
			return fmt.Errorf("write %s: cannot keep its owner: %w", name, bare(err))
		}
	}
	if _, err := tmp.Write(data); err != nil {
		return failed(err)
	}
	if err := tmp.Chmod(mode); err != nil { // after chown, which may clear set-id bits
		return failed(err)
	}
	if err := tmp.Sync(); err != nil {
		return failed(err)
	}
	if err := tmp.Close(); err != nil {
		return failed(err)
	}
	if err := os.Rename(tmp.Name(), target); err != nil {
		return failed(err)
	}
	renamed = true
	return nil
}

// outputTarget says which file writing name replaces, and describes it (nil
// for a file that does not exist yet).
func outputTarget(name string) (string, fs.FileInfo, error) {
	st, err := os.Lstat(name)
	if errors.Is(err, fs.ErrNotExist) {
		return name, nil, nil
	}
	if err != nil {
		return "", nil, fmt.Errorf("write %s: %w", name, bare(err))
	}
	target := name
	for hops := 0; st.Mode()&fs.ModeSymlink != 0; hops++ {
		if err := mayFollow(target, st); err != nil {
			return "", nil, err
		}
		next, err := os.Readlink(target)
		if err == nil && hops == 40 {
			err = errors.New("too many levels of symbolic links")
		}
		if err != nil {
			return "", nil, fmt.Errorf("write %s: %w", name, bare(err))
		}
		if !filepath.IsAbs(next) {
			next = filepath.Join(filepath.Dir(target), next)
		}
		target = next
		// A dangling link, or a link in /proc to a pipe or a socket.
		if st, err = os.Lstat(target); err != nil {
			return "", nil, fmt.Errorf("%s is a symbolic link that leads to no file (%v); kfit replaces only regular files", name, bare(err))
		}
	}
	if !st.Mode().IsRegular() {
		return "", nil, fmt.Errorf("%s is %s; kfit replaces only regular files", name, fsroot.Kind(st.Mode()))
	}
	return target, st, nil
}

// bare drops the path an error carries: the temporary file's name means
// nothing to the user.
func bare(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}
