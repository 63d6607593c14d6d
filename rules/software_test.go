package rules

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/kfit-dev/kfit/probe"
)

// The swap, ports, storage and kernel-config lines: exactly what was
// found, wanted, why, and the fix.
func TestSoftwareChecksSayExactly(t *testing.T) {
	cat := defaultCatalog(t)
	base := func() probe.Host { return machine("amd64", "x86_64", 4, 8*GiB, 100*GiB) }
	with := func(edit func(h *probe.Host)) probe.Host { h := base(); edit(&h); return h }
	tests := []struct {
		name                     string
		host                     probe.Host
		distro, role, id         string
		want                     Verdict
		got, wanted, reason, fix string
	}{
		{"kubeadm's kubelet refuses swap", with(func(h *probe.Host) { h.Memory.SwapBytes = u64(GiB) }), "kubeadm", "control-plane", CheckSwap,
			Fail, "1 GiB", "no swap", "swap is on, and the kubelet refuses to start with swap by default", "sudo swapoff -a, and comment out the swap lines in /etc/fstab"},
		{"swap on a Pi named by its board", with(func(h *probe.Host) { h.Memory.SwapBytes, h.Boot.RaspberryPi = u64(100*MiB), "Raspberry Pi 3 Model B" }), "k3s", "agent", CheckSwap,
			Warn, "100 MiB", "no swap", "swap is on; the kubelet tolerates it (failSwapOn: false), but pods' memory limits and evictions assume no swap",
			"sudo dphys-swapfile swapoff && sudo systemctl disable dphys-swapfile"},
		{"two ports taken: the first is looked up", with(func(h *probe.Host) { h.Ports.Listening = []string{"8472/udp", "6443/tcp"} }), "k3s", "server", CheckPorts,
			Fail, "in use: 6443/tcp 8472/udp", "6443/tcp 10250/tcp 8472/udp free", "6443/tcp, 8472/udp already in use (by another service, or by an installed Kubernetes)",
			"stop what listens there; find it with: sudo ss -lntup 'sport = :6443'"},
		{"an SD card", with(func(h *probe.Host) { h.Disk.FSType, h.Disk.Device, h.Disk.Media = "ext4", "mmcblk0", "sd" }), "k3s", "server", CheckStorage,
			Warn, "ext4 on mmcblk0 (sd)", "not on hdd or sd", "/var/lib is on an SD card or eMMC; the docs advise an SSD for its datastore",
			"put /var/lib on an SSD (an external USB SSD on a Raspberry Pi)"},
		{"a file system on unknown media", with(func(h *probe.Host) {
			h.Disk.Media, h.Disk.Path = "", ""
			h.Missing = map[string]string{"disk.media": "no /sys/block"}
		}), "k3s", "server", CheckStorage,
			Warn, "ext4, unknown media", "not on hdd or sd", "the disk under (unknown) is unknown: no /sys/block", ""},
		{"nothing known of the disk", with(func(h *probe.Host) {
			h.Disk.Media, h.Disk.FSType = "", ""
			h.Missing = map[string]string{"disk.media": "no /sys/block"}
		}), "k3s", "server", CheckStorage,
			Warn, "unknown", "not on hdd or sd", "the disk under /var/lib is unknown: no /sys/block", ""},
		{"a kernel without VXLAN on an OS kfit has no package for", with(func(h *probe.Host) { h.Kernel.Options["VXLAN"] = "n"; h.OS.ID = "gentoo" }), "k3s", "server", CheckKernel,
			Fail, "28 of 29 found (/proc/config.gz)", "29 options", "the kernel lacks CONFIG_VXLAN", "boot a kernel built with CONFIG_VXLAN"},
		{"modules only, none of them known", with(func(h *probe.Host) {
			h.Kernel = probe.Kernel{Modules: map[string]string{}}
			h.Missing = map[string]string{"kernel.config": "no kernel config"}
		}), "k3s", "server", CheckKernel,
			Warn, "0 of 29 found (no config; modules only)", "29 options", "29 options could not be checked: no kernel config", ""},
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
