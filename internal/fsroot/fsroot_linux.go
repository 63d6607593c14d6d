package fsroot

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path"
	"strconv"
	"strings"
	"sync/atomic"

	"golang.org/x/sys/unix"
)

// Root is a directory that every path is resolved in, as if it were "/".
type Root struct {
	dir string
	fd  int // O_PATH of dir
}

// maxLinks is the most symbolic links one path may pass, as the kernel's
// own limit (ELOOP past 40).
const maxLinks = 40

// noOpenat2 is set once the kernel (before 5.6) or a seccomp profile has
// refused openat2: from then on paths are walked in user space.
var noOpenat2 atomic.Bool

// Open opens dir as a root. The Root holds one descriptor until Close.
func Open(dir string) (*Root, error) {
	fd, err := unix.Open(dir, unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: dir, Err: err}
	}
	return &Root{dir: dir, fd: fd}, nil
}

// Close releases the root's descriptor. Nothing may use the Root after.
func (r *Root) Close() error { return unix.Close(r.fd) }

// resolve returns an O_PATH descriptor of name under the root. follow says
// whether a final symbolic link is followed (Stat) or returned (Lstat).
func (r *Root) resolve(name string, follow bool) (int, error) {
	if name == "" {
		name = "."
	}
	if !noOpenat2.Load() {
		how := unix.OpenHow{Flags: unix.O_PATH | unix.O_CLOEXEC, Resolve: unix.RESOLVE_IN_ROOT | unix.RESOLVE_NO_MAGICLINKS}
		if !follow {
			how.Flags |= unix.O_NOFOLLOW
		}
		for tries := 0; ; tries++ {
			fd, err := unix.Openat2(r.fd, name, &how)
			switch {
			case err == nil:
				return fd, nil
			case err == unix.EINTR || err == unix.EAGAIN && tries < 16:
				// EAGAIN: a rename raced the resolution of "..".
				continue
			case err == unix.ENOSYS || err == unix.EPERM:
				noOpenat2.Store(true)
			default:
				return -1, err
			}
			break
		}
	}
	return r.walk(name, follow)
}

// walk resolves name one component at a time, never following a link in
// the kernel: each component is opened with O_NOFOLLOW relative to the
// directory before it, links are read and spliced into what is left to
// walk (an absolute one from the root again), and ".." pops a directory
// this walk itself passed, so it cannot climb above the root.
func (r *Root) walk(name string, follow bool) (int, error) {
	root, err := unix.Dup(r.fd)
	if err != nil {
		return -1, err
	}
	stack := []int{root}
	defer func() {
		for _, fd := range stack {
			unix.Close(fd)
		}
	}()
	todo := strings.Split(name, "/")
	links := 0
	for len(todo) > 0 {
		c := todo[0]
		todo = todo[1:]
		switch c {
		case "", ".":
			continue
		case "..":
			if len(stack) > 1 {
				unix.Close(stack[len(stack)-1])
				stack = stack[:len(stack)-1]
			}
			continue
		}
		fd, err := unix.Openat(stack[len(stack)-1], c, unix.O_PATH|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
		if err != nil {
			return -1, err
		}
		var st unix.Stat_t
		if err := unix.Fstat(fd, &st); err != nil {
			unix.Close(fd)
			return -1, err
		}
		last := !hasMore(todo)
		if st.Mode&unix.S_IFMT == unix.S_IFLNK && (!last || follow) {
			links++
			target, err := readlinkFd(fd)
			unix.Close(fd)
			if err != nil {
				return -1, err
			}
			if links > maxLinks {
				return -1, unix.ELOOP
			}
			if strings.HasPrefix(target, "/") {
				for _, d := range stack[1:] {
					unix.Close(d)
				}
				stack = stack[:1]
			}
			todo = append(strings.Split(target, "/"), todo...)
			continue
		}
		if !last && st.Mode&unix.S_IFMT != unix.S_IFDIR {
			unix.Close(fd)
			return -1, unix.ENOTDIR
		}
		stack = append(stack, fd)
	}
	fd := stack[len(stack)-1]
	stack = stack[:len(stack)-1]
	return fd, nil
}

// hasMore says whether components other than "" and "." remain.
func hasMore(todo []string) bool {
	for _, c := range todo {
		if c != "" && c != "." {
			return true
		}
	}
	return false
}

func readlinkFd(fd int) (string, error) {
	buf := make([]byte, 256)
	for {
		n, err := unix.Readlinkat(fd, "", buf)
		if err != nil {
			return "", err
		}
		if n < len(buf) {
			return string(buf[:n]), nil
		}
		if len(buf) >= unix.PathMax {
			return "", unix.ENAMETOOLONG
		}
		buf = make([]byte, 2*len(buf))
	}
}

// fstatKind checks the type of an O_PATH descriptor.
func fstatMode(fd int) (uint32, error) {
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		return 0, err
	}
	return st.Mode & unix.S_IFMT, nil
}

func modeOf(t uint32) fs.FileMode {
	switch t {
	case unix.S_IFDIR:
		return fs.ModeDir
	case unix.S_IFIFO:
		return fs.ModeNamedPipe
	case unix.S_IFSOCK:
		return fs.ModeSocket
	case unix.S_IFCHR:
		return fs.ModeDevice | fs.ModeCharDevice
	case unix.S_IFBLK:
		return fs.ModeDevice
	case unix.S_IFLNK:
		return fs.ModeSymlink
	}
	return 0
}

