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
	with := Evaluate(derived(h), cat, Options{})
	h.Laptop = nil
	without := Evaluate(derived(h), cat, Options{})
	for i := range with.Results {
		assert.Equal(t, without.Results[i].Verdict, with.Results[i].Verdict)
	}
}

// Each laptop line, exactly: where a lid setting comes from, the states in
// which the lid still stops the machine, and what could not be read.
func TestLaptopLinesSayExactly(t *testing.T) {
	lid := func(l, ext, docked, setIn string) *probe.Laptop {
		return &probe.Laptop{LidSwitch: l, LidSwitchExternalPower: ext, LidSwitchDocked: docked, LidSwitchSetIn: setIn}
	}
	tests := []struct {
		name        string
		laptop      *probe.Laptop
		id          string
		want        Verdict
		got, reason string
	}{
		{"a lid setting names its file", lid("suspend", "lock", "ignore", "/etc/systemd/logind.conf"), CheckLid, Warn,
			"HandleLidSwitch=suspend, ExternalPower=lock, Docked=ignore",
			"closing the lid will suspend the machine (HandleLidSwitch=suspend; set in /etc/systemd/logind.conf)"},
		{"ignored on battery, not on AC", lid("ignore", "suspend", "ignore", ""), CheckLid, Warn,
			"HandleLidSwitch=ignore, ExternalPower=suspend, Docked=ignore",
			"closing the lid stops the machine in some states (HandleLidSwitchExternalPower=suspend)"},
		{"lock keeps it running", lid("lock", "lock", "lock", ""), CheckLid, Pass,
			"HandleLidSwitch=lock, ExternalPower=lock, Docked=lock", "closing the lid does not stop the machine"},
		{"logind not read", lid("", "", "", ""), CheckLid, Warn, "unknown", "logind's lid settings were not read"},
		{"sleep targets not read", &probe.Laptop{}, CheckSleep, Warn, "unknown", "the sleep targets were not read"},
		{"no mains supply found", &probe.Laptop{}, CheckPower, Warn, "unknown", "no mains power supply in /sys/class/power_supply"},
		{"no default route", &probe.Laptop{}, CheckNetwork, Warn, "unknown", "no default IPv4 route in /proc/net/route"},
		{"a charging battery", &probe.Laptop{Battery: &probe.Battery{CapacityPercent: 40, Status: "Charging"}}, CheckBattery, Pass,
			"40%, Charging", "the battery bridges power cuts"},
		{"a battery of unknown status", &probe.Laptop{Battery: &probe.Battery{CapacityPercent: 100}}, CheckBattery, Pass,
			"100%, (unknown)", "the battery bridges power cuts"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := machine("amd64", "x86_64", 4, 8*GiB, 100*GiB)
			h.Laptop = tt.laptop
			var found bool
			for _, c := range Laptop(h) {
				if c.ID != tt.id {
					continue
				}
				found = true
				assert.Equal(t, tt.want, c.Verdict, c.Reason)
				assert.Equal(t, tt.got, c.Got)
				assert.Equal(t, tt.reason, c.Reason)
			}
			assert.True(t, found, "no %s line", tt.id)
		})
	}
}
