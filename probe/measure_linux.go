package probe

import (
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"

	"golang.org/x/sys/unix"

	"github.com/kfit-dev/kfit/internal/fsroot"
)

// linuxDir is the measured directory, held by an O_PATH descriptor resolved
// inside the root: the file is created and removed relative to it, so a
// link swapped in on the way cannot send the write elsewhere.
type linuxDir struct {
	root *fsroot.Root
	dir  *os.File
}

func openMeasureDir(root, dir string) (measureDir, error) {
	r, err := fsroot.Open(root)
	if err != nil {
		return nil, err
	}
	d, err := r.Dir(dir)
	if err != nil {
		r.Close()
		return nil, err
	}
	return &linuxDir{root: r, dir: d}, nil
}

func (d *linuxDir) fd() int { return int(d.dir.Fd()) }

func (d *linuxDir) freeBytes() (uint64, error) {
	var sf unix.Statfs_t
	if err := unix.Fstatfs(d.fd(), &sf); err != nil {
		return 0, err
	}
	return uint64(sf.Bavail) * uint64(sf.Bsize), nil //nolint:unconvert // the field types differ by architecture
}

func (d *linuxDir) create(size int64) (syncFile, string, error) {
	for range 16 {
		name := fmt.Sprintf(".kfit-measure-%d-%08x", os.Getpid(), rand.Uint32())
		// O_EXCL: a new file or nothing (never a file or a link already
		// there); 0600: nobody else reads what kfit writes.
		fd, err := unix.Openat(d.fd(), name, unix.O_WRONLY|unix.O_CREAT|unix.O_EXCL|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0o600)
		if errors.Is(err, unix.EEXIST) {
			continue
		}
		if err != nil {
			return nil, "", err
		}
		// Preallocated, as etcd preallocates its WAL segments
		// (server/storage/wal/file_pipeline.go: fileutil.Preallocate), so
		// the writes fill space the file already has.
		if err := unix.Fallocate(fd, 0, 0, size); err != nil && !errors.Is(err, unix.EOPNOTSUPP) && !errors.Is(err, unix.ENOSYS) {
			unix.Close(fd)
			unix.Unlinkat(d.fd(), name, 0)
			return nil, "", fmt.Errorf("preallocate %d bytes: %w", size, err)
		}
		return fdFile(fd), name, nil
	}
	return nil, "", errors.New("no unused temporary file name after 16 tries")
}

func (d *linuxDir) remove(name string) error { return unix.Unlinkat(d.fd(), name, 0) }

func (d *linuxDir) close() error {
	d.dir.Close()
	return d.root.Close()
}

// fdFile is the temporary file's descriptor: written with pwrite(2) and
// made durable with fdatasync(2), as etcd's WAL does.
type fdFile int

func (f fdFile) writeAt(p []byte, off int64) error {
	for len(p) > 0 {
		n, err := unix.Pwrite(int(f), p, off)
		if errors.Is(err, unix.EINTR) {
			continue
		}
		if err != nil {
			return err
		}
		if n == 0 {
			return io.ErrShortWrite
		}
		p, off = p[n:], off+int64(n)
	}
	return nil
}

func (f fdFile) datasync() error {
	for {
		if err := unix.Fdatasync(int(f)); !errors.Is(err, unix.EINTR) {
			return err
		}
	}
}

func (f fdFile) close() error { return unix.Close(int(f)) }
