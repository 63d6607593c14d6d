package probe

import "golang.org/x/sys/unix"

func fsMagic(st unix.Statfs_t) int64 { return int64(st.Type) } //nolint:unconvert
