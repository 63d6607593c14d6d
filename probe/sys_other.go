//go:build !unix

package probe

import (
	"errors"
	"os"
	"runtime"
)

func openRegular(name string) (*os.File, error) { return os.Open(name) }

func statfs(path string) (free, total uint64, err error) {
	return 0, 0, errors.New("disk space is not probed on " + runtime.GOOS + " yet")
}

// uname knows only the architecture kfit was built for here.
func uname() (release, machine string, err error) {
	return "", runtime.GOARCH, errors.New("the kernel release is not probed on " + runtime.GOOS + " yet")
}
