package rules

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kfit-dev/kfit/catalog"
	"github.com/kfit-dev/kfit/probe"
)

// The swap, ports, storage and kernel-config lines: exactly what was
// found, wanted, why, and the fix.
func TestSoftwareChecksSayExactly(t *testing.T) {
	cat := defaultCatalog(t)
	tests := []struct {
		name                     string
		host                     probe.Host
		distro, role, id         string
		want                     Verdict
		got, wanted, reason, fix string
	}{
		{"kubeadm's kubelet refuses swap", edited(func(h *probe.Host) { h.Memory.SwapBytes = u64(GiB) }), "kubeadm", "control-plane", CheckSwap,
			Fail, "1 GiB", "no swap", "swap is on, and the kubelet refuses to start with swap by default", "sudo swapoff -a, and comment out the swap lines in /etc/fstab"},
		{"swap on a Pi named by its board", edited(func(h *probe.Host) { h.Memory.SwapBytes, h.Boot.RaspberryPi = u64(100*MiB), "Raspberry Pi 3 Model B" }), "k3s", "agent", CheckSwap,
			Warn, "100 MiB", "no swap", "swap is on; the kubelet tolerates it (failSwapOn: false), but pods' memory limits and evictions assume no swap",
			"sudo dphys-swapfile swapoff && sudo systemctl disable dphys-swapfile"},
		{"two ports taken: the first is looked up", edited(func(h *probe.Host) { h.Ports.Listening = []string{"8472/udp", "6443/tcp"} }), "k3s", "server", CheckPorts,
			Fail, "in use: 6443/tcp 8472/udp", "6443/tcp 10250/tcp 8472/udp free", "6443/tcp, 8472/udp already in use (by another service, or by an installed Kubernetes)",
			"stop what listens there; find it with: sudo ss -lntup 'sport = :6443'"},
		{"an SD card", edited(func(h *probe.Host) { h.Disk.FSType, h.Disk.Device, h.Disk.Media = "ext4", "mmcblk0", "sd" }), "k3s", "server", CheckStorage,
			Warn, "ext4 on mmcblk0 (sd)", "not on hdd or sd", "/var/lib is on an SD card or eMMC; the docs advise an SSD for its datastore (kfit check --measure times how fast it syncs)",
			"put /var/lib on an SSD (an external USB SSD on a Raspberry Pi or a board that boots from an SD card)"},
		{"a virtio disk on a VPS: no SSD to buy, a measurement to make", edited(func(h *probe.Host) { h.Disk.FSType, h.Disk.Device, h.Disk.Media = "ext4", "vda", "virtual" }), "k3s", "server", CheckStorage,
			Warn, "ext4 on vda (virtual)", "not on hdd or sd", "/var/lib is on a virtual disk (vda): kfit cannot tell what backs it, and the docs advise an SSD for its datastore; kfit check --measure would tell", ""},
		{"a rotating disk in a VM: the hypervisor's flag is not believed", edited(func(h *probe.Host) {
			h.Disk.FSType, h.Disk.Device, h.Disk.Media = "xfs", "dm-0", "hdd"
			h.Environment = probe.Environment{Kind: probe.EnvVM, Detail: "kvm"}
		}), "k3s", "server", CheckStorage,
			Warn, "xfs on dm-0 (hdd)", "not on hdd or sd", "/var/lib is on dm-0, which says it rotates, but in a virtual machine the hypervisor sets that flag: kfit cannot tell what backs it, and the docs advise an SSD for its datastore; kfit check --measure would tell", ""},
		{"a rotating disk on bare metal: an SSD is the fix", edited(func(h *probe.Host) {
			h.Disk.FSType, h.Disk.Device, h.Disk.Media = "ext4", "sda", "hdd"
			h.Environment = probe.Environment{Kind: probe.EnvBareMetal}
		}), "k3s", "server", CheckStorage,
			Warn, "ext4 on sda (hdd)", "not on hdd or sd", "/var/lib is on a rotating disk; the docs advise an SSD for its datastore (kfit check --measure times how fast it syncs)",
			"put /var/lib on an SSD"},
		{"a file system on unknown media", edited(func(h *probe.Host) {
			h.Disk.Media, h.Disk.Path = "", ""
			h.Missing = map[string]string{"disk.media": "no /sys/block"}
		}), "k3s", "server", CheckStorage,
			Warn, "ext4, unknown media", "not on hdd or sd", "the disk under (unknown) is unknown: no /sys/block; kfit check --measure would time it", ""},
		{"nothing known of the disk", edited(func(h *probe.Host) {
			h.Disk.Media, h.Disk.FSType = "", ""
			h.Missing = map[string]string{"disk.media": "no /sys/block"}
		}), "k3s", "server", CheckStorage,
			Warn, "unknown", "not on hdd or sd", "the disk under /var/lib is unknown: no /sys/block; kfit check --measure would time it", ""},
		{"a kernel without VXLAN on an OS kfit has no package for", edited(func(h *probe.Host) { h.Kernel.Options["VXLAN"] = "n"; h.OS.ID = "gentoo" }), "k3s", "server", CheckKernel,
			Fail, "27 of 28 found (/proc/config.gz)", "28 options", "the kernel lacks CONFIG_VXLAN", "boot a kernel built with CONFIG_VXLAN"},
		{"modules only, none of them known", edited(func(h *probe.Host) {
			h.Kernel = probe.Kernel{Modules: map[string]string{}}
			h.Missing = map[string]string{"kernel.config": "no kernel config"}
		}), "k3s", "server", CheckKernel,
			Warn, "0 of 28 found (no config; modules only)", "28 options", "28 options could not be checked: no kernel config", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := check(t, result(t, Evaluate(derived(tt.host), cat, Options{}), tt.distro, tt.role), tt.id)
			assert.Equal(t, tt.want, c.Verdict, c.Reason)
			assert.Equal(t, tt.got, c.Got)
			assert.Equal(t, tt.wanted, c.Want)
			assert.Equal(t, tt.reason, c.Reason)
			assert.Equal(t, tt.fix, c.Fix)
		})
	}
}

