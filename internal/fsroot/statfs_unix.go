//go:build unix && !linux

package fsroot

import (
	"io/fs"

	"golang.org/x/sys/unix"
)

// Statfs describes the filesystem that holds name under the root.
func (r *Root) Statfs(name string) (Statfs, error) {
	f, err := r.r.Open(rel(name))
	if err != nil {
		return Statfs{}, &fs.PathError{Op: "statfs", Path: name, Err: errUnwrapPath(err)}
	}
	defer f.Close()
	var sf unix.Statfs_t
	if err := unix.Fstatfs(int(f.Fd()), &sf); err != nil {
		return Statfs{}, &fs.PathError{Op: "statfs", Path: name, Err: err}
	}
	bsize := uint64(sf.Bsize)                                                                  //nolint:unconvert // the field types differ by platform
	out := Statfs{FreeBytes: uint64(sf.Bavail) * bsize, TotalBytes: uint64(sf.Blocks) * bsize} //nolint:unconvert
	var st unix.Stat_t
	if unix.Fstat(int(f.Fd()), &st) == nil {
		out.Dev = uint64(st.Dev) //nolint:unconvert
	}
	return out, nil
}
