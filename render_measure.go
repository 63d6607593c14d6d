package main

import (
	"fmt"
	"strconv"

	"github.com/kfit-dev/kfit/probe"
)

// hostFactLines are the lines under a report's host line: CPU, memory,
// disk, the disk's measured sync latency (with --measure) and where kfit runs.
func hostFactLines(h probe.Host) []string {
	lines := []string{cpuLine(h), memoryLine(h), diskLine(h)}
	if l := fsyncLine(h); l != "" {
		lines = append(lines, l)
	}
	return append(lines, envLine(h))
}

// fsyncLine gives the measured fdatasync latency, or "" when not measured.
func fsyncLine(h probe.Host) string {
	f := h.Disk.Fsync
	if f == nil {
		return ""
	}
	s := fmt.Sprintf("Disk sync: fdatasync p99 %s ms, p50 %s ms, max %s ms (%d writes to %s in %s s",
		msText(f.P99Ms), msText(f.P50Ms), msText(f.MaxMs), f.Samples, f.Path, strconv.FormatFloat(f.Seconds, 'f', -1, 64))
	if f.TimeLimited {
		s += "; the time bound ended it"
	}
	return s + ")"
}

// msText prints a latency in milliseconds to three significant digits.
func msText(v float64) string {
	if v < 100 {
		return strconv.FormatFloat(v, 'g', 3, 64)
	}
	return strconv.FormatFloat(v, 'f', 0, 64)
}
