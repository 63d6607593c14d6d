//go:build !linux

package probe

import (
	"context"

	"github.com/shirou/gopsutil/v3/cpu"
)

// cpu asks gopsutil, which knows each platform's calls (sysctl on macOS,
// the Windows API); nothing here reads Linux files.
func (p prober) cpu(ctx context.Context, h *Host) {
	if n, err := cpu.CountsWithContext(ctx, true); err == nil && n > 0 {
		h.CPU.Logical = n
	} else {
		h.miss("cpu.logical", orErr(err, "the system does not say how many CPUs it has"))
	}
	if n, err := cpu.CountsWithContext(ctx, false); err == nil && n > 0 {
		h.CPU.Physical = n
	} else {
		h.miss("cpu.physical", orErr(err, "the system does not say how many cores it has"))
	}
	infos, err := cpu.InfoWithContext(ctx)
	if err == nil && len(infos) > 0 {
		h.CPU.Flags = infos[0].Flags
	}
	if err == nil && len(infos) > 0 && infos[0].ModelName != "" {
		h.CPU.Model = infos[0].ModelName
	} else {
		h.miss("cpu.model", orErr(err, "the system names no CPU model"))
	}
}
