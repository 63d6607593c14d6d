//go:build !darwin

package probe

import (
	"context"

	"github.com/shirou/gopsutil/v3/mem"
)

type memStat struct{ Total, Available, SwapTotal uint64 }

// virtualMemory asks gopsutil: /proc/meminfo under the root on Linux, the
// GlobalMemoryStatusEx call on Windows.
func (p prober) virtualMemory(ctx context.Context) (memStat, error) {
	vm, err := mem.VirtualMemoryWithContext(ctx)
	if err != nil {
		return memStat{}, err
	}
	return memStat{vm.Total, vm.Available, vm.SwapTotal}, nil
}
