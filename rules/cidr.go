package rules

import (
	"net/netip"
	"strings"

	"github.com/kfit-dev/kfit/catalog"
	"github.com/kfit-dev/kfit/probe"
)

// clusterLinks are interfaces a cluster's own network makes: their routes
// are the cluster's, not the host's (the leftovers check reports them).
var clusterLinks = []string{"cni0", "flannel", "cali", "cilium_", "kube-", "vxlan.calico", "tunl0", "weave", "vxlan-v6.calico"}

func checkCIDR(h probe.Host, q *catalog.CIDRCond) Check {
	var ranges, flags []string
	for _, r := range []struct{ net, flag string }{{q.Pod, q.PodFlag}, {q.Service, q.ServiceFlag}} {
		if r.net != "" {
			ranges, flags = append(ranges, r.net), append(flags, r.flag)
		}
	}
	c := Check{ID: CheckCIDR, Want: "no host network inside " + strings.Join(ranges, " or "), Source: q.Cite.URL}
	if h.Routes == nil {
		c.Verdict, c.Got = Warn, "unknown"
		c.Reason = "the host's networks are unknown: " + h.Why("routes")
		return c
	}
	var hits []string
	for _, n := range h.Routes.Networks {
		dst, link, _ := strings.Cut(n, " ")
		if ownLink(link) {
			continue
		}
		pfx, err := netip.ParsePrefix(dst)
		if err != nil {
			continue
		}
		for _, r := range ranges {
			if cluster := netip.MustParsePrefix(r); cluster.Overlaps(pfx) {
				hits = append(hits, dst+" on "+link+" overlaps "+r)
			}
		}
	}
	if len(hits) == 0 {
		c.Verdict, c.Got = Pass, "no overlap"
		c.Reason = "none of the host's " + plural(len(h.Routes.Networks), "network") + " is inside the default pod or service networks"
		return c
	}
	c.Verdict, c.Got = Warn, strings.Join(hits, "; ")
	c.Reason = "a host network overlaps the default cluster networks: pods would send that network's traffic into the cluster, and the host may lose it"
	return fixable(c, "choose other networks at install: "+strings.Join(flags, "; "))
}

func ownLink(link string) bool {
	for _, p := range clusterLinks {
		if strings.HasPrefix(link, p) {
			return true
		}
	}
	return false
}
