package rules

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/kfit-dev/kfit/catalog"
	"github.com/kfit-dev/kfit/probe"
)

func checkPorts(h probe.Host, q *catalog.PortsReq) Check {
	c := Check{ID: CheckPorts, Source: q.Cite.URL}
	var want []string
	for _, p := range q.TCP {
		want = append(want, strconv.Itoa(p)+"/tcp")
	}
	for _, p := range q.UDP {
		want = append(want, strconv.Itoa(p)+"/udp")
	}
	c.Want = strings.Join(want, " ") + " free"
	if h.Ports == nil {
		c.Verdict, c.Got = Warn, "unknown"
		c.Reason = "the sockets in use are unknown: " + h.Why("ports")
		return c
	}
	var taken []string
	for _, w := range want {
		if slices.Contains(h.Ports.Listening, w) {
			taken = append(taken, w)
		}
	}
	if len(taken) == 0 {
		c.Verdict, c.Got, c.Reason = Pass, "all free", "none of its ports is in use"
		return c
	}
	c.Verdict, c.Got = Fail, "in use: "+strings.Join(taken, " ")
	c.Reason = strings.Join(taken, ", ") + " already in use (by another service, or by an installed Kubernetes)"
	port := strings.Split(taken[0], "/")[0]
	if family(h) == apk {
		// Alpine has BusyBox's netstat, and ss only with iproute2.
		return fixable(c, fmt.Sprintf("stop what listens there; find it with: sudo netstat -lntup | grep ':%s '", port))
	}
	return fixable(c, fmt.Sprintf("stop what listens there; find it with: sudo ss -lntup 'sport = :%s'", port))
}
