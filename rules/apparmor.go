package rules

import (
	"github.com/kfit-dev/kfit/catalog"
	"github.com/kfit-dev/kfit/probe"
)

func checkAppArmor(h probe.Host, q *catalog.Condition) Check {
	c := Check{ID: CheckAppArmor, Want: "apparmor_parser where AppArmor is on", Source: q.Cite.URL}
	a := h.AppArmor
	switch {
	case a == nil:
		c.Verdict, c.Got = Warn, "unknown"
		c.Reason = "whether the kernel enforces AppArmor is unknown: " + h.Why("apparmor")
		return c
	case !a.Enabled:
		c.Verdict, c.Got, c.Reason = Pass, "AppArmor off", "the kernel does not enforce AppArmor"
		return c
	case a.Parser != "":
		c.Verdict, c.Got, c.Reason = Pass, "AppArmor on, "+a.Parser, "AppArmor is on and its profile loader is installed"
		return c
	}
	c.Verdict, c.Got = verdictOf(q.Verdict), "AppArmor on, no apparmor_parser"
	c.Reason = "the kernel enforces AppArmor but apparmor_parser is missing: containerd cannot load the default profile, and every pod fails to start"
	fix := install(h, map[string]string{apt: "sudo apt install apparmor", zypper: "sudo zypper install apparmor-parser", pacman: "sudo pacman -S apparmor", apk: "sudo apk add apparmor"})
	if fix == "" {
		fix = "install the package that provides apparmor_parser"
	}
	return fixable(c, fix)
}
