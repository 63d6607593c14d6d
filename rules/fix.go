package rules

import (
	"fmt"
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
	for _, id := range append([]string{h.OS.ID}, strings.Fields(h.OS.IDLike)...) {
		if f, ok := families[id]; ok {
			return f
		}
	}
	return ""
}

// install says how to install a package on the host's OS family; pkgs maps
// family to the command. "" when there is none for the family.
func install(h probe.Host, pkgs map[string]string) string {
	if cmd, ok := pkgs[family(h)]; ok {
		return cmd
	}
	return ""
}

var installDriver = map[string]string{
	apt:    "sudo apt install docker.io && sudo usermod -aG docker $USER",
	dnf:    "sudo dnf install podman",
	apk:    "sudo apk add docker && sudo rc-update add docker && sudo service docker start",
	pacman: "sudo pacman -S docker && sudo systemctl enable --now docker",
	zypper: "sudo zypper install docker && sudo systemctl enable --now docker",
}

var installTool = map[string]map[string]string{
	"snap": {
		apt:    "sudo apt install snapd",
		dnf:    "sudo dnf install snapd && sudo ln -s /var/lib/snapd/snap /snap",
		zypper: "add the snappy repository, then sudo zypper install snapd",
		pacman: "install snapd from the AUR, then sudo systemctl enable --now snapd.socket",
	},
	"docker": installDriver,
	"podman": {apt: "sudo apt install podman", dnf: "sudo dnf install podman", apk: "sudo apk add podman",
		pacman: "sudo pacman -S podman", zypper: "sudo zypper install podman"},
}

var kernelModulesExtra = map[string]string{
	apt: "sudo apt install linux-modules-extra-$(uname -r)",
	dnf: "sudo dnf install kernel-modules-extra",
}

// cmdlineFix says how to add kernel boot options: cmdline.txt on a
// Raspberry Pi, GRUB elsewhere.
func cmdlineFix(h probe.Host, opts string) string {
	if h.Boot.CmdlineTxtPath != "" || h.Boot.RaspberryPi != "" || h.OS.ID == "raspbian" {
		file := h.Boot.CmdlineTxtPath
		if file == "" {
			file = "/boot/firmware/cmdline.txt"
		}
		return fmt.Sprintf("append %s to the single line of %s, then reboot", opts, file)
	}
	update := "sudo update-grub"
	if family(h) == dnf || family(h) == zypper {
		update = "sudo grub2-mkconfig -o /boot/grub2/grub.cfg"
	}
	return fmt.Sprintf("add %s to GRUB_CMDLINE_LINUX in /etc/default/grub, run %s, then reboot", opts, update)
}

// sixtyFourBitCapable says whether a 32-bit kernel runs on a CPU that could
// run a 64-bit OS, with the evidence.
func sixtyFourBitCapable(h probe.Host) (bool, string) {
	switch h.OS.Arch {
	case "386":
		if slices.Contains(h.CPU.Flags, "lm") {
			return true, "its CPU has the lm (long mode) flag"
		}
	case "arm":
		for _, core := range []string{"Cortex-A35", "Cortex-A53", "Cortex-A55", "Cortex-A57", "Cortex-A72", "Cortex-A73", "Cortex-A75", "Cortex-A76", "Cortex-A78", "Neoverse"} {
			if strings.HasPrefix(h.CPU.Model, core) {
				return true, "its " + h.CPU.Model + " is an ARMv8 core"
			}
		}
	}
	return false, ""
}

func fixable(c Check, fix string) Check {
	t := true
	c.Fixable, c.Fix = &t, fix
	return c
}

func hardware(c Check) Check {
	f := false
	c.Fixable = &f
	return c
}
