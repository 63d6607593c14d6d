package rules

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kfit-dev/kfit/probe"
)

func f64(v float64) *float64 { return &v }
func boolp(v bool) *bool     { return &v }

// Every new check has a pass, a warn or fail, and an unknown case.
func TestPrerequisiteChecks(t *testing.T) {
	cat := defaultCatalog(t)

	tests := []struct {
		name         string
		host         probe.Host
		distro, role string
		id           string
		want         Verdict
		reason, fix  string
	}{
		// cgroup
		{"cgroup v2 with every controller passes", typical(), "k3s", "server", CheckCgroup, Pass, "every needed controller", ""},
		{"cgroup v1 fails k3s from v1.35, with the supported opt-out second", edited(func(h *probe.Host) { h.Cgroup.Version = probe.CgroupV1 }), "k3s", "server", CheckCgroup, Fail, "this release refuses cgroup v1 by default", "or, to stay on cgroup v1 (deprecated, and to be removed from Kubernetes): put a drop-in file with failCgroupV1: false under /var/lib/rancher/k3s/agent/etc/kubelet.conf.d/"},
		{"cgroup hybrid fails k0s", edited(func(h *probe.Host) { h.Cgroup.Version = probe.CgroupHybrid }), "k0s", "worker", CheckCgroup, Fail, "refuses cgroup v1", "GRUB_CMDLINE_LINUX"},
		{"cgroup v1 fails RKE2, which had no cgroup check", edited(func(h *probe.Host) { h.Cgroup.Version = probe.CgroupV1 }), "rke2", "agent", CheckCgroup, Fail, "refuses cgroup v1", "/var/lib/rancher/rke2/agent/etc/kubelet.conf.d/"},
		{"cgroup v1 fails k3d", edited(func(h *probe.Host) { h.Cgroup.Version = probe.CgroupV1 }), "k3d", "cluster", CheckCgroup, Fail, "refuses cgroup v1", "fail-cgroupv1=false@all"},
		{"cgroup v1 fails kind", edited(func(h *probe.Host) { h.Cgroup.Version = probe.CgroupV1 }), "kind", "cluster", CheckCgroup, Fail, "refuses cgroup v1", "kubeadmConfigPatches"},
		{"cgroup v1 fails MicroK8s", edited(func(h *probe.Host) { h.Cgroup.Version = probe.CgroupHybrid }), "microk8s", "node", CheckCgroup, Fail, "refuses cgroup v1", "--fail-cgroupv1=false"},
		{"cgroup v1 passes minikube, which sets failCgroupV1: false itself", edited(func(h *probe.Host) { h.Cgroup.Version = probe.CgroupV1 }), "minikube", "node", CheckCgroup, Pass, "", ""},
		{"a missing pids controller fails k3s", edited(func(h *probe.Host) { h.Cgroup.Controllers = []string{"cpu", "cpuset", "memory"} }), "k3s", "agent", CheckCgroup, Fail, "pids not usable in this process's cgroup /", "Delegate=yes"},
		{"a Pi with memory disabled gets the cmdline.txt fix", edited(func(h *probe.Host) {
			h.Cgroup.Controllers = []string{"cpu", "cpuset", "pids"}
			h.Cgroup.Disabled = []string{"memory"}
			h.Boot = probe.Boot{CmdlineTxtPath: "/boot/firmware/cmdline.txt", CmdlineTxt: "console=tty1 rootwait"}
		}), "k3s", "server", CheckCgroup, Fail, "the kernel has disabled the memory controller", "append cgroup_memory=1 cgroup_enable=memory to the single line of /boot/firmware/cmdline.txt"},
		{"a Pi whose cmdline.txt already asks for memory needs a kernel update", edited(func(h *probe.Host) {
			h.Cgroup.Controllers = []string{"cpu", "cpuset", "pids"}
			h.Cgroup.Disabled = []string{"memory"}
			h.Boot = probe.Boot{CmdlineTxtPath: "/boot/firmware/cmdline.txt", CmdlineTxt: "rootwait cgroup_memory=1 cgroup_enable=memory"}
		}), "microk8s", "node", CheckCgroup, Fail, "already asks for it", "sudo apt full-upgrade"},
		{"in a container, undelegated controllers point at the runtime", edited(func(h *probe.Host) {
			h.Cgroup.Controllers = []string{"cpu", "memory"}
			h.Environment = probe.Environment{Kind: probe.EnvContainer, Detail: "docker"}
		}), "k0s", "worker", CheckCgroup, Fail, "not delegated to this container's cgroup", "--cgroupns"},
		{"optional k0s controllers only warn", edited(func(h *probe.Host) { h.Cgroup.Controllers = []string{"cpu", "cpuset", "memory", "pids"} }), "k0s", "worker", CheckCgroup, Warn, "optional controllers missing: hugetlb, io", ""},
		{"unknown cgroups warn", edited(func(h *probe.Host) {
			h.Cgroup = probe.Cgroup{}
			h.Missing = map[string]string{"cgroup": "no mount table"}
		}), "k3s", "server", CheckCgroup, Warn, "no mount table", ""},
		// kernel-config
		{"a full kernel passes", typical(), "k3s", "server", CheckKernel, Pass, "every needed option", ""},
		{"a kernel without VXLAN fails k3s", edited(func(h *probe.Host) { h.Kernel.Options["VXLAN"] = "n"; h.OS.ID = "ubuntu" }), "k3s", "server", CheckKernel, Fail, "CONFIG_VXLAN", "sudo apt install linux-modules-extra-$(uname -r)"},
		{"a renamed option is accepted under its new name", edited(func(h *probe.Host) { delete(h.Kernel.Options, "IP_NF_TARGET_MASQUERADE") }), "k3s", "server", CheckKernel, Pass, "", ""},
		{"cgroup-v2-only kernel without CGROUP_CPUACCT is not failed", edited(func(h *probe.Host) { h.Kernel.Options["CGROUP_CPUACCT"] = "n" }), "k3s", "server", CheckKernel, Pass, "", ""},
		{"on cgroup v1 CGROUP_CPUACCT is required", edited(func(h *probe.Host) { h.Kernel.Options["CGROUP_CPUACCT"] = "n"; h.Cgroup.Version = probe.CgroupV1 }), "k3s", "server", CheckKernel, Fail, "CONFIG_CGROUP_CPUACCT", ""},
		{"a module loaded stands in for a missing config", edited(func(h *probe.Host) {
			h.Kernel = probe.Kernel{Modules: map[string]string{"overlay": "loaded"}}
			h.Missing = map[string]string{"kernel.config": "no kernel config in /proc/config.gz, /boot/config-$(uname -r)"}
		}), "k3s", "server", CheckKernel, Warn, "options could not be checked: no kernel config in /proc/config.gz", ""},
		{"an optional option only warns", edited(func(h *probe.Host) { h.Kernel.Options["CFS_BANDWIDTH"] = "n" }), "k0s", "worker", CheckKernel, Warn, "optional options missing: CONFIG_CFS_BANDWIDTH", ""},
		// swap
		{"no swap passes", typical(), "k3s", "agent", CheckSwap, Pass, "no swap", ""},
		{"swap warns for k3s", edited(func(h *probe.Host) { h.Memory.SwapBytes = u64(2 * GiB) }), "k3s", "agent", CheckSwap, Warn, "failSwapOn: false", "sudo swapoff -a"},
		{"swap on Raspberry Pi OS names dphys-swapfile", edited(func(h *probe.Host) { h.Memory.SwapBytes = u64(100 * MiB); h.OS.ID = "raspbian" }), "k0s", "worker", CheckSwap, Warn, "", "dphys-swapfile swapoff"},
		{"unknown swap warns", edited(func(h *probe.Host) { h.Memory.SwapBytes = nil }), "minikube", "node", CheckSwap, Warn, "swap is unknown", ""},
		// runtime
		{"systemd passes k3s's init", typical(), "k3s", "server", CheckRuntime, Pass, "found systemd", ""},
		{"no systemd or OpenRC warns", edited(func(h *probe.Host) { h.Runtime.Init = "runit" }), "k3s", "server", CheckRuntime, Warn, "missing: any of systemd, openrc", ""},
		{"MicroK8s without snapd fails with the install command", edited(func(h *probe.Host) { delete(h.Runtime.Tools, "snap") }), "microk8s", "node", CheckRuntime, Fail, "missing: snap", "sudo apt install snapd"},
		{"MicroK8s on Fedora gets dnf", edited(func(h *probe.Host) { delete(h.Runtime.Tools, "snap"); h.OS.ID = "fedora" }), "microk8s", "node", CheckRuntime, Fail, "", "sudo dnf install snapd"},
		{"minikube passes with Docker and says which driver", typical(), "minikube", "node", CheckRuntime, Pass, "found docker", ""},
		{"minikube passes with KVM alone", edited(func(h *probe.Host) {
			h.Runtime.Tools = map[string]probe.Tool{"virsh": {Path: "/usr/bin/virsh"}}
			h.CPU.Flags = []string{"fpu", "vmx"}
		}), "minikube", "node", CheckRuntime, Pass, "found kvm2", ""},
		{"minikube with a stopped Docker warns", edited(func(h *probe.Host) { h.Runtime.Tools = map[string]probe.Tool{"docker": {Path: "/usr/bin/docker"}} }), "minikube", "node", CheckRuntime, Warn, "daemon socket was not found", "systemctl enable --now docker"},
		{"minikube without any driver fails", edited(func(h *probe.Host) { h.Runtime.Tools = map[string]probe.Tool{}; h.CPU.Flags = []string{"fpu"} }), "minikube", "node", CheckRuntime, Fail, "missing: any of docker, podman, kvm2, virtualbox, qemu, vfkit, hyperkit, parallels, vmware, krunkit", "sudo apt install docker.io"},
		{"minikube on a Mac with only vfkit passes", edited(func(h *probe.Host) {
			h.OS.Name, h.OS.ID = "darwin", ""
			h.Runtime.Tools = map[string]probe.Tool{"vfkit": {Path: "/opt/homebrew/bin/vfkit"}}
		}), "minikube", "node", CheckRuntime, Pass, "found vfkit", ""},
		{"unprobed software warns", edited(func(h *probe.Host) { h.Runtime = probe.Runtime{} }), "microk8s", "node", CheckRuntime, Warn, "could not tell", ""},
		// ports
		{"free ports pass", typical(), "k3s", "server", CheckPorts, Pass, "none of its ports is in use", ""},
		{"a taken 6443 fails k3s server", edited(func(h *probe.Host) { h.Ports.Listening = append(h.Ports.Listening, "6443/tcp") }), "k3s", "server", CheckPorts, Fail, "6443/tcp already in use", "sudo ss -lntup 'sport = :6443'"},
		{"8472/udp matters, 8472/tcp does not", edited(func(h *probe.Host) { h.Ports.Listening = []string{"8472/tcp"} }), "k3s", "agent", CheckPorts, Pass, "", ""},
		{"unknown ports warn", edited(func(h *probe.Host) { h.Ports = nil }), "microk8s", "node", CheckPorts, Warn, "unknown", ""},
		// storage
		{"an SSD passes", typical(), "k3s", "server", CheckStorage, Pass, "is on an SSD", ""},
		{"an SD card warns the k3s server", edited(func(h *probe.Host) { h.Disk.Media, h.Disk.Device = "sd", "mmcblk0" }), "k3s", "server", CheckStorage, Warn, "an SD card or eMMC", "SSD"},
		{"unknown media warns", edited(func(h *probe.Host) { h.Disk.Media = "" }), "k0s", "controller", CheckStorage, Warn, "unknown", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := check(t, result(t, Evaluate(derived(tt.host), cat, Options{}), tt.distro, tt.role), tt.id)
			assert.Equal(t, tt.want, c.Verdict, c.Reason)
			assert.Contains(t, c.Reason, tt.reason)
			assert.NotEmpty(t, c.Source)
			if tt.fix != "" {
				require.NotNil(t, c.Fixable)
				assert.True(t, *c.Fixable)
				assert.Contains(t, c.Fix, tt.fix)
			}
		})
	}
}

