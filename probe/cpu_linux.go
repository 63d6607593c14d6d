//go:build linux

package probe

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
)

// cpu reads /proc/cpuinfo once (processors, model, flags) and the CPU
// topology under /sys for the physical cores. kfit parses these itself
// rather than through gopsutil's cpu package, which reads cpuinfo once per
// question, a cpufreq file per CPU, and /proc/stat twice when it loads.
func (p prober) cpu(_ context.Context, h *Host) {
	var ci CPUInfo
	v, err := p.parseFile("/proc/cpuinfo", func(r io.Reader) (any, error) { return ParseCPUInfo(r) })
	if err == nil {
		ci = v.(CPUInfo)
	}
	h.CPU.Flags = ci.Flags
	if ci.Model != "" {
		h.CPU.Model = ci.Model
	} else {
		h.miss("cpu.model", orErr(err, "/proc/cpuinfo names no model"))
	}

	h.CPU.Logical = ci.Processors
	if h.CPU.Logical == 0 {
		n, serr := p.statCPUs()
		switch {
		case n > 0:
			h.CPU.Logical = n
		case err != nil && serr != nil:
			h.miss("cpu.logical", fmt.Errorf("%v; %v", err, serr))
		default:
			h.miss("cpu.logical", orErr(serr, "no processor in /proc/cpuinfo or /proc/stat"))
		}
	}

	h.CPU.Physical = p.topologyCores()
	if h.CPU.Physical == 0 {
		h.CPU.Physical = ci.Cores
	}
	if h.CPU.Physical == 0 {
		h.miss("cpu.physical", errors.New("neither the CPU topology in /sys nor /proc/cpuinfo names the cores"))
	}
}

// statCPUs counts the cpuN lines of /proc/stat, for kernels whose cpuinfo
// lists no processors. Its intr line can be very long, so lines are read
// in pieces and only their starts looked at.
func (p prober) statCPUs() (int, error) {
	v, err := p.parseFile("/proc/stat", func(r io.Reader) (any, error) {
		br := bufio.NewReader(bounded(r, maxCPUInfoBytes))
		n, start := 0, true
		for {
			line, more, err := br.ReadLine()
			if err == io.EOF {
				return n, nil
			}
			if err != nil {
				return n, err
			}
			if start && len(line) > 3 && string(line[:3]) == "cpu" && line[3] >= '0' && line[3] <= '9' {
				n++
			}
			start = !more
		}
	})
	if err != nil {
		return 0, err
	}
	return v.(int), nil
}

// topologyCores counts the distinct sibling lists of the CPUs under
// /sys/devices/system/cpu: one per physical core.
func (p prober) topologyCores() int {
	names, err := p.root.ReadDir("/sys/devices/system/cpu")
	if err != nil {
		return 0
	}
	for _, file := range []string{"core_cpus_list", "thread_siblings_list"} {
		lists := map[string]bool{}
		for _, name := range names {
			rest, ok := strings.CutPrefix(name, "cpu")
			if !ok || rest == "" || strings.Trim(rest, "0123456789") != "" {
				continue
			}
			if l, err := p.readLine("/sys/devices/system/cpu/" + name + "/topology/" + file); err == nil {
				lists[l] = true
			}
		}
		if len(lists) > 0 {
			return len(lists)
		}
	}
	return 0
}
