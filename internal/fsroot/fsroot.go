package fsroot

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
)

// MaxDirEntries bounds the names ReadDir returns: real directories kfit
// lists (CPUs, memory blocks, power supplies, drop-ins) hold at most a few
// thousand.
const MaxDirEntries = 1 << 16

// TooLargeError says a file holds more than the limit kfit reads of it.
type TooLargeError struct {
	Path  string
	Limit int64
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("%s is larger than %s, the most kfit reads of it", e.Path, sizeText(e.Limit))
}

// ErrNotRegular is wrapped by the errors of files that are not regular files
// (devices, FIFOs, sockets, directories).
var ErrNotRegular = errors.New("not a regular file")

func notRegular(mode fs.FileMode) error {
	return fmt.Errorf("%w (%s)", ErrNotRegular, Kind(mode))
}

// Kind names a file's type in words: "a named pipe", "a character device".
func Kind(mode fs.FileMode) string {
	switch {
	case mode.IsDir():
		return "a directory"
	case mode&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case mode&fs.ModeSocket != 0:
		return "a socket"
	case mode&fs.ModeCharDevice != 0:
		return "a character device"
	case mode&fs.ModeDevice != 0:
		return "a block device"
	case mode&fs.ModeSymlink != 0:
		return "a symbolic link"
	}
	return "an irregular file"
}

func sizeText(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	case n == 1:
		return "1 byte"
	}
	return fmt.Sprintf("%d bytes", n)
}

// readAll reads f whole, failing past limit bytes.
func readAll(f *os.File, name string, limit int64) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, &fs.PathError{Op: "read", Path: name, Err: errUnwrapPath(err)}
	}
	if int64(len(b)) > limit {
		return nil, &TooLargeError{Path: name, Limit: limit}
	}
	return b, nil
}

// errUnwrapPath drops the path an *os.File error carries: the caller names
// the file as the user or the host sees it.
func errUnwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// ReadFile reads a file the user named: a snapshot, a catalog. Symbolic
// links are followed, as the user expects; anything but a regular file is
// refused without being opened for reading (a FIFO would block, a device
// would be read), and so is a file of more than limit bytes.
func ReadFile(name string, limit int64) ([]byte, error) {
	f, err := openUserFile(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readAll(f, name, limit)
}

// ReadFile reads a regular file under the root, failing past limit bytes.
func (r *Root) ReadFile(name string, limit int64) ([]byte, error) {
	f, err := r.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readAll(f, name, limit)
}

// Exists says whether name exists under the root (following links).
func (r *Root) Exists(name string) bool {
	_, err := r.Stat(name)
	return err == nil
}

// IsDir says whether name is a directory under the root (following links).
func (r *Root) IsDir(name string) bool {
	st, err := r.Stat(name)
	return err == nil && st.IsDir()
}

func sortedNames(entries []fs.DirEntry) []string {
	names := make([]string, len(entries))
	for i, e := range entries {
		names[i] = e.Name()
	}
	slices.Sort(names)
	return names
}

// Statfs is what statfs(2) and stat(2) say of the filesystem holding a path.
type Statfs struct {
	FreeBytes, TotalBytes uint64
	Type                  int64  // Linux's f_type magic number; 0 elsewhere
	Dev                   uint64 // st_dev: the block device, as major:minor
}
