package rules

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/kfit-dev/kfit/catalog"
	"github.com/kfit-dev/kfit/probe"
)

func checkFirewall(h probe.Host, s subject) Check {
	q := s.distro.Conditions.Firewall
	c := Check{ID: CheckFirewall, Want: "no host firewall, or one open to the cluster's ports and networks", Source: q.Cite.URL}
	f := h.Firewall
	if f == nil {
		c.Verdict, c.Got = Warn, "unknown"
		c.Reason = "whether a firewall is on is unknown: " + h.Why("firewall")
		return c
	}
	if len(f.Active) == 0 && len(f.ForwardDrop) == 0 {
		c.Verdict, c.Got = Pass, "none on"
		c.Reason = "no ufw, firewalld or nftables firewall is turned on at boot, and no saved iptables rules drop forwarded packets"
		return c
	}
	var got []string
	got = append(got, f.Active...)
	for _, file := range f.ForwardDrop {
		got = append(got, "FORWARD DROP in "+file)
	}
	c.Got = strings.Join(got, ", ")
	tcp, udp, nets := openings(s)
	c.Verdict = verdictOf(q.Verdict)
	c.Reason = fmt.Sprintf("%s filters the traffic the cluster needs: %s must be open and %s trusted, or pods and services cannot reach each other",
		c.Got, orNone(strings.Join(append(portList(tcp, "tcp"), portList(udp, "udp")...), ", ")), orNone(strings.Join(nets, " and ")))
	var fix []string
	for _, fw := range f.Active {
		switch fw {
		case "ufw":
			var cmds []string
			for _, p := range portList(tcp, "tcp") {
				cmds = append(cmds, "sudo ufw allow "+p)
			}
			for _, p := range portList(udp, "udp") {
				cmds = append(cmds, "sudo ufw allow "+p)
			}
			for _, n := range nets {
				cmds = append(cmds, "sudo ufw allow from "+n+" to any")
			}
			fix = append(fix, strings.Join(cmds, " && "))
		case "firewalld":
			var cmds []string
			for _, p := range portList(tcp, "tcp") {
				cmds = append(cmds, "sudo firewall-cmd --permanent --add-port="+p)
			}
			for _, p := range portList(udp, "udp") {
				cmds = append(cmds, "sudo firewall-cmd --permanent --add-port="+p)
			}
			for _, n := range nets {
				cmds = append(cmds, "sudo firewall-cmd --permanent --zone=trusted --add-source="+n)
			}
			fix = append(fix, strings.Join(append(cmds, "sudo firewall-cmd --reload"), " && "))
		case "nftables":
			fix = append(fix, "accept those ports and networks in /etc/nftables.conf before its drop policy, then reload it")
		}
	}
	for _, file := range f.ForwardDrop {
		fix = append(fix, "accept forwarding for the pod and service networks in "+file+" (or change :FORWARD DROP to ACCEPT)")
	}
	return fixable(c, strings.Join(fix, "; "))
}

// openings are the ports a role listens on and the networks its pods and
// services use (when the catalog gives them).
func openings(s subject) (tcp, udp []int, nets []string) {
	if p := s.role.Ports; p != nil {
		tcp, udp = p.TCP, p.UDP
	}
	if r := s.distro.Conditions.CIDR; r != nil {
		for _, n := range []string{r.Pod, r.Service} {
			if n != "" {
				nets = append(nets, n)
			}
		}
	}
	return tcp, udp, nets
}

func portList(ports []int, proto string) []string {
	out := make([]string, len(ports))
	for i, p := range ports {
		out[i] = strconv.Itoa(p) + "/" + proto
	}
	return out
}

// conditions returns the distro's host conditions, or an empty set.
func conditions(d catalog.Distro) catalog.Conditions {
	if d.Conditions == nil {
		return catalog.Conditions{}
	}
	return *d.Conditions
}
