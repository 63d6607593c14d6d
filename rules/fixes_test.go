package rules

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kfit-dev/kfit/probe"
)

// What a failing or warning check tells a person to do, and why, for the
// machine it is on: the exact reason and fix.
// k0sOptOut is the second choice the cgroup check offers for k0s: the
// supported way to stay on cgroup v1, from k0s's docs.
const k0sOptOut = "; or, to stay on cgroup v1 (deprecated, and to be removed from Kubernetes): run k0s with --ignore-pre-flight-checks and set failCgroupV1: false in the k0s worker profile (spec.workerProfiles values)"

func TestFixesFitTheMachine(t *testing.T) {
	cat := defaultCatalog(t)
	memoryOff := func(h *probe.Host) {
		h.Cgroup.Controllers = []string{"cpu", "cpuset", "pids"}
		h.Cgroup.Disabled = []string{"memory"}
	}
	const hardwareOnly = "" // no command fixes it
	tests := []struct {
		name             string
		host             probe.Host
		distro, role, id string
		want             Verdict
		got, reason, fix string
	}{
		// cgroup: where the boot options go
		{"cgroup v1 on Debian: update-grub", edited(func(h *probe.Host) { h.Cgroup.Version = probe.CgroupV1 }), "k0s", "worker", CheckCgroup,
			Fail, "v1 with cpu, cpuset, memory, pids", "this machine runs cgroup v1, and this release refuses cgroup v1 by default",
			"move to cgroup v2: add systemd.unified_cgroup_hierarchy=1 to GRUB_CMDLINE_LINUX in /etc/default/grub, run sudo update-grub, then reboot" + k0sOptOut},
		{"cgroup v1 on Fedora: grub2-mkconfig", edited(func(h *probe.Host) { h.Cgroup.Version, h.OS.ID = probe.CgroupV1, "fedora" }), "k0s", "worker", CheckCgroup,
			Fail, "v1 with cpu, cpuset, memory, pids", "this machine runs cgroup v1, and this release refuses cgroup v1 by default",
			"move to cgroup v2: add systemd.unified_cgroup_hierarchy=1 to GRUB_CMDLINE_LINUX in /etc/default/grub, run sudo grub2-mkconfig -o /boot/grub2/grub.cfg, then reboot" + k0sOptOut},
		{"cgroup v1 on openSUSE: grub2-mkconfig", edited(func(h *probe.Host) { h.Cgroup.Version, h.OS.ID = probe.CgroupV1, "opensuse-leap" }), "k0s", "worker", CheckCgroup,
			Fail, "v1 with cpu, cpuset, memory, pids", "this machine runs cgroup v1, and this release refuses cgroup v1 by default",
			"move to cgroup v2: add systemd.unified_cgroup_hierarchy=1 to GRUB_CMDLINE_LINUX in /etc/default/grub, run sudo grub2-mkconfig -o /boot/grub2/grub.cfg, then reboot" + k0sOptOut},
		{"cgroup v1 on a Pi whose cmdline.txt was not read: the usual place", edited(func(h *probe.Host) {
			h.Cgroup.Version, h.Boot.RaspberryPi = probe.CgroupV1, "Raspberry Pi 4 Model B Rev 1.4"
		}), "k0s", "worker", CheckCgroup,
			Fail, "v1 with cpu, cpuset, memory, pids", "this machine runs cgroup v1, and this release refuses cgroup v1 by default",
			"move to cgroup v2: append systemd.unified_cgroup_hierarchy=1 to the single line of /boot/firmware/cmdline.txt, then reboot" + k0sOptOut},
		{"memory off on Raspbian, cmdline.txt where older releases keep it", edited(func(h *probe.Host) {
			memoryOff(h)
			h.OS.ID, h.Boot.CmdlineTxtPath, h.Boot.CmdlineTxt = "raspbian", "/boot/cmdline.txt", "console=tty1 rootwait cgroup_enable=memory"
		}), "k3s", "server", CheckCgroup,
			Fail, "v2 with pids, cpu, cpuset; no memory", "the kernel has disabled the memory controller",
			"append cgroup_memory=1 cgroup_enable=memory to the single line of /boot/cmdline.txt, then reboot"},
		{"memory off, cmdline.txt asks only cgroup_memory=1", edited(func(h *probe.Host) {
			memoryOff(h)
			h.Boot.CmdlineTxtPath, h.Boot.CmdlineTxt = "/boot/firmware/cmdline.txt", "rootwait cgroup_memory=1"
		}), "k3s", "server", CheckCgroup,
			Fail, "v2 with pids, cpu, cpuset; no memory", "the kernel has disabled the memory controller",
			"append cgroup_memory=1 cgroup_enable=memory to the single line of /boot/firmware/cmdline.txt, then reboot"},
		{"another controller off: cgroup_enable names it", edited(func(h *probe.Host) {
			h.Cgroup.Controllers = []string{"cpu", "memory", "pids"}
			h.Cgroup.Disabled = []string{"cpuset"}
		}), "k3s", "server", CheckCgroup,
			Fail, "v2 with pids, cpu, memory; no cpuset", "the kernel has disabled the cpuset controller",
			"add cgroup_enable=cpuset to GRUB_CMDLINE_LINUX in /etc/default/grub, run sudo update-grub, then reboot"},
		{"a controller missing from a cgroup with no path", edited(func(h *probe.Host) {
			h.Cgroup.Controllers, h.Cgroup.Path = []string{"cpu", "cpuset", "memory"}, ""
		}), "k3s", "server", CheckCgroup,
			Fail, "v2 with cpu, cpuset, memory; no pids", "pids not usable in this process's cgroup (unknown)",
			"run as root from the host's root cgroup, or delegate the controllers (systemd: Delegate=yes on the service that starts it)"},
		// arch: a 32-bit OS on a 64-bit CPU is fixable
		{"a 32-bit OS on a CPU with long mode", edited(func(h *probe.Host) {
			h.OS.Arch, h.OS.Machine, h.CPU.Flags = "386", "i686", []string{"fpu", "lm"}
		}), "k3s", "server", CheckArch,
			Fail, "386 (i686)", "no build for 386 (i686); supported: amd64, arm64, arm/v7; this is a 32-bit OS, but its CPU has the lm (long mode) flag",
			"install the 64-bit version of the OS"},
		{"a 32-bit x86 CPU", edited(func(h *probe.Host) {
			h.OS.Arch, h.OS.Machine, h.CPU.Flags = "386", "i686", []string{"fpu", "pae"}
		}), "k3s", "server", CheckArch,
			Fail, "386 (i686)", "no build for 386 (i686); supported: amd64, arm64, arm/v7", hardwareOnly},
		{"a 32-bit ARM OS on an ARMv8 core", edited(func(h *probe.Host) {
			h.OS.Arch, h.OS.Machine, h.CPU.Model = "arm", "armv7l", "Cortex-A53"
		}), "microk8s", "node", CheckArch,
			Fail, "arm (armv7l)", "no build for arm (armv7l); supported: amd64, arm64, s390x, ppc64le; this is a 32-bit OS, but its Cortex-A53 is an ARMv8 core",
			"install the 64-bit version of the OS"},
		{"an ARMv7 core", edited(func(h *probe.Host) {
			h.OS.Arch, h.OS.Machine, h.CPU.Model = "arm", "armv7l", "Cortex-A7"
		}), "microk8s", "node", CheckArch,
			Fail, "arm (armv7l)", "no build for arm (armv7l); supported: amd64, arm64, s390x, ppc64le", hardwareOnly},
		{"ARMv6 does not run ARMv7 code", edited(func(h *probe.Host) { h.OS.Arch, h.OS.Machine = "arm", "armv6l" }), "k3s", "agent", CheckArch,
			Fail, "arm (armv6l)", "no build for arm (armv6l); supported: amd64, arm64, arm/v7", hardwareOnly},
		// disk: Talos takes a whole disk of at least 10 GiB
		{"Talos on a disk of exactly 10 GiB", edited(func(h *probe.Host) { h.Disk.DeviceBytes = 10 * GiB }), "talos", "worker", CheckDisk,
			Warn, "10 GiB disk (sda)", "has 10 GiB: meets the 10 GiB minimum, below the 100 GiB recommendation", ""},
		{"Talos on a disk a byte smaller", edited(func(h *probe.Host) { h.Disk.DeviceBytes = 10*GiB - 1 }), "talos", "worker", CheckDisk,
			Fail, "10 GiB disk (sda)", "needs 10 GiB, has 10 GiB", hardwareOnly},
		{"Talos on a disk of unknown size", edited(func(h *probe.Host) {
			h.Disk.DeviceBytes = 0
			h.Missing = map[string]string{"disk.media": "no /sys/block"}
		}), "talos", "worker", CheckDisk,
			Warn, "unknown", "the size of the disk is unknown: no /sys/block", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := check(t, result(t, Evaluate(derived(tt.host), cat, Options{}), tt.distro, tt.role), tt.id)
			assert.Equal(t, tt.want, c.Verdict, c.Reason)
			assert.Equal(t, tt.got, c.Got)
			assert.Equal(t, tt.reason, c.Reason)
			if c.Verdict != Fail {
				assert.Nil(t, c.Fixable, "only a failure says whether it is fixable")
				return
			}
			require.NotNil(t, c.Fixable)
			assert.Equal(t, tt.fix != hardwareOnly, *c.Fixable)
			assert.Equal(t, tt.fix, c.Fix)
		})
	}
}
