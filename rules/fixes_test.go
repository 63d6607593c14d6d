package rules

import (
	"fmt"
	"strings"
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
		{"cgroup v1 on Fedora: grubby", edited(func(h *probe.Host) { h.Cgroup.Version, h.OS.ID = probe.CgroupV1, "fedora" }), "k0s", "worker", CheckCgroup,
			Fail, "v1 with cpu, cpuset, memory, pids", "this machine runs cgroup v1, and this release refuses cgroup v1 by default",
			`move to cgroup v2: sudo grubby --update-kernel=ALL --args="systemd.unified_cgroup_hierarchy=1", then reboot` + k0sOptOut},
		{"cgroup v1 on openSUSE: grub2-mkconfig", edited(func(h *probe.Host) { h.Cgroup.Version, h.OS.ID = probe.CgroupV1, "opensuse-leap" }), "k0s", "worker", CheckCgroup,
			Fail, "v1 with cpu, cpuset, memory, pids", "this machine runs cgroup v1, and this release refuses cgroup v1 by default",
			"move to cgroup v2: add systemd.unified_cgroup_hierarchy=1 to GRUB_CMDLINE_LINUX in /etc/default/grub, run sudo grub2-mkconfig -o /boot/grub2/grub.cfg, then reboot" + k0sOptOut},
		{"cgroup v1 on a Pi whose cmdline.txt was not read: the usual place", edited(func(h *probe.Host) {
			h.Cgroup.Version, h.Boot.RaspberryPi = probe.CgroupV1, "Raspberry Pi 4 Model B Rev 1.4"
			h.Boot.Loader, h.Boot.LoaderFiles = "", nil // a snapshot from before kfit looked for loaders
		}), "k0s", "worker", CheckCgroup,
			Fail, "v1 with cpu, cpuset, memory, pids", "this machine runs cgroup v1, and this release refuses cgroup v1 by default",
			"move to cgroup v2: append systemd.unified_cgroup_hierarchy=1 to the single line of /boot/firmware/cmdline.txt, then reboot" + k0sOptOut},
		{"memory off on Raspbian, cmdline.txt where older releases keep it", edited(func(h *probe.Host) {
			memoryOff(h)
			h.OS.ID, h.Boot.CmdlineTxtPath, h.Boot.CmdlineTxt = "raspbian", "/boot/cmdline.txt", "console=tty1 rootwait cgroup_enable=memory"
			h.Boot.Loader, h.Boot.LoaderFiles = probe.LoaderRaspberryPi, []string{"/boot/cmdline.txt"}
		}), "k3s", "server", CheckCgroup,
			Fail, "v2 with pids, cpu, cpuset; no memory", "the kernel has disabled the memory controller",
			"append cgroup_memory=1 cgroup_enable=memory to the single line of /boot/cmdline.txt, then reboot"},
		{"memory off, cmdline.txt asks only cgroup_memory=1", edited(func(h *probe.Host) {
			memoryOff(h)
			h.Boot.CmdlineTxtPath, h.Boot.CmdlineTxt = "/boot/firmware/cmdline.txt", "rootwait cgroup_memory=1"
			h.Boot.Loader, h.Boot.LoaderFiles = probe.LoaderRaspberryPi, []string{"/boot/firmware/cmdline.txt"}
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

// A machine as the probe finds it: its OS, init system and boot loader.
type bootedHost struct {
	id, idLike, init, loader string
	files                    []string
	env                      string
	pi                       string // the board, from the device tree
}

func (b bootedHost) host(edit func(h *probe.Host)) probe.Host {
	return edited(func(h *probe.Host) {
		h.OS.ID, h.OS.IDLike, h.Runtime.Init = b.id, b.idLike, b.init
		h.Boot.Loader, h.Boot.LoaderFiles = b.loader, b.files
		h.Environment.Kind, h.Boot.RaspberryPi = b.env, b.pi
		if b.loader == probe.LoaderRaspberryPi {
			h.Boot.CmdlineTxtPath = b.files[0]
		}
		edit(h)
	})
}

// The machines the fix texts are tried on.
var (
	debianGRUB    = bootedHost{id: "debian", init: "systemd", loader: probe.LoaderGRUB, files: []string{"/etc/default/grub", "/boot/grub/grub.cfg"}}
	ubuntuGRUB    = bootedHost{id: "ubuntu", idLike: "debian", init: "systemd", loader: probe.LoaderGRUB, files: []string{"/etc/default/grub", "/boot/grub/grub.cfg"}}
	fedoraGRUB    = bootedHost{id: "fedora", init: "systemd", loader: probe.LoaderGRUB, files: []string{"/etc/default/grub"}} // /boot/grub2 is root's only
	rockyGRUB     = bootedHost{id: "rocky", idLike: "rhel centos fedora", init: "systemd", loader: probe.LoaderGRUB, files: []string{"/etc/default/grub", "/boot/grub2/grub.cfg"}}
	leapGRUB      = bootedHost{id: "opensuse-leap", idLike: "suse opensuse", init: "systemd", loader: probe.LoaderGRUB, files: []string{"/etc/default/grub", "/boot/grub2/grub.cfg"}}
	archGRUB      = bootedHost{id: "arch", init: "systemd", loader: probe.LoaderGRUB, files: []string{"/etc/default/grub", "/boot/grub/grub.cfg"}}
	gentooGRUB    = bootedHost{id: "gentoo", init: "openrc", loader: probe.LoaderGRUB, files: []string{"/etc/default/grub"}}
	archSDBoot    = bootedHost{id: "arch", init: "systemd", loader: probe.LoaderSystemdBoot, files: []string{"/efi/loader/loader.conf"}}
	fedoraSDBoot  = bootedHost{id: "fedora", init: "systemd", loader: probe.LoaderSystemdBoot, files: []string{"/boot/efi/loader/loader.conf", "/etc/kernel/cmdline"}}
	proxmox       = bootedHost{id: "debian", init: "systemd", loader: probe.LoaderSystemdBoot, files: []string{"/etc/kernel/cmdline", "/etc/kernel/proxmox-boot-uuids"}}
	alpine        = bootedHost{id: "alpine", init: "openrc", loader: probe.LoaderExtlinux, files: []string{"/boot/extlinux.conf", "/etc/update-extlinux.conf"}}
	debianSBC     = bootedHost{id: "debian", init: "systemd", loader: probe.LoaderExtlinux, files: []string{"/boot/extlinux/extlinux.conf", "/etc/default/u-boot"}}
	plainExtlinux = bootedHost{id: "postmarketos", init: "openrc", loader: probe.LoaderExtlinux, files: []string{"/boot/extlinux/extlinux.conf"}}
	piOS          = bootedHost{id: "debian", init: "systemd", loader: probe.LoaderRaspberryPi, files: []string{"/boot/firmware/cmdline.txt"}, pi: "Raspberry Pi 4 Model B Rev 1.5"}
	ubuntuPi      = bootedHost{id: "ubuntu", idLike: "debian", init: "systemd", loader: probe.LoaderRaspberryPi, files: []string{"/boot/firmware/cmdline.txt"}, pi: "Raspberry Pi 4 Model B Rev 1.5"}
	firecracker   = bootedHost{id: "debian", init: "systemd", env: probe.EnvVM} // booted straight into its kernel
	dockerDebian  = bootedHost{id: "debian", init: "process_api", env: probe.EnvContainer}
	wslUbuntu     = bootedHost{id: "ubuntu", idLike: "debian", init: "systemd", env: probe.EnvWSL}
	voidRunit     = bootedHost{id: "void", init: "runit", loader: probe.LoaderGRUB, files: []string{"/etc/default/grub", "/boot/grub/grub.cfg"}}
)

// Every fix names only what the machine has: its boot loader's files and
// commands, its init system's commands, its package manager and packages.
func TestFixesFitTheBootLoaderAndInit(t *testing.T) {
	cat := defaultCatalog(t)
	v1 := func(h *probe.Host) { h.Cgroup.Version = probe.CgroupV1 }
	memoryOff := func(h *probe.Host) {
		h.Cgroup.Controllers = []string{"cpu", "cpuset", "pids"}
		h.Cgroup.Disabled = []string{"memory"}
	}
	noVXLAN := func(h *probe.Host) { h.Kernel.Options["VXLAN"] = "n" }
	swapOn := func(h *probe.Host) { h.Memory.SwapBytes = u64(GiB) }
	dockerStopped := func(h *probe.Host) { h.Runtime.Tools["docker"] = probe.Tool{Path: "/usr/bin/docker"} }
	noSnap := func(h *probe.Host) { delete(h.Runtime.Tools, "snap") }
	portTaken := func(h *probe.Host) { h.Ports.Listening = []string{"6443/tcp"} }
	tests := []struct {
		name             string
		machine          bootedHost
		edit             func(h *probe.Host)
		distro, role, id string
		fix              string
	}{
		// the kernel command line, per boot loader
		{"Debian with GRUB: update-grub", debianGRUB, v1, "k0s", "worker", CheckCgroup,
			"add systemd.unified_cgroup_hierarchy=1 to GRUB_CMDLINE_LINUX in /etc/default/grub, run sudo update-grub, then reboot"},
		{"Ubuntu with GRUB: update-grub", ubuntuGRUB, memoryOff, "k3s", "server", CheckCgroup,
			"add cgroup_memory=1 cgroup_enable=memory to GRUB_CMDLINE_LINUX in /etc/default/grub, run sudo update-grub, then reboot"},
		{"Fedora with GRUB: grubby edits every entry", fedoraGRUB, v1, "k0s", "worker", CheckCgroup,
			`sudo grubby --update-kernel=ALL --args="systemd.unified_cgroup_hierarchy=1", then reboot`},
		{"Rocky Linux with GRUB: grubby", rockyGRUB, memoryOff, "k3s", "server", CheckCgroup,
			`sudo grubby --update-kernel=ALL --args="cgroup_memory=1 cgroup_enable=memory", then reboot`},
		{"openSUSE with GRUB: grub2-mkconfig", leapGRUB, v1, "k0s", "worker", CheckCgroup,
			"add systemd.unified_cgroup_hierarchy=1 to GRUB_CMDLINE_LINUX in /etc/default/grub, run sudo grub2-mkconfig -o /boot/grub2/grub.cfg, then reboot"},
		{"Arch with GRUB: grub-mkconfig", archGRUB, v1, "k0s", "worker", CheckCgroup,
			"add systemd.unified_cgroup_hierarchy=1 to GRUB_CMDLINE_LINUX in /etc/default/grub, run sudo grub-mkconfig -o /boot/grub/grub.cfg, then reboot"},
		{"GRUB on an OS kfit has no command for: words", gentooGRUB, memoryOff, "k3s", "server", CheckCgroup,
			"add cgroup_memory=1 cgroup_enable=memory to GRUB_CMDLINE_LINUX in /etc/default/grub, regenerate grub.cfg with grub-mkconfig (grub2-mkconfig on some systems), then reboot"},
		{"Arch with systemd-boot: its entries", archSDBoot, v1, "k0s", "worker", CheckCgroup,
			"add systemd.unified_cgroup_hierarchy=1 to the options line of each entry in /efi/loader/entries/, then reboot"},
		{"Fedora with systemd-boot: the entries and /etc/kernel/cmdline", fedoraSDBoot, memoryOff, "k3s", "server", CheckCgroup,
			"add cgroup_memory=1 cgroup_enable=memory to the options line of each entry in /boot/efi/loader/entries/ and to /etc/kernel/cmdline (kernel-install writes it into the entries of kernels installed later), then reboot"},
		{"Proxmox VE with systemd-boot: proxmox-boot-tool", proxmox, v1, "k0s", "worker", CheckCgroup,
			"append systemd.unified_cgroup_hierarchy=1 to the single line of /etc/kernel/cmdline, run sudo proxmox-boot-tool refresh, then reboot"},
		{"Alpine with extlinux: update-extlinux", alpine, memoryOff, "k3s", "server", CheckCgroup,
			"add cgroup_memory=1 cgroup_enable=memory to default_kernel_opts in /etc/update-extlinux.conf, run sudo update-extlinux, then reboot"},
		{"Debian on an SBC with u-boot-menu: u-boot-update", debianSBC, memoryOff, "k3s", "server", CheckCgroup,
			"add cgroup_memory=1 cgroup_enable=memory to U_BOOT_PARAMETERS in /etc/default/u-boot, run sudo u-boot-update, then reboot"},
		{"a hand-written extlinux.conf: its append line", plainExtlinux, memoryOff, "k3s", "server", CheckCgroup,
			"add cgroup_memory=1 cgroup_enable=memory to the append line of /boot/extlinux/extlinux.conf, then reboot"},
		{"Raspberry Pi OS: cmdline.txt", piOS, memoryOff, "k3s", "server", CheckCgroup,
			"append cgroup_memory=1 cgroup_enable=memory to the single line of /boot/firmware/cmdline.txt, then reboot"},
		{"no boot loader found: words, no command", firecracker, v1, "k0s", "worker", CheckCgroup,
			"add systemd.unified_cgroup_hierarchy=1 to the kernel command line in your boot loader's configuration (kfit found none it knows here), then reboot"},
		{"a container: the host's kernel", dockerDebian, memoryOff, "k3s", "server", CheckCgroup,
			"add cgroup_memory=1 cgroup_enable=memory to the kernel command line of the host this container runs on (a container boots no kernel of its own), then reboot the host"},
		{"WSL: .wslconfig", wslUbuntu, v1, "k0s", "worker", CheckCgroup,
			"add systemd.unified_cgroup_hierarchy=1 to kernelCommandLine under [wsl2] in .wslconfig in your Windows user folder, then run wsl --shutdown"},
		// cgroup v2 where systemd does not run
		{"OpenRC: rc_cgroup_mode, not a systemd option", alpine, v1, "k0s", "worker", CheckCgroup,
			`set rc_cgroup_mode="unified" in /etc/rc.conf, make sure the cgroups service starts at boot (sudo rc-update add cgroups boot), then reboot`},
		{"runit: mount cgroup2, in words", voidRunit, v1, "k0s", "worker", CheckCgroup,
			"have this machine's init (runit) mount cgroup v2 (cgroup2 on /sys/fs/cgroup) instead of the v1 hierarchies; systemd.unified_cgroup_hierarchy=1 is read only by systemd"},
		// cmdline.txt already asks for the memory controller: an update
		{"the Pi's cmdline.txt already asks for memory: apt full-upgrade", piOS, func(h *probe.Host) {
			memoryOff(h)
			h.Boot.CmdlineTxt = "console=tty1 cgroup_memory=1 cgroup_enable=memory"
		}, "k3s", "server", CheckCgroup,
			"update the kernel and firmware (sudo apt update && sudo apt full-upgrade), reboot, and check /proc/cgroups again"},
		{"the same on Alpine on a Pi: apk upgrade", bootedHost{id: "alpine", init: "openrc", loader: probe.LoaderRaspberryPi, files: []string{"/boot/cmdline.txt"}}, func(h *probe.Host) {
			memoryOff(h)
			h.Boot.CmdlineTxt = "modules=loop,squashfs cgroup_memory=1 cgroup_enable=memory"
		}, "k3s", "server", CheckCgroup,
			"update the kernel and firmware (sudo apk upgrade), reboot, and check /proc/cgroups again"},
		// the kernel's modules
		{"Ubuntu: linux-modules-extra", ubuntuGRUB, noVXLAN, "k3s", "server", CheckKernel,
			"sudo apt install linux-modules-extra-$(uname -r) (or boot a kernel built with them)"},
		{"Debian has no linux-modules-extra", debianGRUB, noVXLAN, "k3s", "server", CheckKernel,
			"boot a kernel built with CONFIG_VXLAN"},
		{"Rocky Linux: kernel-modules-extra", rockyGRUB, noVXLAN, "k3s", "server", CheckKernel,
			"sudo dnf install kernel-modules-extra (or boot a kernel built with them)"},
		{"Alpine: no package kfit knows", alpine, noVXLAN, "k3s", "server", CheckKernel,
			"boot a kernel built with CONFIG_VXLAN"},
		// services, by init system
		{"Docker stopped under systemd", debianGRUB, dockerStopped, "kind", "cluster", CheckRuntime,
			"start the Docker daemon (sudo systemctl enable --now docker)"},
		{"Docker stopped under OpenRC", alpine, dockerStopped, "kind", "cluster", CheckRuntime,
			"start the Docker daemon (sudo rc-update add docker default && sudo rc-service docker start)"},
		{"Docker stopped under runit: words", voidRunit, dockerStopped, "kind", "cluster", CheckRuntime,
			"start the Docker daemon (start the docker service and have it start at boot (this machine's init is runit))"},
		{"swap on Raspberry Pi OS: dphys-swapfile", piOS, swapOn, "k3s", "agent", CheckSwap,
			"sudo dphys-swapfile swapoff && sudo systemctl disable dphys-swapfile"},
		{"swap on Raspberry Pi OS 13: rpi-swap, not dphys-swapfile", piOS, func(h *probe.Host) { swapOn(h); h.OS.Version = "13" }, "k3s", "agent", CheckSwap,
			"sudo swapoff -a, and set rpi-swap's mechanism to none in its swap.conf (swap.conf(5)), then reboot"},
		{"swap on Raspberry Pi OS of unknown release: both ways, in words", piOS, func(h *probe.Host) { swapOn(h); h.OS.Version = "" }, "k3s", "agent", CheckSwap,
			"sudo swapoff -a, then keep swap from coming back at boot: dphys-swapfile makes it up to Raspberry Pi OS 12, rpi-swap (its swap.conf) from 13"},
		{"swap on Ubuntu on a Pi: fstab, not dphys-swapfile", ubuntuPi, swapOn, "k3s", "agent", CheckSwap,
			"sudo swapoff -a, and comment out the swap lines in /etc/fstab"},
		{"swap on Fedora: its swap on zram is not in fstab", fedoraGRUB, swapOn, "k3s", "agent", CheckSwap,
			"sudo swapoff -a && sudo dnf remove zram-generator-defaults (Fedora's swap on zram), and comment out any swap lines in /etc/fstab"},
		{"swap on Rocky Linux: fstab", rockyGRUB, swapOn, "k3s", "agent", CheckSwap,
			"sudo swapoff -a, and comment out the swap lines in /etc/fstab"},
		// snapd
		{"no snap on Debian", debianGRUB, noSnap, "microk8s", "node", CheckRuntime, "sudo apt install snapd"},
		{"no snap on Fedora", fedoraGRUB, noSnap, "microk8s", "node", CheckRuntime, "sudo dnf install snapd && sudo ln -s /var/lib/snapd/snap /snap"},
		{"no snap on Rocky: EPEL first", rockyGRUB, noSnap, "microk8s", "node", CheckRuntime,
			"enable EPEL (sudo dnf install epel-release, or on RHEL the epel-release package from dl.fedoraproject.org), then sudo dnf install snapd && sudo systemctl enable --now snapd.socket && sudo ln -s /var/lib/snapd/snap /snap"},
		{"no snap on Amazon Linux: no package kfit knows, in words", bootedHost{id: "amzn", idLike: "fedora", init: "systemd", loader: probe.LoaderGRUB, files: []string{"/etc/default/grub"}}, noSnap, "microk8s", "node", CheckRuntime,
			"install snap with your OS's package manager"},
		{"no snap on Alpine: snapd needs systemd", alpine, noSnap, "microk8s", "node", CheckRuntime,
			"snapd needs systemd, and this machine's init is openrc: use an OS with systemd and snapd (MicroK8s's docs use Ubuntu)"},
		// ports
		{"a port taken on Debian: ss", debianGRUB, portTaken, "k3s", "server", CheckPorts, "stop what listens there; find it with: sudo ss -lntup 'sport = :6443'"},
		{"a port taken on Alpine: BusyBox netstat", alpine, portTaken, "k3s", "server", CheckPorts, "stop what listens there; find it with: sudo netstat -lntup | grep ':6443 '"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := check(t, result(t, Evaluate(derived(tt.machine.host(tt.edit)), cat, Options{}), tt.distro, tt.role), tt.id)
			require.NotEqual(t, Pass, c.Verdict, c.Reason)
			want := tt.fix
			if strings.Contains(c.Reason, "refuses cgroup v1") {
				// Moving to v2 comes first, k0s's opt-out second.
				want = "move to cgroup v2: " + tt.fix + k0sOptOut
			}
			assert.Equal(t, want, c.Fix)
		})
	}
}

// No fix, for any role, names a command or file of another boot loader,
// init system or OS family than the machine's, however broken it is.
func TestNoFixNamesWhatTheMachineLacks(t *testing.T) {
	cat := defaultCatalog(t)
	broken := []func(h *probe.Host){
		func(h *probe.Host) {
			h.Cgroup.Version = probe.CgroupV1
			h.Kernel.Options["VXLAN"] = "n"
			h.Memory.SwapBytes = u64(GiB)
			h.Runtime.Tools = map[string]probe.Tool{"docker": {Path: "/usr/bin/docker"}}
			h.Ports.Listening = []string{"6443/tcp", "16443/tcp"}
			h.Laptop = &probe.Laptop{LidSwitch: "suspend", LidSwitchExternalPower: "suspend", LidSwitchDocked: "ignore", SleepUnmasked: []string{"sleep.target"}}
		},
		func(h *probe.Host) {
			h.Cgroup.Controllers = []string{"cpu", "cpuset", "pids"}
			h.Cgroup.Disabled = []string{"memory"}
			h.Runtime.Tools = map[string]probe.Tool{}
		},
	}
	grubWords := []string{"update-grub", "grub-mkconfig", "grub2-mkconfig", "grubby", "GRUB_CMDLINE_LINUX", "/etc/default/grub"}
	for _, tt := range []struct {
		name      string
		machine   bootedHost
		forbidden []string
	}{
		{"Alpine with OpenRC and extlinux", alpine, append([]string{"systemctl", "systemd.unified", "apt ", "dnf ", "zypper", "pacman", "install snapd", "cmdline.txt", "dphys-swapfile", "linux-modules-extra", " ss "}, grubWords...)},
		{"Debian with GRUB", debianGRUB, []string{"rc-update", "rc-service", "dnf ", "zypper", "grubby", "grub2-mkconfig", "linux-modules-extra", "cmdline.txt", "dphys-swapfile", "loader/entries", "extlinux"}},
		{"Fedora with GRUB", fedoraGRUB, []string{"apt ", "update-grub", "rc-update", "linux-modules-extra", "cmdline.txt", "dphys-swapfile", "extlinux"}},
		{"Arch with systemd-boot", archSDBoot, append([]string{"apt ", "dnf ", "rc-update", "cmdline.txt", "linux-modules-extra", "dphys-swapfile"}, grubWords...)},
		{"Raspberry Pi OS", piOS, append([]string{"dnf ", "rc-update", "loader/entries", "extlinux", "linux-modules-extra"}, grubWords...)},
		{"a VM booted straight into its kernel", firecracker, append([]string{"cmdline.txt", "loader/entries", "extlinux", "rc-update", "linux-modules-extra"}, grubWords...)},
		{"Void with runit", voidRunit, []string{"systemctl", "systemd.unified_cgroup_hierarchy=1 to", "rc-update", "rc-service", "install snapd", "logind.conf.d"}},
		{"a Docker container", dockerDebian, append([]string{"systemctl", "cmdline.txt", "loader/entries", "extlinux"}, grubWords...)},
	} {
		for i, b := range broken {
			t.Run(fmt.Sprintf("%s, broken way %d", tt.name, i+1), func(t *testing.T) {
				rep := Evaluate(derived(tt.machine.host(b)), cat, Options{})
				var fixes []string
				for _, r := range rep.Results {
					for _, c := range r.Checks {
						if c.Fix != "" {
							fixes = append(fixes, r.Distro+" "+r.Role+" "+c.ID+": "+c.Fix)
						}
					}
				}
				for _, c := range rep.Laptop {
					if c.Fix != "" {
						fixes = append(fixes, "laptop "+c.ID+": "+c.Fix)
					}
				}
				require.NotEmpty(t, fixes)
				for _, f := range fixes {
					for _, w := range tt.forbidden {
						assert.NotContains(t, f, w)
					}
				}
			})
		}
	}
}
