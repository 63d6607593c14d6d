package rules

import (
	"github.com/kfit-dev/kfit/probe"
)

// machineIDSource says what the machine-id is: "This ID uniquely
// identifies the host", set "during installation or boot".
const machineIDSource = "https://man7.org/linux/man-pages/man5/machine-id.5.html"

func checkIdentity(h probe.Host, s subject) Check {
	q := s.distro.Conditions.Identity
	c := Check{ID: CheckIdentity, Want: "a machine-id of its own, no node password from elsewhere", Source: q.Cite.URL}
	id := h.Identity
	if id == nil {
		c.Verdict, c.Got = Warn, "unknown"
		c.Reason = "the machine's identity is unknown: " + h.Why("identity")
		return c
	}
	installed := false // a node password beside its own install is no clone's
	if h.Leftovers != nil {
		for _, l := range h.Leftovers.Found {
			installed = installed || l.Of == s.distro.ID
		}
	}
	switch {
	case id.NodePassword && !installed:
		c.Verdict, c.Got = verdictOf(q.Verdict), "/etc/rancher/node/password"
		c.Reason = "a node password is here but no install of " + s.distro.Name + ": a cloned image carries another node's password, and the server rejects this node (\"Node password rejected\")"
		return fixable(c, "sudo rm /etc/rancher/node/password (a new one is made when the node joins)")
	case id.MachineIDState == "empty" || id.MachineIDState == "uninitialized" || id.MachineIDState == "absent":
		c.Verdict, c.Got, c.Source = Warn, "machine-id "+id.MachineIDState, machineIDSource
		c.Reason = "/etc/machine-id is " + id.MachineIDState + ": an image made to be cloned, and nodes booted from it look alike"
		if h.Runtime.Init == "systemd" {
			return fixable(c, "sudo rm -f /etc/machine-id && sudo systemd-machine-id-setup")
		}
		return fixable(c, "sudo dbus-uuidgen --ensure=/etc/machine-id")
	case id.MachineID == "":
		c.Verdict, c.Got = Warn, "unknown"
		c.Reason = "/etc/machine-id could not be read: " + h.Why("identity.machineId")
		return c
	}
	c.Verdict, c.Got, c.Reason = Pass, "machine-id set", "the machine has an identity of its own"
	return c
}
