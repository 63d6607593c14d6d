// Package fsroot reads files the way kfit promises to: inside a root it
// cannot leave, never blocking, never opening a device, and never reading
// more than a limit.
//
// A Root resolves every path as if its directory were "/": an absolute
// symbolic link starts again at the root and ".." stops there, so a tree
// built by someone else (a mounted disk image, a container's filesystem)
// cannot send a read to the host's /etc/shadow. On Linux it asks the kernel
// to resolve in the root (openat2 with RESOLVE_IN_ROOT, Linux 5.6) and
// otherwise walks the path itself, one component at a time with O_NOFOLLOW,
// keeping the directories it passed so that ".." never climbs through the
// kernel.
//
// Files are first opened with O_PATH, which opens nothing for reading: a
// device driver's open is never called and a FIFO never blocks. Only a
// regular file (or a directory, for ReadDir) is then reopened for reading,
// through /proc/self/fd, so what is read is the very file that was checked.
//
// ReadFile does the same for a file the user names on the command line (a
// snapshot, a catalog): symbolic links are followed as the user expects,
// but only a regular file is read, up to a limit.
//
// fsroot never writes, creates or removes anything.
package fsroot
