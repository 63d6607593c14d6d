package rules

import (
	"strings"

	"github.com/kfit-dev/kfit/probe"
)

func checkSELinux(h probe.Host, s subject) Check {
	q := s.distro.Conditions.SELinux
	need := []string{"container"}
	if s.distro.ID == "k3s" || s.distro.ID == "rke2" {
		need = append(need, s.distro.ID)
	}
	c := Check{ID: CheckSELinux, Want: "SELinux off or permissive, or the " + strings.Join(need, " and ") + " policy modules", Source: q.Cite.URL}
	se := h.SELinux
	switch {
	case se == nil:
		c.Verdict, c.Got = Warn, "unknown"
		c.Reason = "the SELinux mode is unknown: " + h.Why("selinux")
		return c
	case se.Mode != "enforcing":
		c.Verdict, c.Got, c.Reason = Pass, se.Mode, "SELinux does not enforce"
		return c
	case se.Modules == nil:
		c.Verdict, c.Got = Warn, "enforcing"
		c.Reason = "SELinux enforces, and whether its container policies are installed is unknown: " + h.Why("selinux.modules") + " (run kfit as root to read the policy store)"
		return c
	}
	var missing []string
	for _, m := range need {
		if !se.Modules[m] {
			missing = append(missing, m)
		}
	}
	c.Got = "enforcing (" + orUnknown(se.Policy) + ")"
	if len(missing) == 0 {
		c.Verdict, c.Reason = Pass, "SELinux enforces and the "+strings.Join(need, " and ")+" policy modules are installed"
		return c
	}
	c.Verdict = verdictOf(q.Verdict)
	c.Reason = "SELinux enforces but the " + strings.Join(missing, " and ") + " policy modules are missing: the distribution's containers and files are denied"
	pkgs := make([]string, len(missing))
	for i, m := range missing {
		pkgs[i] = m + "-selinux"
	}
	fix := install(h, map[string]string{dnf: "sudo dnf install -y " + strings.Join(pkgs, " "), zypper: "sudo zypper install " + strings.Join(pkgs, " ")})
	if fix == "" {
		fix = "install the " + strings.Join(pkgs, " and ") + " packages"
	}
	if last := missing[len(missing)-1]; last == "k3s" || last == "rke2" {
		fix += " (" + last + "-selinux comes from https://rpm.rancher.io)"
	}
	return fixable(c, fix)
}
