package rules

import (
	"net/netip"
	"strings"

	"github.com/kfit-dev/kfit/probe"
)

func checkProxy(h probe.Host, s subject) Check {
	q := s.distro.Conditions.Proxy
	var ranges []string
	if r := s.distro.Conditions.CIDR; r != nil {
		for _, n := range []string{r.Pod, r.Service} {
			if n != "" {
				ranges = append(ranges, n)
			}
		}
	}
	c := Check{ID: CheckProxy, Want: "no proxy, or NO_PROXY covering " + orNone(strings.Join(ranges, " and ")), Source: q.Cite.URL}
	px := h.Proxy
	if px == nil {
		c.Verdict, c.Got = Warn, "unknown"
		c.Reason = "the proxy settings are unknown: " + h.Why("proxy")
		return c
	}
	proxy := px.HTTPSProxy
	if proxy == "" {
		proxy = px.HTTPProxy
	}
	if proxy == "" {
		c.Verdict, c.Got, c.Reason = Pass, "none", "no HTTP(S) proxy is set ("+px.From+")"
		return c
	}
	c.Got = proxy + ", NO_PROXY " + orNone(px.NoProxy) + " (" + px.From + ")"
	var uncovered []string
	for _, r := range ranges {
		if !noProxyCovers(px.NoProxy, netip.MustParsePrefix(r)) {
			uncovered = append(uncovered, r)
		}
	}
	if len(uncovered) == 0 {
		c.Verdict, c.Reason = Pass, "the proxy is bypassed for the cluster's networks"
		return c
	}
	c.Verdict = verdictOf(q.Verdict)
	c.Reason = "a proxy is set and NO_PROXY does not cover " + strings.Join(uncovered, " and ") + ": the API server and kubelets would send cluster traffic through the proxy"
	where := "where the proxy is set"
	if px.From == "/etc/environment" {
		where = "in /etc/environment"
	}
	return fixable(c, "add "+strings.Join(uncovered, ",")+" and your nodes' network to NO_PROXY and no_proxy "+where)
}

// noProxyCovers says whether a NO_PROXY list bypasses the proxy for a whole
// network: "*", or a CIDR entry that holds it.
func noProxyCovers(list string, network netip.Prefix) bool {
	for _, e := range strings.Split(list, ",") {
		e = strings.TrimSpace(e)
		if e == "*" {
			return true
		}
		if p, err := netip.ParsePrefix(e); err == nil && p.Bits() <= network.Bits() && p.Contains(network.Addr()) {
			return true
		}
	}
	return false
}
