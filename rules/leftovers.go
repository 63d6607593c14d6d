package rules

import (
	"slices"
	"strings"

	"github.com/kfit-dev/kfit/probe"
)

func checkLeftovers(h probe.Host, s subject) Check {
	q := s.distro.Conditions.Leftovers
	c := Check{ID: CheckLeftovers, Want: "no earlier Kubernetes install", Source: q.Cite.URL}
	l := h.Leftovers
	if l == nil {
		c.Verdict, c.Got = Warn, "unknown"
		c.Reason = "whether an earlier install is left is unknown: " + h.Why("leftovers")
		return c
	}
	_, partial := h.Missing["leftovers.unread"]
	if len(l.Found) == 0 {
		c.Verdict, c.Got, c.Reason = Pass, "none", "none of the files or interfaces earlier installs leave is here"
		if partial {
			c.Verdict, c.Got = Warn, "unknown"
			c.Reason = "whether an earlier install is left is unknown: " + h.Why("leftovers.unread")
		}
		return c
	}
	var refused, own, others []string
	for _, f := range l.Found {
		switch {
		case slices.Contains(q.Refuses(s.role.Name), f.Path):
			refused = append(refused, f.Path)
		case f.Of == s.distro.ID:
			own = append(own, f.Path)
		default:
			others = append(others, f.Path+" ("+f.Of+")")
		}
	}
	c.Got = strings.Join(append(append(append([]string{}, refused...), own...), others...), ", ")
	switch {
	case len(refused) > 0:
		c.Verdict = Fail
		c.Reason = s.distro.Name + "'s own preflight refuses to install over " + strings.Join(refused, ", ")
		return fixable(c, q.Uninstall)
	case len(own) > 0:
		c.Verdict = verdictOf(q.Verdict)
		c.Reason = "an earlier " + s.distro.Name + " install is here (" + strings.Join(own, ", ") + "): a new one would start from its state"
		if partial {
			c.Reason += "; and some paths could not be read: " + h.Why("leftovers.unread")
		}
		return fixable(c, q.Uninstall)
	}
	c.Verdict = verdictOf(q.Verdict)
	c.Reason = "another install left " + strings.Join(others, ", ") + ": its network interfaces and configuration would mix with " + s.distro.Name + "'s"
	if partial {
		c.Reason += "; and some paths could not be read: " + h.Why("leftovers.unread")
	}
	return fixable(c, "remove the earlier install with its own uninstall command (k3s-uninstall.sh, k0s reset, kubeadm reset, snap remove microk8s), then reboot to drop its interfaces")
}
