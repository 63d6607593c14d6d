package probe

import (
	"bytes"
	"errors"
	"slices"
	"strings"
)

// Environment says where kfit runs.
type Environment struct {
	Kind   string `json:"kind,omitempty"`   // bare-metal, vm, container, wsl
	Detail string `json:"detail,omitempty"` // docker, podman, lxc, kvm, vmware, ...
}

// Environment kinds.
const (
	EnvBareMetal = "bare-metal"
	EnvVM        = "vm"
	EnvContainer = "container"
	EnvWSL       = "wsl"
)

var vmVendors = []struct{ match, name string }{
	{"qemu", "kvm"}, {"kvm", "kvm"}, {"vmware", "vmware"}, {"virtualbox", "virtualbox"}, {"innotek", "virtualbox"},
	{"xen", "xen"}, {"amazon ec2", "aws"}, {"google compute engine", "gce"}, {"digitalocean", "digitalocean"},
	{"openstack", "openstack"}, {"hetzner", "hetzner"}, {"parallels", "parallels"}, {"bochs", "bochs"},
	{"microsoft corporation virtual machine", "hyper-v"}, {"firecracker", "firecracker"},
}

func (p prober) environment(h *Host, cpuFlags []string) {
	rel := strings.ToLower(h.OS.KernelVersion)
	switch {
	case strings.Contains(rel, "microsoft") || strings.Contains(rel, "wsl"):
		h.Environment = Environment{Kind: EnvWSL, Detail: "WSL2"}
		if !strings.Contains(rel, "wsl2") && !strings.Contains(rel, "microsoft-standard") {
			h.Environment.Detail = "WSL"
		}
		return
	}
	if c := p.container(); c != "" {
		h.Environment = Environment{Kind: EnvContainer, Detail: c}
		return
	}
	var dmi []string
	for _, f := range []string{"sys_vendor", "product_name", "board_vendor"} {
		if v, err := p.readLine("/sys/class/dmi/id/" + f); err == nil {
			dmi = append(dmi, v)
		}
	}
	vendor := strings.ToLower(strings.Join(dmi, " "))
	if t, err := p.readLine("/sys/hypervisor/type"); err == nil {
		vendor += " " + strings.ToLower(t)
	}
	for _, v := range vmVendors {
		if strings.Contains(vendor, v.match) {
			h.Environment = Environment{Kind: EnvVM, Detail: v.name}
			return
		}
	}
	x86 := h.OS.Arch == "amd64" || h.OS.Arch == "386" || slices.Contains(cpuFlags, "fpu")
	model, _ := p.readFile("/proc/device-tree/model")
	switch {
	case slices.Contains(cpuFlags, "hypervisor"):
		h.Environment = Environment{Kind: EnvVM, Detail: "unknown hypervisor"}
	case len(dmi) > 0:
		h.Environment = Environment{Kind: EnvBareMetal, Detail: strings.Join(dmi[:min(2, len(dmi))], " ")}
	case x86 && len(cpuFlags) > 0:
		// x86 CPUs under a hypervisor carry the "hypervisor" flag.
		h.Environment = Environment{Kind: EnvBareMetal}
	case len(model) > 0:
		h.Environment = Environment{Kind: EnvBareMetal, Detail: strings.TrimRight(string(model), "\x00\n")}
	default:
		h.miss("environment", errors.New("no DMI data, no device tree, and no x86 CPU flags to tell a VM from bare metal"))
	}
}

// container names the container runtime this process runs in, or "".
func (p prober) container() string {
	if p.root.Exists("/.dockerenv") {
		return "docker"
	}
	if p.root.Exists("/run/.containerenv") {
		return "podman"
	}
	if v, err := p.readLine("/run/systemd/container"); err == nil {
		return v
	}
	if b, err := p.readFile("/proc/1/environ"); err == nil {
		for _, kv := range bytes.Split(b, []byte{0}) {
			if v, ok := bytes.CutPrefix(kv, []byte("container=")); ok && len(v) > 0 {
				return string(v)
			}
		}
	}
	if b, err := p.readFile("/proc/self/cgroup"); err == nil {
		s := string(b)
		switch {
		case strings.Contains(s, "/docker/") || strings.Contains(s, "docker-"):
			return "docker"
		case strings.Contains(s, "libpod"):
			return "podman"
		case strings.Contains(s, "/lxc/") || strings.Contains(s, "lxc.payload"):
			return "lxc"
		case strings.Contains(s, "/kubepods"):
			return "kubernetes"
		}
	}
	return ""
}
