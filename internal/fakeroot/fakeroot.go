// Package fakeroot unpacks the constructed fake roots of testdata/roots
// (txtar archives) into a directory, for the probe tests and the CLI
// scripts. Three things a txtar file cannot hold are spelled by the file
// name: "NAME@symlink" makes a symbolic link to the file's content,
// "NAME@socket" a Unix socket, and files under a bin or sbin directory are
// made executable. It is used by tests only.
package fakeroot

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"

	"github.com/rogpeppe/go-internal/txtar"
)

// Unpack writes the archive's files under dir. The returned function closes
// the sockets it made.
func Unpack(archive, dir string) (cleanup func(), err error) {
	a, err := txtar.ParseFile(archive)
	if err != nil {
		return nil, err
	}
	var listeners []net.Listener
	cleanup = func() {
		for _, l := range listeners {
			l.Close()
		}
	}
	for _, f := range a.Files {
		name, kind, _ := strings.Cut(f.Name, "@")
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			cleanup()
			return nil, err
		}
		switch kind {
		case "symlink":
			err = os.Symlink(strings.TrimSpace(string(f.Data)), p)
		case "socket":
			var l net.Listener
			if l, err = net.Listen("unix", p); err == nil {
				listeners = append(listeners, l)
			}
		case "":
			mode := os.FileMode(0o644)
			if d := filepath.Base(filepath.Dir(name)); d == "bin" || d == "sbin" {
				mode = 0o755
			}
			err = os.WriteFile(p, f.Data, mode)
		default:
			err = fmt.Errorf("unknown kind %q", kind)
		}
		if err != nil {
			cleanup()
			return nil, fmt.Errorf("%s: %s: %w", archive, f.Name, err)
		}
	}
	return cleanup, nil
}
