//go:build unix && !linux

package probe

import "golang.org/x/sys/unix"

// fsMagic is Linux's: other systems name filesystems differently.
func fsMagic(unix.Statfs_t) int64 { return 0 }
