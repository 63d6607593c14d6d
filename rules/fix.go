package rules

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/kfit-dev/kfit/probe"
)

// Package managers, by the OS family os-release names.
const (
	apt    = "apt"
	dnf    = "dnf"
	apk    = "apk"
	pacman = "pacman"
	zypper = "zypper"
)

var families = map[string]string{
	"debian": apt, "ubuntu": apt, "raspbian": apt, "linuxmint": apt, "pop": apt, "kali": apt, "elementary": apt,
	"fedora": dnf, "rhel": dnf, "centos": dnf, "rocky": dnf, "almalinux": dnf, "ol": dnf, "amzn": dnf,
	"alpine": apk, "arch": pacman, "manjaro": pacman, "endeavouros": pacman,
	"opensuse": zypper, "opensuse-leap": zypper, "opensuse-tumbleweed": zypper, "sles": zypper, "suse": zypper,
}

// family returns the package manager of the host's OS, or "".
func family(h probe.Host) string {
	for _, id := range osIDs(h) {
		if f, ok := families[id]; ok {
			return f
		}
	}
	return ""
}

// osIDs is the OS's id followed by the ids it is like (os-release's ID and
// ID_LIKE): linuxmint, then ubuntu, then debian.
func osIDs(h probe.Host) []string {
	return append([]string{h.OS.ID}, strings.Fields(h.OS.IDLike)...)
}

// osIs says whether the host's OS is, or is like, one of ids.
func osIs(h probe.Host, ids ...string) bool {
	for _, id := range osIDs(h) {
		if id != "" && slices.Contains(ids, id) {
			return true
		}
	}
	return false
}

// install says how to install a package on the host's OS family; pkgs maps
// family to the command. "" when there is none for the family.
func install(h probe.Host, pkgs map[string]string) string {
	return pkgs[family(h)]
}

// upgradeFix says how to bring the kernel and firmware up to date with the
// host's package manager, or in words where kfit does not know it.
func upgradeFix(h probe.Host) string {
	cmd := map[string]string{
		apt:    "sudo apt update && sudo apt full-upgrade",
		dnf:    "sudo dnf upgrade --refresh",
		apk:    "sudo apk upgrade",
		pacman: "sudo pacman -Syu",
		zypper: "sudo zypper update",
	}[family(h)]
	if h.OS.ID == "opensuse-tumbleweed" {
		cmd = "sudo zypper dup" // a rolling release upgrades by distribution upgrade
	}
	if cmd == "" {
		return "update the kernel and firmware with your OS's package manager, reboot, and check /proc/cgroups again"
	}
	return "update the kernel and firmware (" + cmd + "), reboot, and check /proc/cgroups again"
}

// serviceFix says how to have a service run now and at every boot
// (enable), or keep it from starting at boot (disable), with the init
// system the host runs: systemctl only under systemd, rc-update and
// rc-service under OpenRC, words elsewhere.
func serviceFix(h probe.Host, enable bool, name string) string {
	switch h.Runtime.Init {
	case "systemd":
		if enable {
			return "sudo systemctl enable --now " + name
		}
		return "sudo systemctl disable " + name
	case "openrc":
		if enable {
			return fmt.Sprintf("sudo rc-update add %s default && sudo rc-service %s start", name, name)
		}
		return fmt.Sprintf("sudo rc-update del %s default", name)
	}
	init := "this machine's init is " + h.Runtime.Init
	if h.Runtime.Init == "" {
		init = "kfit could not tell the init system"
	}
	if enable {
		return fmt.Sprintf("start the %s service and have it start at boot (%s)", name, init)
	}
	return fmt.Sprintf("keep the %s service from starting at boot (%s)", name, init)
}

