package rules

import (
	"net/netip"
	"strings"

	"github.com/kfit-dev/kfit/catalog"
	"github.com/kfit-dev/kfit/probe"
)

// Conflict is a problem between machines of a fleet, which no check of one
// machine can see: two nodes with one name, machines cloned from one image.
type Conflict struct {
	Check  string   `json:"check"`
	Hosts  []string `json:"hosts"`
	Reason string   `json:"reason"`
	// Breaks is true when the conflict keeps the machines from forming a
	// cluster (kfit plan then exits 1); false for a warning.
	Breaks bool `json:"breaks"`
}

// Identities gathers, one machine at a time, what tells machines apart:
// the (lowercased) hostname and the machine-id. It keeps two short strings
// per machine.
type Identities struct {
	hostnames, machineIDs []string
	// networks are each machine's routed networks ("10.0.0.0/8 tun0"),
	// without a cluster's own interfaces.
	networks [][]string
}

// Add records a machine, in the order the fleet adds them.
func (ids *Identities) Add(h probe.Host) {
	id := ""
	if h.Identity != nil {
		id = h.Identity.MachineID
	}
	ids.hostnames = append(ids.hostnames, strings.ToLower(h.Hostname))
	ids.machineIDs = append(ids.machineIDs, id)
	var nets []string
	if h.Routes != nil {
		for _, n := range h.Routes.Networks {
			if _, link, _ := strings.Cut(n, " "); !ownLink(link) {
				nets = append(nets, n)
			}
		}
	}
	ids.networks = append(ids.networks, nets)
}

// Conflicts finds the machines that share a hostname (a node's name:
// the second one cannot register, or takes the first one's place) or a
// machine-id (cloned from one image), and, for each distribution of cat
// that gives its default networks, the machines whose own networks fall in
// the cluster's pod or service network, which every node routes into the
// cluster. names are the machines' names as the plan shows them, in the
// order they were added.
func (ids *Identities) Conflicts(names []string, cat *catalog.Catalog) []Conflict {
	out := []Conflict{}
	for _, k := range []struct {
		check  string
		values []string
		reason func(v string) string
		breaks bool
	}{
		{CheckHostname, ids.hostnames, func(v string) string {
			return "they are all named " + v + ": two nodes cannot have the same name (https://kubernetes.io/docs/concepts/architecture/nodes/#node-name-uniqueness); rename all but one, or give each a unique node name (k3s: --with-node-id)"
		}, true},
		{CheckIdentity, ids.machineIDs, func(v string) string {
			return "they share one machine-id (kfit compares a keyed hash of it, " + v[:min(8, len(v))] + "...), which should identify one host (" + machineIDSource + "): cloned from one image; run sudo rm -f /etc/machine-id && sudo systemd-machine-id-setup on each (and remove /etc/rancher/node/password if the image carried one)"
		}, false},
	} {
		groups := map[string][]int{}
		var order []string
		for i, v := range k.values {
			if v == "" || i >= len(names) {
				continue
			}
			if len(groups[v]) == 0 {
				order = append(order, v)
			}
			groups[v] = append(groups[v], i)
		}
		for _, v := range order {
			if len(groups[v]) < 2 {
				continue
			}
			c := Conflict{Check: k.check, Reason: k.reason(v), Breaks: k.breaks}
			for _, i := range groups[v] {
				c.Hosts = append(c.Hosts, names[i])
			}
			out = append(out, c)
		}
	}
	return append(out, ids.overlaps(names, cat)...)
}

// overlaps finds the machines whose networks fall in a planned
// distribution's default pod or service network.
func (ids *Identities) overlaps(names []string, cat *catalog.Catalog) []Conflict {
	var out []Conflict
	if cat == nil {
		return nil
	}
	for _, d := range cat.Distros {
		r := conditions(d).CIDR
		if r == nil {
			continue
		}
		for _, cidr := range []struct{ kind, net, flag string }{{"pod", r.Pod, r.PodFlag}, {"service", r.Service, r.ServiceFlag}} {
			cluster, err := netip.ParsePrefix(cidr.net)
			if err != nil {
				continue
			}
			for i, nets := range ids.networks {
				if i >= len(names) {
					break
				}
				for _, n := range nets {
					dst, link, _ := strings.Cut(n, " ")
					if p, err := netip.ParsePrefix(dst); err == nil && p.Overlaps(cluster) {
						out = append(out, Conflict{Check: CheckCIDR, Hosts: []string{names[i]},
							Reason: names[i] + "'s network " + dst + " (" + link + ") overlaps " + d.Name + "'s default " + cidr.kind + " network " + cidr.net +
								": every node would route it into the cluster, so the cluster's machines cannot reach " + names[i] + " there; choose another with " + cidr.flag})
						break
					}
				}
			}
		}
	}
	return out
}
