package rules

import (
	"fmt"
	"math"

	"github.com/kfit-dev/kfit/catalog"
	"github.com/kfit-dev/kfit/internal/units"
	"github.com/kfit-dev/kfit/probe"
)

// reserveApplies says whether the reserve check runs for a role: when
// --reserve asks for memory, and, without it, when the role would leave
// less than nothing, so that a role never fits with negative memory left.
func reserveApplies(hr Headroom, reserve uint64) bool {
	return reserve > 0 || (hr.LeftBytes != nil && *hr.LeftBytes < 0) || (hr.LeftAtMostBytes != nil && *hr.LeftAtMostBytes < 0)
}

// checkReserve asks that reserve bytes remain for the user's apps; with no
// reserve asked, that the role leaves anything at all.
func checkReserve(h probe.Host, r catalog.Role, hr Headroom, reserve uint64) Check {
	want := float64(reserve)
	c := Check{ID: CheckReserve, Want: "≥ " + units.Bytes(want) + " left for apps (--reserve)", Source: hr.Source}
	if reserve == 0 {
		c.Want = "memory left for workloads"
	}
	osNote, user := "", "the OS uses"
	if hr.OSUseBytes == nil {
		osNote = " (the OS's own use is unknown and not counted)"
	}
	if hr.OSUseFrom == OSUseCgroup {
		user = "this container or cgroup uses"
	}
	switch {
	case hr.LeftBytes != nil:
		c.Got = units.Bytes(*hr.LeftBytes) + " left"
		detail := fmt.Sprintf("%s effective, less %s %s and the role's %s footprint",
			units.Bytes(float64(h.Memory.EffectiveBytes)), units.Bytes(deref(hr.OSUseBytes)), user, units.Bytes(*hr.FootprintBytes))
		if osNote != "" {
			detail = fmt.Sprintf("%s effective, less the role's %s footprint%s",
				units.Bytes(float64(h.Memory.EffectiveBytes)), units.Bytes(*hr.FootprintBytes), osNote)
		}
		switch {
		case *hr.LeftBytes >= want:
			c.Verdict, c.Reason = Pass, "leaves "+units.Bytes(*hr.LeftBytes)+": "+detail
		case reserve == 0:
			c.Verdict = Fail
			c.Reason = fmt.Sprintf("leaves nothing for workloads, %s short: %s", units.Bytes(-*hr.LeftBytes), detail)
			c = shortFix(h, c)
		default:
			c.Verdict = Fail
			c.Reason = fmt.Sprintf("leaves %s for apps, less than the %s asked: %s", units.Bytes(math.Max(0, *hr.LeftBytes)), units.Bytes(want), detail)
			c = shortFix(h, c)
		}
	case hr.LeftAtMostBytes != nil && *hr.LeftAtMostBytes < want:
		// No footprint, but even its lower bound leaves too little.
		c.Verdict, c.Got = Fail, "at most "+units.Bytes(math.Max(0, *hr.LeftAtMostBytes))+" left"
		detail := fmt.Sprintf("%s effective, less %s %s and at least %s for the role (%s)",
			units.Bytes(float64(h.Memory.EffectiveBytes)), units.Bytes(deref(hr.OSUseBytes)), user, units.Bytes(r.Footprint.AtLeastBytes), hr.Footprint)
		if reserve == 0 {
			c.Reason = "leaves nothing for workloads: " + detail
		} else {
			c.Reason = fmt.Sprintf("leaves at most %s for apps, less than the %s asked: %s", units.Bytes(math.Max(0, *hr.LeftAtMostBytes)), units.Bytes(want), detail)
		}
		c = shortFix(h, c)
	case hr.FootprintBytes != nil && h.Memory.EffectiveBytes > 0:
		// A footprint and the memory are known, but not what is in use
		// under the cgroup limit.
		c.Verdict, c.Got = Warn, "unknown"
		c.Reason = "the memory this container or cgroup already uses is unknown: " + h.Why("memory.cgroupUsage")
	case h.Memory.EffectiveBytes == 0:
		why := h.Why("memory")
		if _, ok := h.Missing["memory.limit"]; ok {
			why = h.Why("memory.limit")
		}
		c.Verdict, c.Got, c.Reason = Warn, "unknown", "the memory is unknown: "+why
	default:
		c.Verdict, c.Got = Warn, "unknown"
		c.Reason = "no published footprint for this role (" + hr.Footprint + ")"
		if r.Memory != nil && r.Memory.MinValue > 0 {
			guess := float64(h.Memory.EffectiveBytes) - deref(hr.OSUseBytes) - r.Memory.MinValue
			c.Reason += fmt.Sprintf("; were it as small as its %s minimum, %s would be left", units.Spaced(r.Memory.Min), units.Bytes(math.Max(0, guess)))
		}
	}
	return c
}

// shortFix says what frees memory: under a cgroup limit, raising it (or
// stopping what runs in it); elsewhere RAM, which upgrade then sizes.
func shortFix(h probe.Host, c Check) Check {
	if cgroupLimited(h.Memory) {
		return fixable(c, "raise the memory limit of this container or cgroup (memory.max / memory.limit_in_bytes), or stop what uses memory in it")
	}
	return hardware(c)
}

// deref is a figure, or 0 when it is unknown.
func deref(p *float64) float64 {
	if p == nil {
		return 0
	}
	return *p
}
