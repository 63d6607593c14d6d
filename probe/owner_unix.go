//go:build unix

package probe

import (
	"io/fs"
	"os"
	"syscall"
)

// owner returns the user and group ids of a file, where stat gives them.
func owner(st fs.FileInfo) (uid, gid int, ok bool) {
	if s, isStat := st.Sys().(*syscall.Stat_t); isStat {
		return int(s.Uid), int(s.Gid), true
	}
	return 0, 0, false
}

// effectiveUID is kfit's own effective user id: the user who would run a
// tool on this machine.
func effectiveUID() (int, bool) { return os.Geteuid(), true }
