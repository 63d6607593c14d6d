package rules

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/kfit-dev/kfit/probe"
)

func TestLaptopAdvice(t *testing.T) {
	h := machine("amd64", "x86_64", 4, 8*GiB, 100*GiB)
	assert.Nil(t, Laptop(h), "no laptop section on other machines")

	h.Laptop = &probe.Laptop{Chassis: "notebook", LidSwitch: "suspend", LidSwitchExternalPower: "suspend", LidSwitchDocked: "ignore",
		SleepUnmasked: []string{"sleep.target", "suspend.target"}, OnAC: boolp(false),
		Battery: &probe.Battery{CapacityPercent: 80, Status: "Discharging"}, DefaultRoute: &probe.Route{Interface: "wlan0", Wireless: true}}
	got := map[string]Check{}
	for _, c := range Laptop(h) {
		got[c.ID] = c
	}
	assert.Equal(t, Warn, got[CheckLid].Verdict)
	assert.Contains(t, got[CheckLid].Reason, "closing the lid will suspend the machine (HandleLidSwitch=suspend, HandleLidSwitchExternalPower=suspend; logind's default)")
	assert.Contains(t, got[CheckLid].Fix, "HandleLidSwitch=ignore")
	assert.Equal(t, "sudo systemctl mask sleep.target suspend.target", got[CheckSleep].Fix)
	assert.Equal(t, Warn, got[CheckPower].Verdict)
	assert.Equal(t, Warn, got[CheckBattery].Verdict)
	assert.Equal(t, Warn, got[CheckNetwork].Verdict)
	assert.Contains(t, got[CheckNetwork].Fix, "iw dev wlan0 set power_save off")

	h.Laptop = &probe.Laptop{Chassis: "laptop", LidSwitch: "ignore", LidSwitchExternalPower: "ignore", LidSwitchDocked: "ignore",
		LidSwitchSetIn: "/etc/systemd/logind.conf.d/lid.conf", SleepUnmasked: []string{}, OnAC: boolp(true),
		DefaultRoute: &probe.Route{Interface: "enp0s25"}}
	for _, c := range Laptop(h) {
		assert.Equal(t, Pass, c.Verdict, c.ID+": "+c.Reason)
	}

	// The laptop advice never changes a distribution's verdict.
	cat := defaultCatalog(t)
	with := Evaluate(h, cat, Options{})
	h.Laptop = nil
	without := Evaluate(h, cat, Options{})
	for i := range with.Results {
		assert.Equal(t, without.Results[i].Verdict, with.Results[i].Verdict)
	}
}
