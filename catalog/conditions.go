package catalog

import (
	"fmt"
	"maps"
	"net/netip"
	"path"
	"reflect"
	"slices"
)

// Conditions are the host conditions that break a distribution's installs
// although no requirement lists them (a loopback resolver, an active
// firewall, an earlier install, ...), as far as its docs or code say what
// they mean for it. A condition the distribution's sources do not speak of
// is left out, and its check does not apply.
type Conditions struct {
	// DNS: /etc/resolv.conf names only loopback or link-local servers.
	DNS *DNSCond `yaml:"dns,omitempty" json:"dns,omitempty"`
	// Firewall: a host firewall (ufw, firewalld, nftables) is on, or saved
	// rules drop forwarded packets.
	Firewall *Condition `yaml:"firewall,omitempty" json:"firewall,omitempty"`
	// Hostname: the host name is no valid node name.
	Hostname *HostnameCond `yaml:"hostname,omitempty" json:"hostname,omitempty"`
	// Leftovers: files and interfaces of an earlier install.
	Leftovers *LeftoversCond `yaml:"leftovers,omitempty" json:"leftovers,omitempty"`
	// AppArmor: the kernel enforces AppArmor but apparmor_parser is missing.
	AppArmor *Condition `yaml:"apparmor,omitempty" json:"apparmor,omitempty"`
	// Inotify: the inotify limits are below what the distribution asks.
	Inotify *InotifyCond `yaml:"inotify,omitempty" json:"inotify,omitempty"`
	// Sysctl: IPv4 forwarding is off, or set off at boot.
	Sysctl *Condition `yaml:"sysctl,omitempty" json:"sysctl,omitempty"`
	// Identity: an empty or uninitialised machine-id, or a node password
	// left in a cloned image.
	Identity *Condition `yaml:"identity,omitempty" json:"identity,omitempty"`
	// CIDR is the distribution's default pod and service networks and the
	// settings that change them: a host network inside them breaks routing.
	CIDR *CIDRCond `yaml:"cidr,omitempty" json:"cidr,omitempty"`
	// Route: no default route.
	Route *Condition `yaml:"route,omitempty" json:"route,omitempty"`
	// Container: inside a container that lacks what a kubelet opens
	// (/dev/kmsg).
	Container *Condition `yaml:"container,omitempty" json:"container,omitempty"`
	// Filesystem: the data directory on a filesystem container layers
	// cannot live on (NFS, FUSE, tmpfs, overlay, ZFS before 2.2), or
	// mounted noexec or read-only.
	Filesystem *Condition `yaml:"filesystem,omitempty" json:"filesystem,omitempty"`
	// KernelModules: a required kernel option built as a module whose
	// file is not installed, or no module tree for the running kernel.
	KernelModules *Condition `yaml:"kernelModules,omitempty" json:"kernelModules,omitempty"`
	// SELinux: SELinux enforces without the container policy modules (and
	// k3s's or RKE2's own).
	SELinux *Condition `yaml:"selinux,omitempty" json:"selinux,omitempty"`
	// DockerAccess: the user cannot use the Docker daemon without sudo,
	// or is root where the docker driver refuses it.
	DockerAccess *Condition `yaml:"dockerAccess,omitempty" json:"dockerAccess,omitempty"`
	// Proxy: an HTTP(S) proxy is set and NO_PROXY does not cover the
	// cluster's networks (the cidr condition's).
	Proxy *Condition `yaml:"proxy,omitempty" json:"proxy,omitempty"`
}

// Condition says what a host condition means for a distribution: "fail"
// where its own code or docs refuse or break, "warn" otherwise.
type Condition struct {
	Verdict string `yaml:"verdict" json:"verdict"`
	Cited   `yaml:",inline"`
}

// DNSCond is what a loopback-only resolv.conf means, and the setting that
// points the kubelet at another file.
type DNSCond struct {
	Condition `yaml:",inline"`
	// Setting names the flag or field that takes another resolv.conf.
	Setting string `yaml:"setting" json:"setting"`
}

// LeftoversCond is what an earlier install means: Refuse lists the paths
// whose presence the distribution's own preflight refuses (a fail); any
// other leftover is Verdict. Uninstall is the command that removes the
// distribution's own earlier install.
type LeftoversCond struct {
	Condition `yaml:",inline"`
	Refuse    []string `yaml:"refuse,omitempty" json:"refuse,omitempty"`
	// RefuseByRole lists, by role, paths only that role's install refuses
	// (kubeadm init refuses its static pod manifests, join a kubelet.conf).
	RefuseByRole map[string][]string `yaml:"refuseByRole,omitempty" json:"refuseByRole,omitempty"`
	Uninstall    string              `yaml:"uninstall" json:"uninstall"`
}

// Refuses lists the paths the role's install refuses.
func (l *LeftoversCond) Refuses(role string) []string {
	return append(append([]string{}, l.Refuse...), l.RefuseByRole[role]...)
}

// HostnameCond is what an invalid node name means, and, where a
// distribution puts the name into something shorter than a label value's
// 63 characters, its own limit for the roles it names.
type HostnameCond struct {
	Condition `yaml:",inline"`
	MaxLength int      `yaml:"maxLength,omitempty" json:"maxLength,omitempty"`
	MaxRoles  []string `yaml:"maxRoles,omitempty" json:"maxRoles,omitempty"`
}

