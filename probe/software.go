package probe

import (
	"errors"
	"os"
	"path"
	"slices"
	"strings"
)

// Runtime is the software around Kubernetes that kfit finds by looking, never
// by running it.
type Runtime struct {
	// Init is the init system: systemd, openrc, or the name of PID 1.
	Init string `json:"init,omitempty"`
	// Tools maps a tool (docker, podman, snap, iptables, virsh, VBoxManage)
	// to where it was found: its executable and, for daemons, its socket.
	Tools map[string]Tool `json:"tools,omitempty"`
	// KVM is true when /dev/kvm exists.
	KVM *bool `json:"kvm,omitempty"`
}

// Tool is one program found on the machine.
type Tool struct {
	Path   string `json:"path,omitempty"`
	Socket string `json:"socket,omitempty"`
}

// toolSpecs say where each tool's executable and socket usually are.
var toolSpecs = []struct {
	name    string
	sockets []string
}{
	{"docker", []string{"/run/docker.sock", "/var/run/docker.sock"}},
	{"podman", []string{"/run/podman/podman.sock"}},
	{"nerdctl", nil},
	{"snap", []string{"/run/snapd.socket"}},
	{"iptables", nil},
	{"virsh", []string{"/run/libvirt/libvirt-sock", "/var/run/libvirt/libvirt-sock"}},
	{"VBoxManage", nil},
	{"qemu-system-x86_64", nil},
	{"qemu-system-aarch64", nil},
	{"vfkit", nil},
	{"hyperkit", nil},
	{"prlctl", nil},
	{"vmrun", nil},
	{"krunkit", nil},
}

// searchPath is where executables are looked for: the caller's PATH on the
// live machine, plus the sbin directories a user's PATH often lacks.
func (p prober) searchPath() []string {
	dirs := []string{"/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin", "/snap/bin"}
	if p.live {
		for _, d := range strings.Split(os.Getenv("PATH"), ":") {
			if path.IsAbs(d) && !slices.Contains(dirs, d) {
				dirs = append(dirs, d)
			}
		}
	}
	return dirs
}

func (p prober) runtime(h *Host) {
	rt := Runtime{Tools: map[string]Tool{}}
	dirs := p.searchPath()
	for _, spec := range toolSpecs {
		var t Tool
		for _, d := range dirs {
			if st, err := p.root.Stat(path.Join(d, spec.name)); err == nil && !st.IsDir() && st.Mode()&0o111 != 0 {
				t.Path = path.Join(d, spec.name)
				break
			}
		}
		for _, s := range spec.sockets {
			if st, err := p.root.Stat(s); err == nil && st.Mode()&os.ModeSocket != 0 {
				t.Socket = s
				break
			}
		}
		if t != (Tool{}) {
			rt.Tools[spec.name] = t
		}
	}
	if len(rt.Tools) == 0 {
		rt.Tools = nil
	}
	switch {
	case p.root.IsDir("/run/systemd/system"):
		rt.Init = "systemd" // sd_booted(3)'s test
	case p.root.IsDir("/run/openrc") || p.root.Exists("/sbin/openrc"):
		rt.Init = "openrc"
	default:
		if comm, err := p.readLine("/proc/1/comm"); err == nil {
			rt.Init = comm
		} else {
			h.miss("runtime.init", err)
		}
	}
	if _, err := p.root.Stat("/dev/kvm"); err == nil {
		t := true
		rt.KVM = &t
	} else if errors.Is(err, os.ErrNotExist) {
		f := false
		rt.KVM = &f
	}
	h.Runtime = rt
}
