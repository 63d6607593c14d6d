//go:build unix

package main

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// mayFollow applies the kernel's fs.protected_symlinks rule to a link kfit
// follows itself: in a sticky, world-writable directory (/tmp), a link is
// followed only when the one following it, or the directory's owner, owns
// the link. Otherwise anyone could plant /tmp/report.json -> /etc/shadow
// for a root pipeline to overwrite.
func mayFollow(link string, st fs.FileInfo) error {
	dir, err := os.Stat(filepath.Dir(link))
	if err != nil {
		return err
	}
	l, lok := st.Sys().(*syscall.Stat_t)
	d, dok := dir.Sys().(*syscall.Stat_t)
	if !lok || !dok || dir.Mode()&fs.ModeSticky == 0 || dir.Mode().Perm()&0o002 == 0 {
		return nil
	}
	if l.Uid == uint32(os.Geteuid()) || l.Uid == d.Uid {
		return nil
	}
	return fmt.Errorf("%s is a link in a shared directory, owned by another user: kfit does not follow it (as the kernel's protected_symlinks)", link)
}

// keepOwner gives the temporary file f the owner and group of the file it
// replaces; as an ordinary user this fails unless they are already the same.
func keepOwner(f *os.File, old fs.FileInfo) error {
	want, ok := old.Sys().(*syscall.Stat_t)
	if !ok {
		return nil
	}
	cur, err := f.Stat()
	if err != nil {
		return err
	}
	if got, ok := cur.Sys().(*syscall.Stat_t); ok && got.Uid == want.Uid && got.Gid == want.Gid {
		return nil
	}
	return f.Chown(int(want.Uid), int(want.Gid))
}
