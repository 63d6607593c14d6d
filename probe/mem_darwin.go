//go:build darwin

package probe

import (
	"errors"

	"golang.org/x/sys/unix"
)

type memStat struct{ Total, Available, SwapTotal uint64 }

// virtualMemory reads hw.memsize itself: gopsutil's macOS code runs vm_stat
// when built without cgo, and kfit runs no program. What is available is
// then unknown.
func (p prober) virtualMemory() (memStat, error) {
	if !p.live {
		return memStat{}, errors.New("a --root is read as a Linux root, and this kfit runs on macOS")
	}
	total, err := unix.SysctlUint64("hw.memsize")
	return memStat{Total: total}, err
}
