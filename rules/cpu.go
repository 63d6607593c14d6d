package rules

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/kfit-dev/kfit/catalog"
	"github.com/kfit-dev/kfit/probe"
)

// cpuCount is what the cpu check counts: the effective CPUs.
var cpuCount = measure{noun: "CPU count", unit: "cpus", format: cpus}

func checkCPU(h probe.Host, q *catalog.Requirement) Check {
	c := Check{ID: CheckCPU, Got: "unknown"}
	cpu := h.CPU
	got := cpu.Effective
	if math.IsInf(got, 1) {
		got = 0 // as unknown as none; NaN fails every got > 0 below
	}
	limited := got > 0 && got < float64(cpu.Logical)
	if got > 0 {
		c.Got = cpus(got)
		var parts []string
		if limited {
			parts = append(parts, fmt.Sprintf("of %d logical", cpu.Logical))
			if cpu.Online > 0 && cpu.Online < cpu.Logical {
				parts = append(parts, fmt.Sprintf("%d online", cpu.Online))
			}
			if cpu.Affinity > 0 && cpu.Affinity < cpu.Logical {
				parts = append(parts, fmt.Sprintf("affinity %d", cpu.Affinity))
			}
			if cpu.Quota != nil {
				parts = append(parts, "cgroup quota "+strconv.FormatFloat(*cpu.Quota, 'f', -1, 64))
			}
		} else if cpu.Physical > 0 && cpu.Physical != cpu.Logical {
			parts = append(parts, plural(cpu.Physical, "core"))
		}
		if len(parts) > 0 {
			c.Got += " (" + strings.Join(parts, ", ") + ")"
		}
	}
	why := h.Why("cpu.logical")
	if _, ok := h.Missing["cpu.quota"]; ok && got == 0 {
		why = h.Why("cpu.quota")
	}
	c = compare(c, q, cpuCount, got, got > 0, why)
	if host := float64(cpu.Logical); got == 0 && host > 0 {
		// The limit is unknown, but it can only lower what the host has.
		c = atMost(c, q, cpuCount, host, fmt.Sprintf("%d logical on the host", cpu.Logical))
	}
	switch {
	case c.Verdict != Fail:
	case limited:
		c.Reason += fmt.Sprintf(": this process is limited to %s of the machine's %d", cpus(got), cpu.Logical)
		c = fixable(c, "raise the CPU limit of this container or cgroup (cpu.max / cpu.cfs_quota_us), or run kfit outside it")
	default:
		c = hardware(c)
	}
	return c
}