// The runtime line, exactly: what is wanted, what was found, and whether
// a command installs what is missing.
func TestRuntimeCheckSaysExactly(t *testing.T) {
	cat := defaultCatalog(t)
	tests := []struct {
		name                     string
		host                     probe.Host
		distro, role             string
		want                     Verdict
		got, wanted, reason, fix string
		fixable                  *bool
	}{
		{"any of two init systems", edited(func(*probe.Host) {}), "k3s", "server",
			Pass, "systemd", "one of systemd, openrc", "found systemd", "", nil},
		{"one tool that must be there", edited(func(*probe.Host) {}), "microk8s", "node",
			Pass, "snap", "snap", "found snap", "", nil},
		{"Podman alone is a minikube driver", edited(func(h *probe.Host) { h.Runtime.Tools = map[string]probe.Tool{"podman": {Path: "/usr/bin/podman"}} }), "minikube", "node",
			Pass, "podman", "one of docker, podman, kvm2, virtualbox, qemu, vfkit, hyperkit, parallels, vmware, krunkit", "found podman", "", nil},
		{"a podman entry without a command is no podman", edited(func(h *probe.Host) {
			h.Runtime.Tools = map[string]probe.Tool{"podman": {}}
			h.CPU.Flags = []string{"fpu"}
		}), "minikube", "node",
			Fail, "none", "one of docker, podman, kvm2, virtualbox, qemu, vfkit, hyperkit, parallels, vmware, krunkit", "missing: any of docker, podman, kvm2, virtualbox, qemu, vfkit, hyperkit, parallels, vmware, krunkit", "sudo apt install docker.io && sudo usermod -aG docker $USER", boolp(true)},
		{"the init system unknown, the tools probed", edited(func(h *probe.Host) {
			h.Runtime.Init = ""
			h.Missing = map[string]string{"runtime.init": "no /proc/1/comm"}
		}), "k3s", "server",
			Warn, "init (unknown)", "one of systemd, openrc", "could not tell: the init system is unknown: no /proc/1/comm", "", nil},
		{"no systemd: no package installs one", edited(func(h *probe.Host) { h.Runtime.Init = "runit" }), "rke2", "server",
			Fail, "none", "systemd", "missing: systemd (the installer cannot set up a service; start it by hand)", "", boolp(false)},
		{"no snapd on an OS kfit has no command for", edited(func(h *probe.Host) { delete(h.Runtime.Tools, "snap"); h.OS.ID = "gentoo" }), "microk8s", "node",
			Fail, "none", "snap", "missing: snap", "install snap with your OS's package manager", boolp(true)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := check(t, result(t, Evaluate(derived(tt.host), cat, Options{}), tt.distro, tt.role), CheckRuntime)
			assert.Equal(t, tt.want, c.Verdict, c.Reason)
			assert.Equal(t, tt.got, c.Got)
			assert.Equal(t, tt.wanted, c.Want)
			assert.Equal(t, tt.reason, c.Reason)
			assert.Equal(t, tt.fix, c.Fix)
			assert.Equal(t, tt.fixable, c.Fixable)
		})
	}
}