// cmdlineFix says how to add options to the kernel command line on this
// machine: with the boot loader the probe found (GRUB, systemd-boot, the
// Raspberry Pi firmware's cmdline.txt, extlinux), with the command that
// loader's OS family has; in words where no loader was found, so that it
// never names a file or a command the machine does not have. Sources, read
// 2026-11-30:
//   - systemd-boot: kernel-install(8), https://www.freedesktop.org/software/systemd/man/latest/kernel-install.html
//     (/etc/kernel/cmdline "specifies the kernel command line to use" for the
//     entries it writes); entries' "options" lines, https://uapi-group.org/specifications/specs/boot_loader_specification/
//   - Proxmox VE: https://github.com/proxmox/pve-docs/blob/master/system-booting.adoc
//     ("The kernel commandline needs to be placed as one line in
//     /etc/kernel/cmdline. To apply your changes, run proxmox-boot-tool
//     refresh")
//   - Debian's u-boot-menu: u-boot-update(8), U_BOOT_PARAMETERS in /etc/default/u-boot
//   - Alpine: update-extlinux reads default_kernel_opts from /etc/update-extlinux.conf
//   - WSL: https://learn.microsoft.com/en-us/windows/wsl/wsl-config ([wsl2]
//     kernelCommandLine: "Additional kernel command line arguments")
func cmdlineFix(h probe.Host, opts string) string {
	switch h.Environment.Kind {
	case probe.EnvWSL:
		return fmt.Sprintf(`add %s to kernelCommandLine under [wsl2] in .wslconfig in your Windows user folder, then run wsl --shutdown`, opts)
	case probe.EnvContainer:
		return fmt.Sprintf("add %s to the kernel command line of the host this container runs on (a container boots no kernel of its own), then reboot the host", opts)
	}
	if fix, ok := systemdOptionFix(h, opts); ok {
		return fix
	}
	files := h.Boot.LoaderFiles
	has := func(f string) bool { return slices.Contains(files, f) }
	switch loader(h) {
	case probe.LoaderRaspberryPi:
		file := h.Boot.CmdlineTxtPath
		if file == "" {
			file = "/boot/firmware/cmdline.txt"
		}
		return fmt.Sprintf("append %s to the single line of %s, then reboot", opts, file)
	case probe.LoaderGRUB:
		return grubFix(h, opts)
	case probe.LoaderSystemdBoot:
		if has("/etc/kernel/proxmox-boot-uuids") && has("/etc/kernel/cmdline") {
			return fmt.Sprintf("append %s to the single line of /etc/kernel/cmdline, run sudo proxmox-boot-tool refresh, then reboot", opts)
		}
		entries := "the loader/entries directory of the EFI system partition"
		for _, f := range files {
			if strings.HasSuffix(f, "/loader.conf") {
				entries = path.Join(path.Dir(f), "entries") + "/"
				break
			}
		}
		fix := fmt.Sprintf("add %s to the options line of each entry in %s", opts, entries)
		if has("/etc/kernel/cmdline") {
			fix += " and to /etc/kernel/cmdline (kernel-install writes it into the entries of kernels installed later)"
		}
		return fix + ", then reboot"
	case probe.LoaderExtlinux:
		switch {
		case has("/etc/default/u-boot"):
			return fmt.Sprintf("add %s to U_BOOT_PARAMETERS in /etc/default/u-boot, run sudo u-boot-update, then reboot", opts)
		case has("/etc/update-extlinux.conf"):
			return fmt.Sprintf("add %s to default_kernel_opts in /etc/update-extlinux.conf, run sudo update-extlinux, then reboot", opts)
		}
		conf := "/boot/extlinux/extlinux.conf"
		if !has(conf) && has("/boot/extlinux.conf") {
			conf = "/boot/extlinux.conf"
		}
		return fmt.Sprintf("add %s to the append line of %s, then reboot", opts, conf)
	}
	return fmt.Sprintf("add %s to the kernel command line in your boot loader's configuration (kfit found none it knows here), then reboot", opts)
}

// loader is the boot loader the probe found; a snapshot from before kfit
// looked for loaders still names a Raspberry Pi by its board or OS.
func loader(h probe.Host) string {
	if h.Boot.Loader == "" && (h.Boot.CmdlineTxtPath != "" || h.Boot.RaspberryPi != "" || h.OS.ID == "raspbian") {
		return probe.LoaderRaspberryPi
	}
	return h.Boot.Loader
}

// grubFix says how to add kernel options under GRUB: grubby on Fedora and
// RHEL, which edits every boot entry (their entries are BLS snippets that
// grub2-mkconfig leaves alone) and, since grubby 8.40-64, /etc/kernel/cmdline
// (https://packages.fedoraproject.org/pkgs/grubby/grubby/, changelog:
// "Handle updating /etc/kernel/cmdline"; usage "grubby --update-kernel=ALL
// --args ...", tldr-pages/tldr pages/linux/grubby.md); /etc/default/grub
// and update-grub (grub2-common's wrapper of grub-mkconfig) on Debian and
// Ubuntu; grub-mkconfig or grub2-mkconfig, writing the grub.cfg that is
// there, elsewhere.
func grubFix(h probe.Host, opts string) string {
	fam := family(h)
	if fam == dnf {
		return fmt.Sprintf("sudo grubby --update-kernel=ALL --args=%q, then reboot", opts)
	}
	edit := fmt.Sprintf("add %s to GRUB_CMDLINE_LINUX in /etc/default/grub", opts)
	files := h.Boot.LoaderFiles
	var update string
	switch {
	case fam == apt:
		update = "sudo update-grub"
	case slices.Contains(files, "/boot/grub2/grub.cfg"), fam == zypper:
		update = "sudo grub2-mkconfig -o /boot/grub2/grub.cfg"
	case slices.Contains(files, "/boot/grub/grub.cfg"), fam == pacman, fam == apk:
		update = "sudo grub-mkconfig -o /boot/grub/grub.cfg"
	default:
		return edit + ", regenerate grub.cfg with grub-mkconfig (grub2-mkconfig on some systems), then reboot"
	}
	return fmt.Sprintf("%s, run %s, then reboot", edit, update)
}

// systemdOptionFix handles kernel options that only systemd reads
// (systemd.unified_cgroup_hierarchy): under another init they do nothing.
// OpenRC mounts cgroup v2 when rc.conf says rc_cgroup_mode="unified"
// (https://github.com/OpenRC/openrc/blob/master/etc/rc.conf: "\"unified\"
// mounts cgroups version 2 on /sys/fs/cgroup"). ok is false when the
// options are not systemd's or the init is systemd or unknown.
func systemdOptionFix(h probe.Host, opts string) (string, bool) {
	if !strings.HasPrefix(opts, "systemd.") || h.Runtime.Init == "" || h.Runtime.Init == "systemd" {
		return "", false
	}
	if !strings.HasPrefix(opts, "systemd.unified_cgroup_hierarchy") {
		return fmt.Sprintf("%s is read by systemd, and this machine's init is %s: make the init system do the same", opts, h.Runtime.Init), true
	}
	if h.Runtime.Init == "openrc" {
		return `set rc_cgroup_mode="unified" in /etc/rc.conf, make sure the cgroups service starts at boot (sudo rc-update add cgroups boot), then reboot`, true
	}
	return fmt.Sprintf("have this machine's init (%s) mount cgroup v2 (cgroup2 on /sys/fs/cgroup) instead of the v1 hierarchies; %s is read only by systemd", h.Runtime.Init, opts), true
}
