package rules

import (
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
	return pkgs[family(h)]
}
