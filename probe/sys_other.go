//go:build !unix

package probe

import (
	"errors"
	"runtime"
)

// uname knows only the architecture kfit was built for here.
func uname() (release, machine string, err error) {
	return "", runtime.GOARCH, errors.New("the kernel release is not probed on " + runtime.GOOS + " yet")
}

func majorMinor(dev uint64) string { return "0:0" }
