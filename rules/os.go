package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/kfit-dev/kfit/catalog"
	"github.com/kfit-dev/kfit/probe"
)

// checkOS matches the OS name (Go's GOOS), and for roles that name Linux
// distributions (MicroShift: RHEL) the os-release id. A distribution that
// replaces the OS (Talos) passes: only the hardware matters.
func checkOS(h probe.Host, d catalog.Distro, r catalog.Role) Check {
	c := checkOSName(h, r.OS)
	if d.ReplacesOS {
		if k := h.Environment.Kind; c.Verdict == Pass && (k == probe.EnvContainer || k == probe.EnvWSL) {
			// The facts are a container's or WSL's, not the machine's.
			c.Verdict = Fail
			c.Reason = d.Name + " installs in place of the machine's operating system; kfit judges it only from that OS, not from a " + map[string]string{probe.EnvContainer: "container", probe.EnvWSL: "WSL"}[k] + ": run kfit on the machine itself"
			c.Want = strings.Join(r.OS.Values, ", ") + " now, on the machine itself (it replaces the OS)"
			return fixable(c, "run kfit on the machine itself (outside the "+map[string]string{probe.EnvContainer: "container", probe.EnvWSL: "WSL"}[k]+")")
		}
		if c.Verdict != Pass {
			// Installed in place of the OS: judged only where it installs.
			c.Want = strings.Join(r.OS.Values, ", ") + " now (it replaces the OS)"
			c.Reason = d.Name + " installs in place of the operating system; kfit judges it only on a machine that runs " + strings.Join(r.OS.Values, " or ") + " now: " + c.Reason
			return c
		}
		return Check{ID: CheckOS, Verdict: Pass, Got: c.Got, Want: c.Want + " now (it replaces the OS)", Source: r.OS.Cite.URL,
			Reason: d.Name + " replaces the operating system, so only the hardware matters"}
	}
	return checkOSID(h, c, r.OSIDs)
}

// checkOSID narrows an OS check to the Linux distributions a role names.
func checkOSID(h probe.Host, c Check, ids *catalog.List) Check {
	if ids == nil || c.Verdict == Fail {
		return c
	}
	c.Want += " (" + strings.Join(ids.Values, ", ") + ")"
	var have []string
	if h.OS.ID != "" {
		have = append([]string{h.OS.ID}, strings.Fields(h.OS.IDLike)...)
	}
	switch {
	case len(have) == 0:
		if c.Verdict == Pass {
			c.Verdict, c.Source = Warn, ids.Cite.URL
			c.Reason = "the Linux distribution is unknown: " + h.Why("os.id")
		}
	case slices.ContainsFunc(have, func(id string) bool { return slices.Contains(ids.Values, id) }):
		c.Reason += ", " + h.OS.ID + " is supported"
	default:
		c.Verdict, c.Source = Fail, ids.Cite.URL
		c.Reason = fmt.Sprintf("runs on %s only, not %s", strings.Join(ids.Values, ", "), h.OS.ID)
		c = fixable(c, "install "+strings.Join(ids.Values, " or ")+" on this machine")
	}
	return c
}

// checkOSName matches the OS name (Go's GOOS) against the role's list.
func checkOSName(h probe.Host, l *catalog.List) Check {
	c := Check{ID: CheckOS, Want: strings.Join(l.Values, ", "), Source: l.Cite.URL, Got: h.OS.Name}
	switch {
	case h.OS.Name == "":
		c.Verdict, c.Got = Warn, "unknown"
		c.Reason = "the operating system is unknown: " + h.Why("os.name")
	case slices.Contains(l.Values, h.OS.Name):
		c.Verdict, c.Reason = Pass, h.OS.Name+" is supported"
	default:
		c.Verdict = Fail
		c.Reason = fmt.Sprintf("runs on %s, not %s", c.Want, h.OS.Name)
		if h.OS.Name != "linux" {
			c.Reason += " (it needs a Linux machine or VM)"
		}
		c = hardware(c)
	}
	if h.OS.PrettyName != "" {
		c.Got += " (" + h.OS.PrettyName + ")"
	}
	return c
}
