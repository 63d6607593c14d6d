package probe

import (
	"errors"
	"io/fs"
	"path"
	"strings"
)

// AppArmor says whether the kernel enforces AppArmor and where its profile
// loader is: container runtimes load their default profile with
// apparmor_parser.
type AppArmor struct {
	Enabled bool `json:"enabled"`
	// Parser is the apparmor_parser found, or "" when there is none.
	Parser string `json:"parser,omitempty"`
}

func (p prober) security(h *Host) {
	p.apparmor(h)
	p.selinux(h)
}

func (p prober) apparmor(h *Host) {
	line, err := p.readLine("/sys/module/apparmor/parameters/enabled")
	switch {
	case err == nil:
		h.AppArmor = &AppArmor{Enabled: line == "Y"}
	case errors.Is(err, fs.ErrNotExist) && p.root.IsDir("/sys/module"):
		h.AppArmor = &AppArmor{} // not in this kernel
	default:
		h.miss("apparmor", err)
		return
	}
	if !h.AppArmor.Enabled {
		return
	}
	for _, d := range p.searchPath() {
		exe := path.Join(d, "apparmor_parser")
		if st, err := p.root.Stat(exe); err == nil && !st.IsDir() && st.Mode()&0o111 != 0 {
			h.AppArmor.Parser = exe
			return
		}
	}
}

// SELinux is the SELinux mode and which container policy modules are
// installed.
type SELinux struct {
	// Mode is enforcing, permissive or disabled, as the kernel has it now.
	Mode string `json:"mode"`
	// Policy is SELINUXTYPE of /etc/selinux/config (targeted).
	Policy string `json:"policy,omitempty"`
	// Modules maps the policy modules kfit looks for (container, k3s,
	// rke2) to whether the policy store has them; absent when the store
	// could not be read (it is root's only).
	Modules map[string]bool `json:"modules,omitempty"`
}

// selinuxModules are the policy modules the distributions install.
var selinuxModules = []string{"container", "k3s", "rke2"}

func (p prober) selinux(h *Host) {
	s := &SELinux{}
	v, err := p.readLine("/sys/fs/selinux/enforce")
	switch {
	case err == nil && v == "1":
		s.Mode = "enforcing"
	case err == nil:
		s.Mode = "permissive"
	case errors.Is(err, fs.ErrNotExist) && p.root.IsDir("/sys/fs"):
		s.Mode = "disabled" // selinuxfs is not mounted
	default:
		h.miss("selinux", err)
		return
	}
	h.SELinux = s
	if s.Mode == "disabled" {
		return
	}
	if b, err := p.readFile("/etc/selinux/config"); err == nil {
		vals, _ := ParseOSRelease(strings.NewReader(string(b)))
		s.Policy = clean(vals["SELINUXTYPE"], 32)
	}
	if !pathSafe(s.Policy) {
		h.miss("selinux.modules", errors.New("no SELINUXTYPE in /etc/selinux/config"))
		return
	}
	dir := "/var/lib/selinux/" + s.Policy + "/active/modules"
	prios, err := p.root.ReadDir(dir)
	if err != nil {
		h.miss("selinux.modules", err)
		return
	}
	s.Modules = map[string]bool{}
	for _, m := range selinuxModules {
		s.Modules[m] = false
		for _, prio := range prios {
			if p.root.IsDir(path.Join(dir, prio, m)) {
				s.Modules[m] = true
			}
		}
	}
}
