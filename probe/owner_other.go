//go:build !unix

package probe

import "io/fs"

func owner(fs.FileInfo) (uid, gid int, ok bool) { return 0, 0, false }

func effectiveUID() (int, bool) { return 0, false }
