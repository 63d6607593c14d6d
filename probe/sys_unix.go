//go:build unix

package probe

import (
	"fmt"

	"golang.org/x/sys/unix"
)

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
