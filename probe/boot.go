package probe

import (
	"slices"
	"strings"
)

// Boot is what the kernel was started with, and by what.
type Boot struct {
	Cmdline string `json:"cmdline,omitempty" clean:"4096"` // /proc/cmdline; 4096 is a sanity limit (COMMAND_LINE_SIZE is 2048 on x86 and arm64)
	// CmdlineTxt is the Raspberry Pi firmware's cmdline.txt, where one exists.
	CmdlineTxt     string `json:"cmdlineTxt,omitempty" clean:"4096"`
	CmdlineTxtPath string `json:"cmdlineTxtPath,omitempty"`
	RaspberryPi    string `json:"raspberryPi,omitempty"` // the model, from the device tree
	// Loader is the boot loader whose files are there: LoaderGRUB,
	// LoaderSystemdBoot, LoaderRaspberryPi (the firmware reads cmdline.txt)
	// or LoaderExtlinux; "" when none was found (a container, a VM booted
	// straight into its kernel, or a loader kfit does not know).
	Loader string `json:"loader,omitempty"`
	// LoaderFiles are the files found that say so, and where the kernel
	// command line is kept for it (/etc/default/grub, /etc/kernel/cmdline,
	// ...): a fix names the ones that are there.
	LoaderFiles []string `json:"loaderFiles,omitempty"`
}

// Boot loaders.
const (
	LoaderGRUB        = "grub"
	LoaderSystemdBoot = "systemd-boot"
	LoaderRaspberryPi = "raspberrypi"
	LoaderExtlinux    = "extlinux"
)

// loaderFiles are the files that tell each boot loader, in the order they
// are looked for.
var loaderFiles = map[string][]string{
	// GRUB's settings (Debian's, Fedora's and SUSE's grub2 packages all
	// keep them here) and the config grub-mkconfig writes: /boot/grub on
	// Debian, Ubuntu and Arch, /boot/grub2 on Fedora, RHEL and SUSE.
	LoaderGRUB: {"/etc/default/grub", "/boot/grub/grub.cfg", "/boot/grub2/grub.cfg"},
	// systemd-boot's loader.conf on the ESP or XBOOTLDR (mounted at /boot,
	// /efi or /boot/efi); /etc/kernel/cmdline is the command line
	// kernel-install writes into new entries; proxmox-boot-uuids marks a
	// Proxmox VE host whose ESPs proxmox-boot-tool keeps.
	LoaderSystemdBoot: {"/boot/loader/loader.conf", "/efi/loader/loader.conf", "/boot/efi/loader/loader.conf", "/etc/kernel/cmdline", "/etc/kernel/proxmox-boot-uuids"},
	// U-Boot's extlinux.conf (SBCs), Alpine's syslinux /boot/extlinux.conf
	// and the files their generators read: Alpine's update-extlinux.conf,
	// Debian's u-boot-menu /etc/default/u-boot.
	LoaderExtlinux: {"/boot/extlinux/extlinux.conf", "/boot/extlinux.conf", "/etc/update-extlinux.conf", "/etc/default/u-boot"},
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
	p.loader(h)
}

// loader finds the boot loader by its files; nothing is run (no bootctl,
// no efibootmgr). The Raspberry Pi firmware's cmdline.txt comes first: a Pi
// boots from it whatever else is installed. GRUB comes before
// systemd-boot when both are there and the kernel's command line has
// BOOT_IMAGE=, which GRUB's linux command (and syslinux) adds and
// systemd-boot does not
// (Fedora keeps /etc/kernel/cmdline under GRUB too; a machine moved from
// GRUB to systemd-boot keeps /etc/default/grub).
func (p prober) loader(h *Host) {
	found := map[string][]string{}
	for l, files := range loaderFiles {
		for _, f := range files {
			if p.root.Exists(f) {
				found[l] = append(found[l], f)
			}
		}
	}
	// systemd-boot: a loader.conf, or Proxmox's proxmox-boot-tool (which
	// keeps the ESPs unmounted) with its /etc/kernel/cmdline; not
	// /etc/kernel/cmdline alone, which Fedora writes for GRUB too.
	sd := found[LoaderSystemdBoot]
	sdboot := slices.Contains(sd, "/etc/kernel/cmdline") && slices.Contains(sd, "/etc/kernel/proxmox-boot-uuids")
	for _, f := range sd {
		sdboot = sdboot || strings.HasSuffix(f, "/loader.conf")
	}
	extlinux := false // an extlinux.conf, not only a generator's settings
	for _, f := range found[LoaderExtlinux] {
		extlinux = extlinux || strings.HasSuffix(f, "extlinux.conf") && !strings.HasPrefix(f, "/etc/")
	}
	grubBooted := strings.HasPrefix(h.Boot.Cmdline, "BOOT_IMAGE=") || strings.Contains(h.Boot.Cmdline, " BOOT_IMAGE=")
	switch {
	case h.Boot.CmdlineTxtPath != "":
		h.Boot.Loader, h.Boot.LoaderFiles = LoaderRaspberryPi, []string{h.Boot.CmdlineTxtPath}
		return
	case len(found[LoaderGRUB]) > 0 && (!sdboot || grubBooted):
		h.Boot.Loader = LoaderGRUB
	case sdboot:
		h.Boot.Loader = LoaderSystemdBoot
	case extlinux:
		h.Boot.Loader = LoaderExtlinux
	default:
		return
	}
	h.Boot.LoaderFiles = found[h.Boot.Loader]
}
