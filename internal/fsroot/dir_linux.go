package fsroot

import (
	"io/fs"
	"os"

	"golang.org/x/sys/unix"
)

// Dir returns an O_PATH descriptor of the directory name under the root,
// resolved like every other path: it opens nothing for reading or writing.
// `kfit --measure` creates its one temporary file relative to it (openat),
// so the file lands in the very directory the probe described, whatever
// links lie on the way to it.
func (r *Root) Dir(name string) (*os.File, error) {
	fd, err := r.resolve(name, true)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	t, err := fstatMode(fd)
	if err == nil && t != unix.S_IFDIR {
		err = unix.ENOTDIR
	}
	if err != nil {
		unix.Close(fd)
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	return os.NewFile(uintptr(fd), name), nil
}
