package probe

import (
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"strings"
)

func (p prober) memory(h *Host) {
	vm, err := p.virtualMemory()
	if err == nil && vm.Total == 0 {
		err = errors.New("the system does not say how much memory it has")
	}
	if err != nil {
		h.miss("memory", err)
	} else {
		h.Memory.TotalBytes = vm.Total
		h.Memory.AvailableBytes = vm.Available

		if runtime.GOOS != "darwin" {
			swap := vm.SwapTotal
			h.Memory.SwapBytes = &swap
		}
	}
	if n, err := p.memoryBlocks(); err == nil && n >= h.Memory.TotalBytes && (h.Memory.TotalBytes == 0 || n <= 2*h.Memory.TotalBytes) {
		h.Memory.InstalledBytes, h.Memory.InstalledFrom = n, "memory-blocks"
	} else if h.Memory.TotalBytes > 0 {
		h.Memory.InstalledBytes, h.Memory.InstalledFrom = EstimateInstalled(h.Memory.TotalBytes), "memtotal"
	}
}

// memoryBlocks sums the memory blocks the kernel lists under
// /sys/devices/system/memory: the physical RAM present, including what
// firmware and graphics took before MemTotal was counted. One directory read,
// whatever the size of the machine.
func (p prober) memoryBlocks() (uint64, error) {
	line, err := p.readLine("/sys/devices/system/memory/block_size_bytes")
	if err != nil {
		return 0, err
	}
	size, err := strconv.ParseUint(line, 16, 64)
	if err != nil || size == 0 {
		return 0, fmt.Errorf("block_size_bytes %q is not a hex size", clip(line, 40))
	}
	names, err := p.root.ReadDir("/sys/devices/system/memory")
	if err != nil {
		return 0, err
	}
	var n uint64
	for _, name := range names {
		if rest, ok := strings.CutPrefix(name, "memory"); ok && rest != "" && strings.Trim(rest, "0123456789") == "" {
			n++
		}
	}
	if n == 0 {
		return 0, errors.New("no memory blocks listed")
	}
	return n * size, nil
}

// Memory sizes, in bytes.
type Memory struct {
	TotalBytes     uint64  `json:"totalBytes,omitempty"`     // MemTotal
	AvailableBytes uint64  `json:"availableBytes,omitempty"` // MemAvailable
	SwapBytes      *uint64 `json:"swapBytes,omitempty"`      // SwapTotal
	// InstalledBytes estimates the RAM the machine was sold with; see
	// EstimateInstalled. InstalledFrom says how: "memory-blocks" or "memtotal".
	InstalledBytes uint64 `json:"installedBytes,omitempty"`
	InstalledFrom  string `json:"installedFrom,omitempty"`
	// LimitBytes is the tightest cgroup memory limit on the way from this
	// process's cgroup to the root; absent when unlimited (or unknown: see
	// Missing["memory.limit"]).
	LimitBytes uint64 `json:"limitBytes,omitempty"`
	// CgroupUsageBytes is the memory in use in the cgroup whose limit is
	// LimitBytes: its working set (usage less inactive file cache), as
	// the kubelet counts it. Absent without a limit (or unknown: see
	// Missing["memory.cgroupUsage"]).
	CgroupUsageBytes uint64 `json:"cgroupUsageBytes,omitempty"`
	// EffectiveBytes is what a distribution started here could use: the
	// installed RAM, or the cgroup limit where that is smaller.
	EffectiveBytes uint64 `json:"effectiveBytes,omitempty"`
}

const mib = 1 << 20

// EstimateInstalled estimates the RAM a machine was sold with from MemTotal,
// which is lower because firmware, the kernel and graphics reserve some: a
// 4 GB laptop shows about 3.7 GiB, a 1 GB Pi 3 about 0.9 GiB.
//
// The rule rounds MemTotal up to a multiple of a granule: the largest power of
// two not above a quarter of MemTotal, and at least 128 MiB. So the tolerance
// is bounded by a quarter of the size: 3.7 GiB becomes 4 GiB, 1.8 GiB 2 GiB,
// 0.9 GiB 1 GiB, 430 MiB 512 MiB, while 2.8 GiB (a 3 GB machine) stays 3 GiB.
func EstimateInstalled(memTotal uint64) uint64 {
	if memTotal == 0 {
		return 0
	}
	granule := uint64(128 * mib)
	for granule*2 <= memTotal/4 {
		granule *= 2
	}
	return (memTotal + granule - 1) / granule * granule
}
