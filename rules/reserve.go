package rules

import (
	"fmt"
	"math"

	"github.com/kfit-dev/kfit/catalog"
	"github.com/kfit-dev/kfit/internal/units"
	"github.com/kfit-dev/kfit/probe"
)

// checkReserve asks that reserve bytes remain for the user's apps.
func checkReserve(h probe.Host, r catalog.Role, hr Headroom, reserve uint64) Check {
	want := float64(reserve)
	c := Check{ID: CheckReserve, Want: "≥ " + units.Bytes(want) + " left for apps (--reserve)", Source: hr.Source}
	osNote := ""
	if hr.OSUseBytes == nil {
		osNote = " (the OS's own use is unknown and not counted)"
	}
	switch {
	case hr.LeftBytes != nil:
		c.Got = units.Bytes(*hr.LeftBytes) + " left"
		detail := fmt.Sprintf("%s effective, less %s the OS uses and the role's %s footprint%s",
			units.Bytes(float64(h.Memory.EffectiveBytes)), units.Bytes(deref(hr.OSUseBytes)), units.Bytes(*hr.FootprintBytes), osNote)
		if *hr.LeftBytes >= want {
			c.Verdict, c.Reason = Pass, "leaves "+units.Bytes(*hr.LeftBytes)+": "+detail
		} else {
			c.Verdict = Fail
			c.Reason = fmt.Sprintf("leaves %s for apps, less than the %s asked: %s", units.Bytes(math.Max(0, *hr.LeftBytes)), units.Bytes(want), detail)
			c = hardware(c)
		}
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

// deref is a figure, or 0 when it is unknown.
func deref(p *float64) float64 {
	if p == nil {
		return 0
	}
	return *p
}
