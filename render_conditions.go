package main

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/kfit-dev/kfit/catalog"
)

// conditionsText lists each distribution's host conditions in `kfit
// catalog`: the check, its verdict where the condition holds, and the key
// of its source (listed under Sources).
func conditionsText(w io.Writer, cat *catalog.Catalog) {
	var lines []string
	for _, d := range cat.Distros {
		c := d.Conditions
		if c == nil {
			continue
		}
		var items []string
		add := func(id string, q *catalog.Condition, detail string) {
			if q != nil {
				items = append(items, fmt.Sprintf("%s %s%s (%s)", id, q.Verdict, detail, q.Source))
			}
		}
		if c.DNS != nil {
			add("dns", &c.DNS.Condition, "")
		}
		add("firewall", c.Firewall, "")
		if n := c.Hostname; n != nil {
			detail := ""
			if n.MaxLength > 0 {
				detail = fmt.Sprintf(", at most %d characters for %s", n.MaxLength, strings.Join(n.MaxRoles, ", "))
			}
			add("hostname", &n.Condition, detail)
		}
		if l := c.Leftovers; l != nil {
			refuse := ""
			if len(l.Refuse) > 0 {
				refuse = ", fail on " + strings.Join(l.Refuse, " ")
			}
			for _, role := range slices.Sorted(maps.Keys(l.RefuseByRole)) {
				refuse += ", fail for " + role + " on " + strings.Join(l.RefuseByRole[role], " ")
			}
			add("leftovers", &l.Condition, refuse)
		}
		add("apparmor", c.AppArmor, "")
		if c.Inotify != nil {
			add("inotify", &c.Inotify.Condition, fmt.Sprintf(" below %d instances or %d watches", c.Inotify.Instances, c.Inotify.Watches))
		}
		add("sysctl", c.Sysctl, "")
		add("identity", c.Identity, "")
		if r := c.CIDR; r != nil {
			items = append(items, fmt.Sprintf("cidr warn: pods %s, services %s (%s)", orDash(r.Pod), orDash(r.Service), r.Source))
		}
		add("route", c.Route, "")
		add("container", c.Container, "")
		add("filesystem", c.Filesystem, "")
		add("kernel-modules", c.KernelModules, "")
		add("selinux", c.SELinux, "")
		add("docker-access", c.DockerAccess, "")
		add("proxy", c.Proxy, "")
		lines = append(lines, fmt.Sprintf("  %s: %s", safe(d.ID), safe(strings.Join(items, "; "))))
	}
	if len(lines) == 0 {
		return
	}
	fmt.Fprintln(w, "\nHost conditions (the verdict where the condition holds, and its source):")
	for _, l := range lines {
		fmt.Fprintln(w, l)
	}
	fmt.Fprintln(w, "  every role but Talos's: time warn (the clock is not synchronised)")
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
