package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/kfit-dev/kfit/catalog"
	"github.com/kfit-dev/kfit/probe"
)

// checkArch matches Go architecture names; catalog entries "arm/v7" and
// "arm/v6" also need the ARM version, which the raw machine name gives
// (armv7l, armv6l). An ARMv7 machine runs ARMv6 code, not the other way round.
func checkArch(h probe.Host, l *catalog.List) Check {
	c := Check{ID: CheckArch, Want: strings.Join(l.Values, ", "), Source: l.Cite.URL, Got: h.OS.Arch}
	if h.OS.Machine != "" && h.OS.Machine != h.OS.Arch {
		c.Got += " (" + h.OS.Machine + ")"
	}
	if h.OS.Arch == "" {
		c.Verdict, c.Got = Warn, "unknown"
		c.Reason = "the architecture is unknown: " + h.Why("os.arch")
		return c
	}
	variantUnknown := false
	for _, want := range l.Values {
		arch, variant, hasVariant := strings.Cut(want, "/v")
		if arch != h.OS.Arch {
			continue
		}
		if !hasVariant {
			c.Verdict, c.Reason = Pass, h.OS.Arch+" is supported"
			return c
		}
		have := probe.ArmVariant(h.OS.Machine)
		need := int(variant[0] - '0')
		switch {
		case have == 0:
			variantUnknown = true
		case have >= need:
			c.Verdict, c.Reason = Pass, fmt.Sprintf("%s is supported (ARMv%d runs %s code)", h.OS.Arch, have, want)
			return c
		}
	}
	if variantUnknown {
		c.Verdict = Warn
		c.Reason = "a 32-bit ARM machine, but its ARM version is unknown; builds need " + c.Want
		return c
	}
	c.Verdict = Fail
	c.Reason = fmt.Sprintf("no build for %s; supported: %s", c.Got, c.Want)
	if ok, why := sixtyFourBitCapable(h); ok && (slices.Contains(l.Values, "amd64") || slices.Contains(l.Values, "arm64")) {
		c.Reason += "; this is a 32-bit OS, but " + why
		return fixable(c, "install the 64-bit version of the OS")
	}
	return hardware(c)
}

// sixtyFourBitCapable says whether a 32-bit kernel runs on a CPU that could
// run a 64-bit OS, with the evidence.
func sixtyFourBitCapable(h probe.Host) (bool, string) {
	switch h.OS.Arch {
	case "386":
		if slices.Contains(h.CPU.Flags, "lm") {
			return true, "its CPU has the lm (long mode) flag"
		}
	case "arm":
		for _, core := range []string{"Cortex-A35", "Cortex-A53", "Cortex-A55", "Cortex-A57", "Cortex-A72", "Cortex-A73", "Cortex-A75", "Cortex-A76", "Cortex-A78", "Neoverse"} {
			if strings.HasPrefix(h.CPU.Model, core) {
				return true, "its " + h.CPU.Model + " is an ARMv8 core"
			}
		}
	}
	return false, ""
}
