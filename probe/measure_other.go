//go:build !linux

package probe

import (
	"errors"
	"runtime"
)

// The distributions whose datastore the measurement is for run on Linux
// alone; elsewhere kfit does not write.
func openMeasureDir(root, dir string) (measureDir, error) {
	return nil, errors.New("measuring fdatasync is implemented on Linux only, not on " + runtime.GOOS)
}