// A role that needs an init system and tools gets one runtime line: both
// wants, both finds, and the reason of the worse; the first on a tie.
func TestRuntimeMergesInitAndTools(t *testing.T) {
	h := machine("amd64", "x86_64", 4, 8*GiB, 100*GiB)
	h.Runtime.Init = "runit"
	delete(h.Runtime.Tools, "snap")
	init := &catalog.ToolsReq{AnyOf: []string{"systemd", "openrc"}, Missing: "warn", Cited: catalog.Cited{Cite: &catalog.Source{URL: "https://init"}}}
	tools := func(missing string) *catalog.ToolsReq {
		return &catalog.ToolsReq{AllOf: []string{"snap"}, Missing: missing, Cited: catalog.Cited{Cite: &catalog.Source{URL: "https://tools"}}}
	}
	tests := []struct {
		name                string
		tools               *catalog.ToolsReq
		want                Verdict
		reason, source, fix string
	}{
		{"the tools fail: their reason, and no snap without systemd", tools("fail"), Fail, "missing: snap", "https://tools", "snapd needs systemd, and this machine's init is runit: use an OS with systemd and snapd (MicroK8s's docs use Ubuntu)"},
		{"both warn: the init system's reason, first", tools("warn"), Warn, "missing: any of systemd, openrc (the installer cannot set up a service; start it by hand)", "https://init", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, ok := checkRuntime(h, catalog.Role{Init: init, Tools: tt.tools})
			require.True(t, ok)
			assert.Equal(t, tt.want, c.Verdict)
			assert.Equal(t, "init runit; none", c.Got)
			assert.Equal(t, "one of systemd, openrc; snap", c.Want)
			assert.Equal(t, tt.reason, c.Reason)
			assert.Equal(t, tt.source, c.Source)
			assert.Equal(t, tt.fix, c.Fix)
		})
	}
	_, ok := checkRuntime(h, catalog.Role{})
	assert.False(t, ok, "a role that needs no software gets no runtime line")
}

// A role whose docs warn only of SD cards passes on a virtual disk.
func TestVirtualDiskForARoleThatAvoidsOnlySDCards(t *testing.T) {
	h := edited(func(h *probe.Host) { h.Disk.Device, h.Disk.Media = "sda", "virtual" })
	c := checkStorage(h, &catalog.StorageReq{Avoid: []string{"sd"}, Cited: catalog.Cited{Cite: &catalog.Source{URL: "https://example.org/sd"}}})
	assert.Equal(t, Pass, c.Verdict)
	assert.Equal(t, "ext4 on sda (virtual)", c.Got)
	assert.Equal(t, "/var/lib is on a virtual disk", c.Reason)
}
