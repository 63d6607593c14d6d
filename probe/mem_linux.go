package probe

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

type memStat struct{ Total, Available, SwapTotal uint64 }

// virtualMemory reads /proc/meminfo itself. (gopsutil, kept for Windows,
// also opens /proc/zoneinfo unchecked when MemAvailable is absent, and
// panics on a malformed one.)
func (p prober) virtualMemory() (memStat, error) {
	v, err := p.parseFile("/proc/meminfo", func(r io.Reader) (any, error) { return ParseMeminfo(r) })
	if err != nil {
		return memStat{}, err
	}
	return v.(memStat), nil
}

// ParseMeminfo reads MemTotal, MemAvailable and SwapTotal from
// /proc/meminfo ("MemTotal:  3920124 kB" lines). Kernels before 3.14 have
// no MemAvailable: available is then MemFree + Buffers + Cached, the
// estimate free(1) made before it. Kernel commit 34e431b0ae39, which added
// MemAvailable, says why it is rough: Cached includes shared memory, tmpfs
// and ramfs, which cannot be freed, and leaves out reclaimable slab. A
// MemAvailable of 0 (memory exhausted) is kept as 0.
func ParseMeminfo(r io.Reader) (memStat, error) {
	var m memStat
	var free, buffers, cached uint64
	fields := map[string]*uint64{"MemTotal": &m.Total, "MemAvailable": &m.Available, "SwapTotal": &m.SwapTotal,
		"MemFree": &free, "Buffers": &buffers, "Cached": &cached}
	sc := bufio.NewScanner(bounded(r, maxFileBytes))
	seen := map[string]bool{}
	for sc.Scan() && len(seen) < len(fields) {
		key, rest, ok := strings.Cut(sc.Text(), ":")
		dst := fields[key]
		if !ok || dst == nil {
			continue
		}
		f := strings.Fields(rest)
		if len(f) == 0 || len(f) > 2 || (len(f) == 2 && f[1] != "kB") {
			return memStat{}, fmt.Errorf("%s %s is not a number of kB", key, clip(strings.TrimSpace(rest), 40))
		}
		n, err := strconv.ParseUint(f[0], 10, 64)
		if err != nil || n > 1<<50 {
			return memStat{}, fmt.Errorf("%s %s is not a number of kB", key, clip(f[0], 40))
		}
		*dst = n * 1024
		seen[key] = true
	}
	if err := sc.Err(); err != nil {
		return memStat{}, err
	}
	if m.Total == 0 {
		return memStat{}, errors.New("no MemTotal")
	}
	if !seen["MemAvailable"] {
		m.Available = min(m.Total, free+buffers+cached)
	}
	return m, nil
}
