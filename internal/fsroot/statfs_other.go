//go:build !unix && !linux

package fsroot

import (
	"errors"
	"io/fs"
	"runtime"
)

// Statfs is not probed on this system.
func (r *Root) Statfs(name string) (Statfs, error) {
	return Statfs{}, &fs.PathError{Op: "statfs", Path: name, Err: errors.New("disk space is not probed on " + runtime.GOOS + " yet")}
}