// reopen opens the very file an O_PATH descriptor names, for reading,
// through its /proc/self/fd link: nothing else can be swapped in between.
func reopen(fd int, name string, flags int) (*os.File, error) {
	nfd, err := unix.Open("/proc/self/fd/"+strconv.Itoa(fd), flags|unix.O_RDONLY|unix.O_CLOEXEC|unix.O_NOCTTY, 0)
	if err != nil {
		if err == unix.ENOENT {
			err = errors.New("cannot reopen it to read without /proc/self/fd on this machine")
		}
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	return os.NewFile(uintptr(nfd), name), nil
}

// openChecked reopens an O_PATH descriptor for reading if it is a regular
// file, and closes it. Some regular files of the kernel's own filesystems
// block when read and consume what they return (/proc/kmsg, tracefs'
// trace_pipe): they are refused, and every file is read non-blocking.
func openChecked(fd int, name string) (*os.File, error) {
	defer unix.Close(fd)
	t, err := fstatMode(fd)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	if t != unix.S_IFREG {
		return nil, &fs.PathError{Op: "open", Path: name, Err: notRegular(modeOf(t))}
	}
	var sf unix.Statfs_t
	if unix.Fstatfs(fd, &sf) == nil {
		switch {
		case sf.Type == unix.TRACEFS_MAGIC || sf.Type == unix.DEBUGFS_MAGIC:
			return nil, &fs.PathError{Op: "open", Path: name, Err: errors.New("on tracefs or debugfs, which kfit never reads")}
		case sf.Type == unix.PROC_SUPER_MAGIC && path.Base(name) == "kmsg":
			return nil, &fs.PathError{Op: "open", Path: name, Err: errors.New("the kernel log, which reading would consume")}
		}
	}
	return reopen(fd, name, unix.O_NONBLOCK)
}

// Open opens a regular file under the root for reading. Anything else is
// refused before it is opened for reading.
func (r *Root) Open(name string) (*os.File, error) {
	fd, err := r.resolve(name, true)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	return openChecked(fd, name)
}

func openUserFile(name string) (*os.File, error) {
	fd, err := unix.Open(name, unix.O_PATH|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	return openChecked(fd, name)
}

// Stat describes name under the root, following a final link.
func (r *Root) Stat(name string) (fs.FileInfo, error) { return r.stat(name, true) }

// Lstat describes name under the root; a final link is described itself.
func (r *Root) Lstat(name string) (fs.FileInfo, error) { return r.stat(name, false) }

func (r *Root) stat(name string, follow bool) (fs.FileInfo, error) {
	op := "stat"
	if !follow {
		op = "lstat"
	}
	fd, err := r.resolve(name, follow)
	if err != nil {
		return nil, &fs.PathError{Op: op, Path: name, Err: err}
	}
	f := os.NewFile(uintptr(fd), name)
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, &fs.PathError{Op: op, Path: name, Err: errUnwrapPath(err)}
	}
	return st, nil
}

// ReadDir lists the names in a directory under the root, sorted.
func (r *Root) ReadDir(name string) ([]string, error) {
	fd, err := r.resolve(name, true)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	defer unix.Close(fd)
	t, err := fstatMode(fd)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	if t != unix.S_IFDIR {
		return nil, &fs.PathError{Op: "open", Path: name, Err: unix.ENOTDIR}
	}
	f, err := reopen(fd, name, unix.O_DIRECTORY)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	entries, err := f.ReadDir(MaxDirEntries + 1)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: errUnwrapPath(err)}
	}
	if len(entries) > MaxDirEntries {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: errors.New("more entries than kfit lists")}
	}
	return sortedNames(entries), nil
}

// Readlink returns the target of a symbolic link under the root.
func (r *Root) Readlink(name string) (string, error) {
	fd, err := r.resolve(name, false)
	if err != nil {
		return "", &fs.PathError{Op: "readlink", Path: name, Err: err}
	}
	defer unix.Close(fd)
	t, err := readlinkFd(fd)
	if err != nil {
		return "", &fs.PathError{Op: "readlink", Path: name, Err: err}
	}
	return t, nil
}

// Statfs describes the filesystem that holds name under the root.
func (r *Root) Statfs(name string) (Statfs, error) {
	fd, err := r.resolve(name, true)
	if err != nil {
		return Statfs{}, &fs.PathError{Op: "statfs", Path: name, Err: err}
	}
	defer unix.Close(fd)
	var sf unix.Statfs_t
	if err := unix.Fstatfs(fd, &sf); err != nil {
		return Statfs{}, &fs.PathError{Op: "statfs", Path: name, Err: err}
	}
	bsize := uint64(sf.Bsize)                                                                                        //nolint:unconvert // the field types differ by architecture
	out := Statfs{FreeBytes: uint64(sf.Bavail) * bsize, TotalBytes: uint64(sf.Blocks) * bsize, Type: int64(sf.Type)} //nolint:unconvert
	var st unix.Stat_t
	if unix.Fstat(fd, &st) == nil {
		out.Dev = uint64(st.Dev) //nolint:unconvert
	}
	return out, nil
}