// InotifyCond is the least fs.inotify.max_user_instances and
// max_user_watches the distribution's docs ask for.
type InotifyCond struct {
	Condition `yaml:",inline"`
	Instances int `yaml:"instances" json:"instances"`
	Watches   int `yaml:"watches" json:"watches"`
}

// CIDRCond is the default pod and service networks and how to change them;
// Pod is empty where the distribution sets none (kubeadm leaves it to the
// network plugin).
type CIDRCond struct {
	Pod         string `yaml:"pod,omitempty" json:"pod,omitempty"`
	Service     string `yaml:"service,omitempty" json:"service,omitempty"`
	PodFlag     string `yaml:"podFlag,omitempty" json:"podFlag,omitempty"`
	ServiceFlag string `yaml:"serviceFlag,omitempty" json:"serviceFlag,omitempty"`
	Cited       `yaml:",inline"`
}

func (c *Condition) condition() *Condition { return c }

// resolveConditions copies the distro's conditions (the base catalog keeps
// its own), looks up their sources and checks their values. at makes an
// error that names the distro and the field.
func (d *Distro) resolveConditions(at func(what string, path ...any) error) error {
	if d.Conditions == nil {
		return nil
	}
	c := *d.Conditions
	d.Conditions = &c
	cite := func(field string, ct *Cited) error {
		src, ok := d.Sources[ct.Source]
		if !ok {
			return at("field conditions."+field+".source: "+sourceMissing(ct.Source, d), "conditions", field)
		}
		ct.Cite = &src
		return nil
	}
	// Each condition is copied before it is written to.
	v := reflect.ValueOf(&c).Elem()
	for i := range v.NumField() {
		f := v.Field(i)
		if f.IsNil() {
			continue
		}
		cp := reflect.New(f.Elem().Type())
		cp.Elem().Set(f.Elem())
		f.Set(cp)
		field := v.Type().Field(i).Tag.Get("yaml")
		field = field[:len(field)-len(",omitempty")]
		var ct *Cited
		if k, ok := cp.Interface().(interface{ condition() *Condition }); ok {
			cond := k.condition()
			if cond.Verdict != "warn" && cond.Verdict != "fail" {
				return at(fmt.Sprintf("field conditions.%s.verdict: %q is not warn or fail", field, cond.Verdict), "conditions", field)
			}
			ct = &cond.Cited
		} else if r, ok := cp.Interface().(*CIDRCond); ok {
			ct = &r.Cited
		}
		if err := cite(field, ct); err != nil {
			return err
		}
	}
	if c.Proxy != nil && c.CIDR == nil {
		return at("field conditions.proxy: needs conditions.cidr (the networks NO_PROXY must cover)", "conditions", "proxy")
	}
	if n := c.Inotify; n != nil && (n.Instances <= 0 || n.Watches <= 0) {
		return at("field conditions.inotify: instances and watches must be positive", "conditions", "inotify")
	}
	if l := c.Leftovers; l != nil {
		if l.Uninstall == "" {
			return at("field conditions.leftovers.uninstall: missing (the command that removes an earlier install)", "conditions", "leftovers")
		}
		for i, p := range l.Refuse {
			if !path.IsAbs(p) || path.Clean(p) != p {
				return at(fmt.Sprintf("field conditions.leftovers.refuse: %q is not a clean absolute path", p), "conditions", "leftovers", "refuse", i)
			}
		}
		for _, role := range slices.Sorted(maps.Keys(l.RefuseByRole)) {
			if d.Role(role) == nil {
				return at(fmt.Sprintf("field conditions.leftovers.refuseByRole: %q is not a role of %s", role, d.ID), "conditions", "leftovers", "refuseByRole")
			}
			for _, p := range l.RefuseByRole[role] {
				if !path.IsAbs(p) || path.Clean(p) != p {
					return at(fmt.Sprintf("field conditions.leftovers.refuseByRole.%s: %q is not a clean absolute path", role, p), "conditions", "leftovers", "refuseByRole", role)
				}
			}
		}
	}
	if n := c.Hostname; n != nil {
		if n.MaxLength < 0 || n.MaxLength > 63 || (n.MaxLength > 0) != (len(n.MaxRoles) > 0) {
			return at("field conditions.hostname.maxLength: goes with maxRoles, from 1 to 63 (a label value's limit)", "conditions", "hostname")
		}
		for _, role := range n.MaxRoles {
			if d.Role(role) == nil {
				return at(fmt.Sprintf("field conditions.hostname.maxRoles: %q is not a role of %s", role, d.ID), "conditions", "hostname")
			}
		}
	}
	if s := c.DNS; s != nil && s.Setting == "" {
		return at("field conditions.dns.setting: missing (the flag that takes another resolv.conf)", "conditions", "dns")
	}
	if r := c.CIDR; r != nil {
		if r.Pod == "" && r.Service == "" {
			return at("field conditions.cidr: needs pod, service or both", "conditions", "cidr")
		}
		for _, p := range []struct{ field, v, flag string }{{"pod", r.Pod, r.PodFlag}, {"service", r.Service, r.ServiceFlag}} {
			if p.v == "" {
				continue
			}
			if pr, err := netip.ParsePrefix(p.v); err != nil || pr.Masked() != pr {
				return at(fmt.Sprintf("field conditions.cidr.%s: %q is not a network in CIDR notation", p.field, p.v), "conditions", "cidr", p.field)
			}
			if p.flag == "" {
				return at(fmt.Sprintf("field conditions.cidr.%sFlag: missing (the flag that changes it)", p.field), "conditions", "cidr")
			}
		}
	}
	return nil
}
