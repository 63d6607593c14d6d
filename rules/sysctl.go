package rules

import (
	"github.com/kfit-dev/kfit/catalog"
	"github.com/kfit-dev/kfit/probe"
)

func checkSysctl(h probe.Host, q *catalog.Condition) Check {
	c := Check{ID: CheckSysctl, Want: probe.SysctlIPForward + " = 1", Source: q.Cite.URL}
	v, why := sysctlInt(h, probe.SysctlIPForward)
	if why != "" {
		c.Verdict, c.Got = Warn, "unknown"
		c.Reason = "IPv4 forwarding is unknown: " + why
		return c
	}
	const fix = "echo 'net.ipv4.ip_forward = 1' | sudo tee /etc/sysctl.d/99-kubernetes.conf && sudo sysctl --system"
	var boot *probe.SysctlSetting
	if h.Sysctl.AtBoot != nil {
		if b, ok := h.Sysctl.AtBoot[probe.SysctlIPForward]; ok && b.Value == "0" {
			boot = &b
		}
	}
	if v != 1 {
		c.Verdict, c.Got = verdictOf(q.Verdict), probe.SysctlIPForward+" = 0"
		c.Reason = "IPv4 forwarding is off: the node cannot route pod traffic"
		if boot != nil {
			c.Reason += ", and " + boot.File + " turns it off at boot"
			return fixable(c, "remove net.ipv4.ip_forward = 0 from "+boot.File+", then "+fix)
		}
		return fixable(c, fix)
	}
	if boot != nil {
		c.Verdict, c.Got = Warn, "1 now, 0 at boot ("+boot.File+")"
		c.Reason = boot.File + " turns IPv4 forwarding off at boot: the node breaks at its next reboot"
		return fixable(c, "remove net.ipv4.ip_forward = 0 from "+boot.File)
	}
	c.Verdict, c.Got, c.Reason = Pass, probe.SysctlIPForward+" = 1", "IPv4 forwarding is on"
	return c
}