func TestEffectiveResourcesAreJudged(t *testing.T) {
	cat := defaultCatalog(t)
	// A 16 GB, 8-CPU host running kfit in a container limited to 1 GiB and 1.5 CPUs.
	h := machine("amd64", "x86_64", 8, 16*GiB, 100*GiB)
	h.Memory.LimitBytes = 1 * GiB
	h.CPU.Quota = f64(1.5)
	h.Environment = probe.Environment{Kind: probe.EnvContainer, Detail: "docker"}
	rep := Evaluate(derived(h), cat, Options{})

	mem := check(t, result(t, rep, "k3s", "server"), CheckMemory)
	assert.Equal(t, Fail, mem.Verdict)
	assert.Equal(t, "1 GiB cgroup limit (host: 16 GiB installed)", mem.Got)
	assert.Contains(t, mem.Reason, "the host has 16 GiB, but this container or cgroup is limited to 1 GiB")
	require.NotNil(t, mem.Fixable)
	assert.True(t, *mem.Fixable, "a cgroup limit is not hardware")

	cpu := check(t, result(t, rep, "minikube", "node"), CheckCPU)
	assert.Equal(t, Fail, cpu.Verdict)
	assert.Equal(t, "1.5 CPUs (of 8 logical, cgroup quota 1.5)", cpu.Got)
	assert.Contains(t, cpu.Reason, "needs 2 CPUs, has 1.5 CPUs: this process is limited to 1.5 CPUs of the machine's 8")

	assert.Equal(t, Pass, check(t, result(t, rep, "k3s", "agent"), CheckMemory).Verdict, "1 GiB is enough for an agent")

	// Without limits the same host passes, and hardware failures are not fixable.
	small := machine("amd64", "x86_64", 1, 1*GiB, 100*GiB)
	c := check(t, result(t, Evaluate(derived(small), cat, Options{}), "k3s", "server"), CheckCPU)
	require.NotNil(t, c.Fixable)
	assert.False(t, *c.Fixable)
}

