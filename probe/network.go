package probe

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/netip"
	"path"
	"slices"
	"strings"
)

// DNS is what the resolver configuration names: the servers of
// /etc/resolv.conf (after its links) and, where systemd-resolved keeps one,
// the upstream servers of /run/systemd/resolve/resolv.conf.
type DNS struct {
	// ResolvConf is the file /etc/resolv.conf leads to.
	ResolvConf  string   `json:"resolvConf"`
	Nameservers []string `json:"nameservers,omitempty"`
	// Upstream lists the servers of /run/systemd/resolve/resolv.conf;
	// absent when there is no such file.
	Upstream []string `json:"upstream,omitempty"`
}

// Firewall is what turns a host firewall on at boot, as files say it: the
// live rule set is not in any file.
type Firewall struct {
	// Active lists the firewalls configured on: "ufw" (ENABLED=yes in
	// /etc/ufw/ufw.conf), "firewalld" and "nftables" (enabled systemd
	// units or OpenRC runlevels; nftables only with a drop policy).
	Active []string `json:"active,omitempty"`
	// ForwardDrop lists saved iptables rules whose FORWARD chain drops.
	ForwardDrop []string `json:"forwardDrop,omitempty"`
}

// needEtc says why facts kept under /etc are unknown on a root without it
// (a partial capture, an empty directory), or nil.
func (p prober) needEtc() error {
	if p.root.IsDir("/etc") {
		return nil
	}
	return errors.New("no /etc under the root")
}

func (p prober) network(h *Host) {
	p.dns(h)
	p.firewall(h)
	p.routes(h)
}

func (p prober) dns(h *Host) {
	if err := p.needEtc(); err != nil {
		h.miss("dns", err)
		return
	}
	const conf = "/etc/resolv.conf"
	target := conf
	// Follow the links by hand, inside the root, to name the file.
	for range 8 {
		l, err := p.root.Readlink(target)
		if err != nil {
			break
		}
		if !strings.HasPrefix(l, "/") {
			l = target[:strings.LastIndexByte(target, '/')+1] + l
		}
		target = path.Clean(l)
	}
	servers, err := p.parseFile(conf, func(r io.Reader) (any, error) { return ParseResolvConf(r) })
	if err != nil {
		h.miss("dns", err)
		return
	}
	d := &DNS{ResolvConf: target, Nameservers: servers.([]string)}
	if up, err := p.parseFile("/run/systemd/resolve/resolv.conf", func(r io.Reader) (any, error) { return ParseResolvConf(r) }); err == nil {
		d.Upstream = up.([]string)
	}
	h.DNS = d
}

// ParseResolvConf returns the nameserver addresses of a resolv.conf(5).
func ParseResolvConf(r io.Reader) ([]string, error) {
	var out []string
	sc := bufio.NewScanner(bounded(r, maxFileBytes))
	sc.Buffer(make([]byte, 0, 4096), 1<<16)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) >= 2 && f[0] == "nameserver" && len(out) < 16 {
			out = append(out, clean(f[1], 64))
		}
	}
	return out, sc.Err()
}

// GlobalUnicast says whether a nameserver is an address that reaches past
// this machine: not loopback, link-local, unspecified or unparsable (k3s's
// isValidResolvConf test).
func GlobalUnicast(server string) bool {
	a, err := netip.ParseAddr(server)
	return err == nil && a.IsGlobalUnicast()
}

func (p prober) firewall(h *Host) {
	if err := p.needEtc(); err != nil {
		h.miss("firewall", err)
		return
	}
	fw := &Firewall{}
	var errs []error
	b, err := p.readFile("/etc/ufw/ufw.conf")
	switch {
	case err == nil:
		vals, _ := ParseOSRelease(strings.NewReader(string(b)))
		if strings.EqualFold(vals["ENABLED"], "yes") {
			fw.Active = append(fw.Active, "ufw")
		}
	case !errors.Is(err, fs.ErrNotExist):
		errs = append(errs, err)
	}
	if p.enabled("firewalld") {
		fw.Active = append(fw.Active, "firewalld")
	}
	if p.enabled("nftables") {
		for _, f := range []string{"/etc/nftables.conf", "/etc/sysconfig/nftables.conf"} {
			b, err := p.readFile(f)
			if err != nil {
				if !errors.Is(err, fs.ErrNotExist) {
					errs = append(errs, err)
				}
				continue
			}
			if strings.Contains(strings.Join(strings.Fields(string(b)), " "), "policy drop") {
				fw.Active = append(fw.Active, "nftables")
				break
			}
		}
	}
	for _, f := range []string{"/etc/iptables/rules.v4", "/etc/sysconfig/iptables", "/etc/iptables/iptables.rules"} {
		b, err := p.readFile(f)
		if err != nil {
			if !errors.Is(err, fs.ErrNotExist) {
				errs = append(errs, err)
			}
			continue
		}
		if forwardDrops(string(b)) {
			fw.ForwardDrop = append(fw.ForwardDrop, f)
		}
	}
	if len(errs) > 0 && len(fw.Active)+len(fw.ForwardDrop) == 0 {
		// A file kfit may not read (saved rules are often root's only)
		// could turn the firewall on: unknown, not off.
		h.miss("firewall", errors.Join(errs...))
		return
	}
	h.Firewall = fw
}

// forwardDrops says whether saved iptables rules (iptables-save format)
// drop or reject forwarded packets by policy or by a catch-all rule.
func forwardDrops(rules string) bool {
	for _, line := range strings.Split(rules, "\n") {
		f := strings.Fields(line)
		switch {
		case len(f) >= 2 && f[0] == ":FORWARD" && (f[1] == "DROP" || f[1] == "REJECT"):
			return true
		case slices.Equal(f, []string{"-A", "FORWARD", "-j", "DROP"}), slices.Equal(f, []string{"-A", "FORWARD", "-j", "REJECT"}):
			return true
		}
	}
	return false
}

// enabled says whether a service starts at boot: a systemd unit linked
// into a target's wants, or an OpenRC service in a runlevel.
func (p prober) enabled(service string) bool {
	for _, d := range []string{"multi-user.target.wants", "sysinit.target.wants", "network-pre.target.wants", "basic.target.wants"} {
		if _, err := p.root.Lstat(fmt.Sprintf("/etc/systemd/system/%s/%s.service", d, service)); err == nil {
			return !p.masked(service + ".service")
		}
	}
	for _, lvl := range []string{"boot", "default", "sysinit"} {
		if _, err := p.root.Lstat(fmt.Sprintf("/etc/runlevels/%s/%s", lvl, service)); err == nil {
			return true
		}
	}
	return false
}
