//go:build unix

package probe

import "golang.org/x/sys/unix"

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
