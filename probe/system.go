package probe

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
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

// Ports lists the sockets already bound, as "6443/tcp" and "8472/udp".
type Ports struct {
	Listening []string `json:"listening"`
}

// Boot is what the kernel was started with.
type Boot struct {
	Cmdline string `json:"cmdline,omitempty" clean:"4096"` // /proc/cmdline (COMMAND_LINE_SIZE is at most 4096)
	// CmdlineTxt is the Raspberry Pi firmware's cmdline.txt, where one exists.
	CmdlineTxt     string `json:"cmdlineTxt,omitempty" clean:"4096"`
	CmdlineTxtPath string `json:"cmdlineTxtPath,omitempty"`
	RaspberryPi    string `json:"raspberryPi,omitempty"` // the model, from the device tree
}

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

// ParseProcNet reads /proc/net/tcp, tcp6, udp or udp6 and returns the local
// ports in the given state: 0A (LISTEN) for TCP, 07 (bound) for UDP.
func ParseProcNet(r io.Reader, state string) ([]int, error) {
	var ports []int
	sc := bufio.NewScanner(io.LimitReader(r, 64*maxFileBytes))
	sc.Buffer(make([]byte, 0, 4096), 1<<16)
	first := true
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if first {
			first = false
			if len(f) > 0 && f[0] == "sl" {
				continue
			}
		}
		if len(f) < 4 || f[3] != state {
			continue
		}
		_, portHex, ok := strings.Cut(f[1], ":")
		if !ok {
			continue
		}
		port, err := strconv.ParseUint(portHex, 16, 16)
		if err != nil {
			return nil, fmt.Errorf("local address %q has no hex port", clip(f[1], 60))
		}
		ports = append(ports, int(port))
	}
	return ports, sc.Err()
}

func (p prober) ports(h *Host) {
	files := []struct{ file, proto, state string }{
		{"/proc/net/tcp", "tcp", "0A"}, {"/proc/net/tcp6", "tcp", "0A"},
		{"/proc/net/udp", "udp", "07"}, {"/proc/net/udp6", "udp", "07"},
	}
	// The kernel walks its whole socket hash table for each file, which
	// takes most of a millisecond on a machine with much RAM: read the four
	// side by side.
	ports := make([][]int, len(files))
	errs := make([]error, len(files))
	var wg sync.WaitGroup
	for i, f := range files {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v, err := p.parseFile(f.file, func(r io.Reader) (any, error) { return ParseProcNet(r, f.state) })
			if err != nil {
				errs[i] = err
				return
			}
			ports[i] = v.([]int)
		}()
	}
	wg.Wait()
	seen := map[string]bool{}
	read := 0
	for i, f := range files {
		if errs[i] != nil {
			continue
		}
		read++
		for _, port := range ports[i] {
			seen[fmt.Sprintf("%d/%s", port, f.proto)] = true
		}
	}
	if read == 0 {
		var msgs []string
		for _, e := range errs {
			if e != nil {
				msgs = append(msgs, e.Error())
			}
		}
		h.miss("ports", errors.New(strings.Join(msgs, "; ")))
		return
	}
	list := make([]string, 0, len(seen))
	for k := range seen {
		list = append(list, k)
	}
	slices.SortFunc(list, func(a, b string) int {
		pa, _ := strconv.Atoi(strings.Split(a, "/")[0])
		pb, _ := strconv.Atoi(strings.Split(b, "/")[0])
		if pa != pb {
			return pa - pb
		}
		return strings.Compare(a, b)
	})
	h.Ports = &Ports{Listening: list}
}

func (p prober) boot(h *Host) {
	if v, err := p.readLine("/proc/cmdline"); err == nil {
		h.Boot.Cmdline = v
	}
	if m, err := p.readFile("/proc/device-tree/model"); err == nil {
		if model := strings.TrimRight(string(m), "\x00\n"); strings.Contains(model, "Raspberry Pi") {
			h.Boot.RaspberryPi = model
		}
	}
	for _, f := range []string{"/boot/firmware/cmdline.txt", "/boot/cmdline.txt"} {
		if v, err := p.readLine(f); err == nil {
			h.Boot.CmdlineTxt, h.Boot.CmdlineTxtPath = v, f
			break
		}
	}
}
