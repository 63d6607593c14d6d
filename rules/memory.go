package rules

import (
	"fmt"
	"strings"

	"github.com/kfit-dev/kfit/catalog"
	"github.com/kfit-dev/kfit/internal/units"
	"github.com/kfit-dev/kfit/probe"
)

// installedMemory is what the memory check counts: the effective memory.
var installedMemory = measure{noun: "installed memory", unit: "bytes", format: units.Bytes}

func checkMemory(h probe.Host, q *catalog.Requirement) Check {
	c := Check{ID: CheckMemory, Got: "unknown"}
	m := h.Memory
	got := float64(m.EffectiveBytes)
	limited := m.LimitBytes > 0 && m.LimitBytes == m.EffectiveBytes && m.LimitBytes < m.InstalledBytes
	switch {
	case limited:
		c.Got = units.Bytes(got) + " cgroup limit (host: " + units.Bytes(float64(m.InstalledBytes)) + " installed)"
	case got > 0:
		c.Got = units.Bytes(got) + " installed"
		if m.TotalBytes > 0 && m.TotalBytes != m.InstalledBytes {
			c.Got += " (MemTotal " + units.Bytes(float64(m.TotalBytes)) + ")"
		}
	}
	why := h.Why("memory.installed")
	if _, ok := h.Missing["memory"]; ok {
		why = h.Why("memory")
	} else if _, ok := h.Missing["memory.limit"]; ok && got == 0 {
		why = h.Why("memory.limit")
	}
	c = compare(c, q, installedMemory, got, got > 0, why)
	if host := float64(m.InstalledBytes); got == 0 && host > 0 {
		// The limit is unknown, but it can only lower what the host has.
		c = atMost(c, q, installedMemory, host, units.Bytes(host)+" installed on the host")
	}
	switch {
	case c.Verdict != Fail:
	case limited:
		c.Reason += fmt.Sprintf(": the host has %s, but this container or cgroup is limited to %s", units.Bytes(float64(m.InstalledBytes)), units.Bytes(got))
		c = fixable(c, "raise the memory limit of this container or cgroup (memory.max / memory.limit_in_bytes), or run kfit outside it")
	default:
		c = hardware(c)
	}
	if q != nil && q.MinOfMemTotal {
		// The distribution's preflight holds MemTotal, what is left after
		// firmware and the kernel, to the minimum: judge it as it will.
		c.Want = strings.Replace(c.Want, "≥ ", "MemTotal ≥ ", 1)
		total := float64(m.TotalBytes)
		switch {
		case c.Verdict == Fail || got == 0:
			// already failing on the installed RAM, or nothing is known
		case total == 0 && c.Verdict == Pass:
			c.Verdict, c.Source = Warn, q.MinOfCite.URL
			c.Reason = "MemTotal is unknown, and its preflight holds MemTotal to the " + units.Spaced(q.Min) + " minimum: " + h.Why("memory")
		case total > 0 && total < q.MinValue:
			c.Verdict, c.Source = Fail, q.MinOfCite.URL
			c.Reason = fmt.Sprintf("its preflight needs a MemTotal of %s, has %s (of %s installed)", units.Spaced(q.Min), units.Bytes(total), units.Bytes(float64(m.InstalledBytes)))
			c = hardware(c)
		case total > 0 && q.RecommendedSource == "" && total < q.RecommendedValue && c.Verdict == Pass:
			// The same preflight warns below its recommendation.
			c.Verdict, c.Source = Warn, q.MinOfCite.URL
			c.Reason = fmt.Sprintf("its preflight warns below a MemTotal of %s, has %s", units.Spaced(q.Recommended), units.Bytes(total))
		}
	}
	return c
}
