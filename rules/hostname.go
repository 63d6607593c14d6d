package rules

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/kfit-dev/kfit/probe"
)

// A node is named after the lowercased hostname: a DNS-1123 subdomain
// (Kubernetes object names), and the kubernetes.io/hostname label's value,
// which may hold at most 63 characters.
var dns1123 = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`)

const maxLabelValue = 63

func checkHostname(h probe.Host, s subject) Check {
	q := s.distro.Conditions.Hostname
	limit, limitSource := maxLabelValue, "a node's kubernetes.io/hostname label value holds (https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#syntax-and-character-set)"
	if q.MaxLength > 0 && slices.Contains(q.MaxRoles, s.role.Name) {
		limit, limitSource = q.MaxLength, s.distro.Name+" "+s.role.Name+" allows ("+q.Cite.URL+")"
	}
	c := Check{ID: CheckHostname, Want: fmt.Sprintf("a DNS-1123 name of at most %d characters", limit), Source: q.Cite.URL}
	if h.Hostname == "" {
		c.Verdict, c.Got = Warn, "unknown"
		c.Reason = "the hostname is unknown: " + h.Why("hostname")
		return c
	}
	c.Got = h.Hostname
	name := strings.ToLower(h.Hostname)
	var bad string
	switch {
	case len(name) > limit:
		bad = fmt.Sprintf("has %d characters, more than the %d %s", len(name), limit, limitSource)
	case !dns1123.MatchString(name):
		bad = "is not a DNS-1123 name (lower case letters, digits, '-' and '.', starting and ending with a letter or digit), so the node cannot register"
	}
	if bad != "" {
		c.Verdict = verdictOf(q.Verdict)
		c.Reason = "the hostname " + bad
		return fixable(c, setHostname(h, suggestName(name)))
	}
	if id := h.Identity; id != nil && id.Hosts != nil && !id.Hosts["localhost"] {
		c.Verdict = Warn
		c.Reason = "/etc/hosts does not map localhost, which the node's components dial"
		return fixable(c, "add the line '127.0.0.1 localhost' to /etc/hosts")
	}
	c.Verdict, c.Reason = Pass, "a valid node name"
	if name != h.Hostname {
		c.Reason += " once lowercased, as the kubelet does"
	}
	return c
}

// suggestName turns a hostname into a valid node name: invalid characters
// become '-', and it is cut to 63 characters.
func suggestName(name string) string {
	b := []byte(name)
	for i, ch := range b {
		if !(ch >= 'a' && ch <= 'z' || ch >= '0' && ch <= '9' || ch == '-' || ch == '.') {
			b[i] = '-'
		}
	}
	s := strings.Trim(string(b), "-.")
	if len(s) > maxLabelValue {
		s = strings.TrimRight(s[:maxLabelValue], "-.")
	}
	if s == "" {
		s = "node-1"
	}
	return s
}

// setHostname says how to rename the machine, by its init system.
func setHostname(h probe.Host, name string) string {
	if h.Runtime.Init == "systemd" {
		return "sudo hostnamectl set-hostname " + name + " (and update /etc/hosts)"
	}
	return "write " + name + " to /etc/hostname, update /etc/hosts, then reboot"
}
