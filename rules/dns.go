package rules

import (
	"strings"

	"github.com/kfit-dev/kfit/catalog"
	"github.com/kfit-dev/kfit/probe"
)

func checkDNS(h probe.Host, q *catalog.DNSCond) Check {
	c := Check{ID: CheckDNS, Want: "a nameserver beyond this machine", Source: q.Cite.URL}
	d := h.DNS
	if d == nil {
		c.Verdict, c.Got = Warn, "unknown"
		c.Reason = "the resolver configuration is unknown: " + h.Why("dns")
		return c
	}
	var local []string
	for _, s := range d.Nameservers {
		if !probe.GlobalUnicast(s) {
			local = append(local, s)
		}
	}
	c.Got = orNone(strings.Join(d.Nameservers, ", ")) + " in " + d.ResolvConf
	if len(d.Nameservers) > 0 && len(local) == 0 {
		c.Verdict, c.Reason = Pass, "every nameserver is an address pods can reach"
		return c
	}
	what := "no nameserver"
	if len(local) > 0 {
		what = "the loopback or link-local nameserver " + strings.Join(local, ", ")
	}
	if len(d.Upstream) > 0 && allGlobal(d.Upstream) {
		c.Verdict = Pass
		c.Reason = d.ResolvConf + " names " + what + ", but systemd-resolved's /run/systemd/resolve/resolv.conf lists " +
			strings.Join(d.Upstream, ", ") + ", which the kubelet is given instead"
		return c
	}
	c.Verdict = verdictOf(q.Verdict)
	c.Reason = d.ResolvConf + " names " + what + " and there is no upstream list (/run/systemd/resolve/resolv.conf): "
	if c.Verdict == Fail {
		c.Reason += "pods' DNS (CoreDNS) would forward to itself, detect the loop and halt"
	} else {
		c.Reason += "the distribution falls back to a public resolver (8.8.8.8), which does not know your local names and fails where it is blocked"
	}
	return fixable(c, "write a resolv.conf that names your real DNS servers (your router's, your network's) and pass it with "+q.Setting)
}

func allGlobal(servers []string) bool {
	for _, s := range servers {
		if !probe.GlobalUnicast(s) {
			return false
		}
	}
	return true
}
