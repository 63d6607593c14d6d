package rules

import (
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
// debian for its 64-bit build; Ubuntu on a Pi has no dphys-swapfile); other
// systems list their swap in /etc/fstab.
func swapFix(h probe.Host) string {
	if h.OS.ID == "raspbian" || (h.OS.ID == "debian" && h.Boot.RaspberryPi != "") {
		return "sudo dphys-swapfile swapoff && " + serviceFix(h, false, "dphys-swapfile")
	}
	return "sudo swapoff -a, and comment out the swap lines in /etc/fstab"
}
