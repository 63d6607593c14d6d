package rules

import (
	"strconv"
	"strings"

	"github.com/kfit-dev/kfit/catalog"
	"github.com/kfit-dev/kfit/internal/units"
	"github.com/kfit-dev/kfit/probe"
)

func checkSwap(h probe.Host, q *catalog.SwapReq) Check {
	c := Check{ID: CheckSwap, Source: q.Cite.URL, Want: "no swap"}
	if h.Memory.SwapBytes == nil {
		c.Verdict, c.Got = Warn, "unknown"
		c.Reason = "swap is unknown: " + h.Why("memory")
		return c
	}
	c.Got = units.Bytes(float64(*h.Memory.SwapBytes))
	if *h.Memory.SwapBytes == 0 {
		c.Verdict, c.Reason = Pass, "no swap"
		return c
	}
	c.Verdict = verdictOf(q.Verdict)
	if c.Verdict == Fail {
		c.Reason = "swap is on, and the kubelet refuses to start with swap by default"
	} else {
		c.Reason = "swap is on; the kubelet tolerates it (failSwapOn: false), but pods' memory limits and evictions assume no swap"
	}
	return fixable(c, swapFix(h))
}

// swapFix says how to turn swap off for good: Raspberry Pi OS makes its
// swap file with dphys-swapfile at every boot (on a Pi, ID raspbian, or
// debian for its 64-bit build; Ubuntu on a Pi has no dphys-swapfile),
// Fedora makes swap on zram; other systems list their swap in /etc/fstab.
func swapFix(h probe.Host) string {
	if h.OS.ID == "raspbian" || (h.OS.ID == "debian" && h.Boot.RaspberryPi != "") {
		// Raspberry Pi OS 13 (Trixie) replaced dphys-swapfile with rpi-swap
		// (https://github.com/raspberrypi/rpi-swap: "designed to replace
		// dphys-swapfile"; its "none" mechanism "completely disables swap").
		switch v, err := strconv.Atoi(strings.SplitN(h.OS.Version, ".", 2)[0]); {
		case err != nil:
			return "sudo swapoff -a, then keep swap from coming back at boot: dphys-swapfile makes it up to Raspberry Pi OS 12, rpi-swap (its swap.conf) from 13"
		case v >= 13:
			return "sudo swapoff -a, and set rpi-swap's mechanism to none in its swap.conf (swap.conf(5)), then reboot"
		}
		return "sudo dphys-swapfile swapoff && " + serviceFix(h, false, "dphys-swapfile")
	}
	if h.OS.ID == "fedora" {
		// Fedora 33 and later swap on zram, made at every boot by
		// zram-generator, not listed in /etc/fstab
		// (https://fedoraproject.org/wiki/Changes/SwapOnZRAM, "How can it be
		// disabled?": "sudo dnf remove zram-generator-defaults").
		return "sudo swapoff -a && sudo dnf remove zram-generator-defaults (Fedora's swap on zram), and comment out any swap lines in /etc/fstab"
	}
	return "sudo swapoff -a, and comment out the swap lines in /etc/fstab"
}
