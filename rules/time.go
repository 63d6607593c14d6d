package rules

import (
	"fmt"

	"github.com/kfit-dev/kfit/probe"
)

// timeSource says why the clock matters: etcd's peers refuse or warn at a
// clock difference of a second, and certificates issued "in the future"
// fail to verify. The check is the machine's, not a distribution's, and
// applies to every role.
const timeSource = "https://github.com/etcd-io/etcd/issues/7051"

func checkTime(h probe.Host) Check {
	c := Check{ID: CheckTime, Want: "a synchronised clock", Source: timeSource}
	k := h.Clock
	switch {
	case k == nil:
		c.Verdict, c.Got = Warn, "unknown"
		c.Reason = "whether the clock is synchronised is unknown: " + h.Why("clock")
		return c
	case k.Synchronized:
		c.Verdict, c.Got, c.Reason = Pass, "synchronised", "the kernel's clock is synchronised"
		return c
	}
	c.Verdict, c.Got = Warn, fmt.Sprintf("not synchronised (max error %.1f s)", float64(k.MaxErrorMicros)/1e6)
	c.Reason = "the clock is not synchronised: certificates can look not yet valid or expired, and etcd peers complain of clock differences above one second"
	if h.Runtime.Init == "systemd" {
		return fixable(c, "sudo timedatectl set-ntp true (or install chrony)")
	}
	fix := install(h, map[string]string{apt: "sudo apt install chrony", dnf: "sudo dnf install chrony", apk: "sudo apk add chrony && sudo rc-update add chronyd", pacman: "sudo pacman -S chrony", zypper: "sudo zypper install chrony"})
	if fix == "" {
		fix = "run an NTP client (chrony, ntpd)"
	}
	return fixable(c, fix)
}