func TestFixesCountAndSummaryKind(t *testing.T) {
	cat := defaultCatalog(t)
	h := machine("amd64", "x86_64", 4, 8*GiB, 100*GiB)
	h.Memory.SwapBytes = u64(GiB)
	delete(h.Runtime.Tools, "snap")
	h.Ports.Listening = append(h.Ports.Listening, "16443/tcp")
	r := result(t, Evaluate(derived(h), cat, Options{}), "microk8s", "node")
	assert.Equal(t, Fail, r.Verdict)
	n, all := r.Fixes()
	assert.Equal(t, 2, n, "snapd and the port; swap only warns")
	assert.True(t, all)

	h = machine("amd64", "x86_64", 1, 8*GiB, 100*GiB)
	h.Ports.Listening = append(h.Ports.Listening, "6443/tcp")
	r = result(t, Evaluate(derived(h), cat, Options{}), "k3s", "server")
	n, all = r.Fixes()
	assert.Equal(t, 1, n)
	assert.False(t, all, "one CPU is hardware")
}

// Every kernel option the catalog names must be one the probe records.
func TestCatalogKernelOptionsAreProbed(t *testing.T) {
	for _, d := range defaultCatalog(t).Distros {
		for _, r := range d.Roles {
			if r.Kernel == nil {
				continue
			}
			for _, opt := range slices.Concat(r.Kernel.Require, r.Kernel.RequireOnV1, r.Kernel.Recommend) {
				for _, alt := range opt.Names() {
					_, ok := probe.KernelOptions[alt]
					assert.True(t, ok, "%s:%s needs %s, which the probe does not record", d.ID, r.Name, alt)
				}
			}
		}
	}
}
