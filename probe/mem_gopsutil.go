//go:build !linux && !darwin

package probe

import "github.com/shirou/gopsutil/v3/mem"

type memStat struct{ Total, Available, SwapTotal uint64 }

// virtualMemory asks gopsutil: the GlobalMemoryStatusEx call on Windows.
// (On Linux kfit reads /proc/meminfo itself.)
func (p prober) virtualMemory() (memStat, error) {
	vm, err := mem.VirtualMemory()
	if err != nil {
		return memStat{}, err
	}
	return memStat{vm.Total, vm.Available, vm.SwapTotal}, nil
}
