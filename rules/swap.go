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
	fix := "sudo swapoff -a, and comment out the swap lines in /etc/fstab"
	if h.OS.ID == "raspbian" || h.Boot.RaspberryPi != "" {
		fix = "sudo dphys-swapfile swapoff && sudo systemctl disable dphys-swapfile"
	}
	return fixable(c, fix)
}
