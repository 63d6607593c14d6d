package rules

import (
	"github.com/kfit-dev/kfit/catalog"
	"github.com/kfit-dev/kfit/probe"
)

func checkRoute(h probe.Host, q *catalog.Condition) Check {
	c := Check{ID: CheckRoute, Want: "a default route", Source: q.Cite.URL}
	switch {
	case h.Routes == nil:
		c.Verdict, c.Got = Warn, "unknown"
		c.Reason = "the routing table is unknown: " + h.Why("routes")
		return c
	case h.Routes.Default:
		c.Verdict, c.Got, c.Reason = Pass, "present", "the machine has a default route"
		return c
	}
	c.Verdict, c.Got = verdictOf(q.Verdict), "none"
	c.Reason = "no default route: the node's IP cannot be detected, and kube-proxy's ClusterIP routing does not work (air-gapped machines need one too)"
	return fixable(c, "add a default route; without a gateway a black-hole one on a dummy interface will do: sudo ip link add dummy0 type dummy && sudo ip link set dummy0 up && sudo ip addr add 203.0.113.254/31 dev dummy0 && sudo ip route add default via 203.0.113.255 metric 1000 (and make it permanent in your network configuration)")
}
