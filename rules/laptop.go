package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/kfit-dev/kfit/probe"
)

// logind's documentation for the lid switch settings.
const logindDocs = "https://www.freedesktop.org/software/systemd/man/latest/logind.conf.html"

// serverLid are the lid actions that keep a server running.
var serverLid = []string{"ignore", "lock"}

// Laptop returns advice for running a laptop as a server, or nil when the
// host is not a laptop.
func Laptop(h probe.Host) []Check {
	l := h.Laptop
	if l == nil {
		return nil
	}
	out := []Check{lidCheck(h, l), sleepCheck(h, l), powerCheck(l)}
	if l.Battery != nil {
		out = append(out, batteryCheck(l.Battery))
	}
	return append(out, networkCheck(l))
}

// lidCheck says what closing the lid does, after logind.conf and its drop-ins.
func lidCheck(h probe.Host, l *probe.Laptop) Check {
	lid := Check{ID: CheckLid, Source: logindDocs, Want: "ignore (on battery, on AC and docked)",
		Got: fmt.Sprintf("HandleLidSwitch=%s, ExternalPower=%s, Docked=%s", l.LidSwitch, l.LidSwitchExternalPower, l.LidSwitchDocked)}
	var bad []string
	for _, s := range []struct{ key, val string }{{"HandleLidSwitch", l.LidSwitch}, {"HandleLidSwitchExternalPower", l.LidSwitchExternalPower}, {"HandleLidSwitchDocked", l.LidSwitchDocked}} {
		if !slices.Contains(serverLid, s.val) {
			bad = append(bad, s.key+"="+s.val)
		}
	}
	if l.LidSwitch == "" {
		lid.Verdict, lid.Got, lid.Reason = Warn, "unknown", "logind's lid settings were not read"
	} else if len(bad) == 0 {
		lid.Verdict, lid.Reason = Pass, "closing the lid does not stop the machine"
	} else {
		lid.Verdict = Warn
		where := "logind's default"
		if l.LidSwitchSetIn != "" {
			where = "set in " + l.LidSwitchSetIn
		}
		lid.Reason = fmt.Sprintf("closing the lid will %s the machine (%s; %s)", l.LidSwitch, strings.Join(bad, ", "), where)
		if l.LidSwitch == "ignore" {
			lid.Reason = fmt.Sprintf("closing the lid stops the machine in some states (%s)", strings.Join(bad, ", "))
		}
		fix := "printf '[Login]\\nHandleLidSwitch=ignore\\nHandleLidSwitchExternalPower=ignore\\nHandleLidSwitchDocked=ignore\\n' | sudo tee /etc/systemd/logind.conf.d/90-server.conf && sudo systemctl restart systemd-logind"
		if h.Runtime.Init != "systemd" {
			// elogind, logind without systemd, reads /etc/elogind/logind.conf.
			fix = "set HandleLidSwitch=ignore, HandleLidSwitchExternalPower=ignore and HandleLidSwitchDocked=ignore under [Login] in logind.conf (elogind's /etc/elogind/logind.conf where systemd does not run), then restart the login manager or reboot"
		}
		lid = fixable(lid, fix)
	}
	return lid
}

// sleepCheck says whether the machine can still suspend or hibernate.
func sleepCheck(h probe.Host, l *probe.Laptop) Check {
	sleep := Check{ID: CheckSleep, Source: "https://www.freedesktop.org/software/systemd/man/latest/systemd.special.html", Want: "masked", Got: "all masked"}
	if l.SleepUnmasked == nil {
		sleep.Verdict, sleep.Got, sleep.Reason = Warn, "unknown", "the sleep targets were not read"
	} else if len(l.SleepUnmasked) == 0 {
		sleep.Verdict, sleep.Reason = Pass, "the machine cannot suspend or hibernate"
	} else {
		sleep.Verdict, sleep.Got = Warn, "not masked: "+strings.Join(l.SleepUnmasked, " ")
		sleep.Reason = "an idle timer, a key or a program can still suspend the machine"
		fix := "sudo systemctl mask " + strings.Join(l.SleepUnmasked, " ")
		if h.Runtime.Init != "systemd" {
			fix = "turn off suspend and hibernation in the power settings (the sleep targets " + strings.Join(l.SleepUnmasked, " ") + " are systemd's, and systemd does not run here)"
		}
		sleep = fixable(sleep, fix)
	}
	return sleep
}

// powerCheck says whether the machine runs on AC power.
func powerCheck(l *probe.Laptop) Check {
	power := Check{ID: CheckPower, Want: "on AC power"}
	switch {
	case l.OnAC == nil:
		power.Verdict, power.Got, power.Reason = Warn, "unknown", "no mains power supply in /sys/class/power_supply"
	case *l.OnAC:
		power.Verdict, power.Got, power.Reason = Pass, "on AC", "plugged in"
	default:
		power.Verdict, power.Got, power.Reason = Warn, "on battery", "running on battery: the node will go down when it is empty"
		power = fixable(power, "plug in the charger")
	}
	return power
}

// batteryCheck says whether the battery can bridge a power cut.
func batteryCheck(b *probe.Battery) Check {
	bat := Check{ID: CheckBattery, Want: "present, charging or full", Verdict: Pass,
		Got: fmt.Sprintf("%d%%, %s", b.CapacityPercent, orUnknown(b.Status))}
	bat.Reason = "the battery bridges power cuts"
	if b.Status == "Discharging" {
		bat.Verdict, bat.Reason = Warn, "the battery is discharging"
	}
	return bat
}

// networkCheck says whether the default route is wired.
func networkCheck(l *probe.Laptop) Check {
	network := Check{ID: CheckNetwork, Want: "default route over Ethernet"}
	switch r := l.DefaultRoute; {
	case r == nil:
		network.Verdict, network.Got, network.Reason = Warn, "unknown", "no default IPv4 route in /proc/net/route"
	case r.Wireless:
		network.Verdict, network.Got = Warn, "Wi-Fi ("+r.Interface+")"
		network.Reason = "the default route uses Wi-Fi: its power saving and drop-outs make a node flap"
		network = fixable(network, "connect Ethernet (a USB adapter will do), or turn off Wi-Fi power saving (iw dev "+r.Interface+" set power_save off)")
	default:
		network.Verdict, network.Got, network.Reason = Pass, "Ethernet ("+r.Interface+")", "wired"
	}
	return network
}
