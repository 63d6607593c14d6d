//go:build unix

package probe

import (
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// openRegular opens a file for reading without blocking on a FIFO or
// device, and refuses anything but a regular file: a hostile root cannot
// make kfit hang on a named pipe or read a disk.
func openRegular(name string) (*os.File, error) {
	f, err := os.OpenFile(name, os.O_RDONLY|unix.O_NONBLOCK|unix.O_NOCTTY, 0)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if !st.Mode().IsRegular() {
		f.Close()
		return nil, &os.PathError{Op: "read", Path: name, Err: fmt.Errorf("not a regular file (%s)", st.Mode().Type())}
	}
	return f, nil
}

// statfs reports the bytes free to unprivileged users and the total size of
// the filesystem holding path.
func statfs(path string) (free, total uint64, err error) {
	var st unix.Statfs_t
	if err := unix.Statfs(path, &st); err != nil {
		return 0, 0, err
	}
	bsize := uint64(st.Bsize) //nolint:unconvert // Bsize's type differs by platform
	return uint64(st.Bavail) * bsize, uint64(st.Blocks) * bsize, nil
}

// uname returns the running kernel's release and machine (uname -r, -m).
func uname() (release, machine string, err error) {
	var u unix.Utsname
	if err := unix.Uname(&u); err != nil {
		return "", "", err
	}
	return unix.ByteSliceToString(u.Release[:]), unix.ByteSliceToString(u.Machine[:]), nil
}
