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

// statfs reports the bytes free to unprivileged users, the total size, the
// type of the filesystem holding path, and its device.
func statfs(path string) (FS, error) {
	var st unix.Statfs_t
	if err := unix.Statfs(path, &st); err != nil {
		return FS{}, err
	}
	bsize := uint64(st.Bsize) //nolint:unconvert // Bsize's type differs by platform
	fs := FS{FreeBytes: uint64(st.Bavail) * bsize, TotalBytes: uint64(st.Blocks) * bsize, Type: fsMagic(st)}
	var s unix.Stat_t
	if unix.Stat(path, &s) == nil {
		fs.Dev = uint64(s.Dev) //nolint:unconvert // Dev's type differs by platform
	}
	return fs, nil
}

// uname returns the running kernel's release and machine (uname -r, -m).
func uname() (release, machine string, err error) {
	var u unix.Utsname
	if err := unix.Uname(&u); err != nil {
		return "", "", err
	}
	return unix.ByteSliceToString(u.Release[:]), unix.ByteSliceToString(u.Machine[:]), nil
}

// majorMinor writes a device number as sysfs names it: "8:1".
func majorMinor(dev uint64) string {
	return fmt.Sprintf("%d:%d", unix.Major(dev), unix.Minor(dev))
}
