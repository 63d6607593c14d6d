package probe

import (
	"bufio"
	"io"
	"path"
	"sort"
	"strconv"
	"strings"
)

// Laptop holds what matters when a laptop serves: what closing the lid
// does, whether sleep is masked, power and network. Host.Laptop is nil on
// machines that are not laptops.
type Laptop struct {
	// Chassis is the DMI chassis type as a word ("laptop", "notebook"), or
	// "battery" when only a battery told.
	Chassis string `json:"chassis,omitempty"`
	// LidSwitch, LidSwitchExternalPower and LidSwitchDocked are logind's
	// effective HandleLidSwitch* actions (suspend, ignore, lock, ...), after
	// logind.conf and its drop-ins; LidSwitchSetIn names the file that set
	// HandleLidSwitch, empty for logind's default.
	LidSwitch              string `json:"lidSwitch,omitempty"`
	LidSwitchExternalPower string `json:"lidSwitchExternalPower,omitempty"`
	LidSwitchDocked        string `json:"lidSwitchDocked,omitempty"`
	LidSwitchSetIn         string `json:"lidSwitchSetIn,omitempty"`
	// SleepUnmasked lists the sleep targets not masked (linked to /dev/null).
	SleepUnmasked []string `json:"sleepUnmasked,omitempty"`
	OnAC          *bool    `json:"onAC,omitempty"`
	Battery       *Battery `json:"battery,omitempty"`
	DefaultRoute  *Route   `json:"defaultRoute,omitempty"`
}

// Battery is the first battery's state.
type Battery struct {
	CapacityPercent int    `json:"capacityPercent,omitempty"`
	Status          string `json:"status,omitempty"` // Charging, Discharging, Full, Not charging
}

// Route is the interface of the default IPv4 route.
type Route struct {
	Interface string `json:"interface"`
	Wireless  bool   `json:"wireless"`
}

// chassisTypes are the SMBIOS chassis types of portable machines.
var chassisTypes = map[string]string{"8": "portable", "9": "laptop", "10": "notebook", "14": "sub notebook", "31": "convertible", "32": "detachable"}

// SleepTargets are the systemd targets that suspend or hibernate.
var SleepTargets = []string{"sleep.target", "suspend.target", "hibernate.target", "hybrid-sleep.target", "suspend-then-hibernate.target"}

// logind's defaults (logind.conf(5)).
const (
	defaultLidSwitch       = "suspend"
	defaultLidSwitchDocked = "ignore"
)

func (p prober) laptop(h *Host) {
	var l Laptop
	if t, err := p.readLine("/sys/class/dmi/id/chassis_type"); err == nil {
		l.Chassis = chassisTypes[t]
	}
	p.power(&l)
	if l.Chassis == "" && l.Battery == nil {
		return // not a laptop
	}
	if l.Chassis == "" {
		l.Chassis = "battery"
	}
	p.logind(&l)
	l.SleepUnmasked = []string{}
	for _, t := range SleepTargets {
		if !p.masked(t) {
			l.SleepUnmasked = append(l.SleepUnmasked, t)
		}
	}
	l.DefaultRoute = p.defaultRoute()
	h.Laptop = &l
}

func (p prober) power(l *Laptop) {
	dir := "/sys/class/power_supply"
	names, err := p.root.ReadDir(dir)
	if err != nil {
		return
	}
	for _, name := range names {
		base := path.Join(dir, name)
		typ, _ := p.readLine(base + "/type")
		switch typ {
		case "Battery":
			if l.Battery != nil {
				continue
			}
			b := &Battery{}
			if c, err := p.readLine(base + "/capacity"); err == nil {
				b.CapacityPercent, _ = strconv.Atoi(c)
			}
			b.Status, _ = p.readLine(base + "/status")
			l.Battery = b
		case "Mains":
			if v, err := p.readLine(base + "/online"); err == nil {
				on := v == "1"
				if l.OnAC == nil || on {
					l.OnAC = &on
				}
			}
		}
	}
}

// logind applies logind.conf and its drop-ins in systemd's order: the main
// file, then every *.conf in the logind.conf.d directories sorted by file
// name, a file in /etc hiding one of the same name in /run or /usr/lib.
func (p prober) logind(l *Laptop) {
	settings := map[string]string{}
	from := map[string]string{}
	apply := func(file string) {
		b, err := p.readFile(file)
		if err != nil {
			return
		}
		for k, v := range ParseLogind(strings.NewReader(string(b))) {
			settings[k], from[k] = v, file
		}
	}
	for _, f := range []string{"/usr/lib/systemd/logind.conf", "/etc/systemd/logind.conf"} {
		apply(f)
	}
	dropins := map[string]string{} // file name -> path, the first directory wins
	for _, d := range []string{"/etc/systemd/logind.conf.d", "/run/systemd/logind.conf.d", "/usr/local/lib/systemd/logind.conf.d", "/usr/lib/systemd/logind.conf.d"} {
		names, err := p.root.ReadDir(d)
		if err != nil {
			continue
		}
		for _, name := range names {
			if _, ok := dropins[name]; !ok && strings.HasSuffix(name, ".conf") {
				dropins[name] = path.Join(d, name)
			}
		}
	}
	names := make([]string, 0, len(dropins))
	for n := range dropins {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		apply(dropins[n])
	}
	l.LidSwitch = orDefault(settings["HandleLidSwitch"], defaultLidSwitch)
	l.LidSwitchExternalPower = orDefault(settings["HandleLidSwitchExternalPower"], l.LidSwitch)
	l.LidSwitchDocked = orDefault(settings["HandleLidSwitchDocked"], defaultLidSwitchDocked)
	l.LidSwitchSetIn = from["HandleLidSwitch"]
}

func orDefault(v, d string) string {
	if v == "" {
		return d
	}
	return v
}

// ParseLogind reads the [Login] section of a logind.conf file.
func ParseLogind(r io.Reader) map[string]string {
	out := map[string]string{}
	sc := bufio.NewScanner(io.LimitReader(r, maxFileBytes))
	section := ""
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "" || line[0] == '#' || line[0] == ';':
		case line[0] == '[':
			section = strings.Trim(line, "[]")
		case section == "Login":
			if k, v, ok := strings.Cut(line, "="); ok {
				out[strings.TrimSpace(k)] = strings.TrimSpace(v)
			}
		}
	}
	return out
}

// masked says whether a systemd unit is linked to /dev/null in /etc or /run.
func (p prober) masked(unit string) bool {
	for _, d := range []string{"/etc/systemd/system", "/run/systemd/system"} {
		if target, err := p.root.Readlink(path.Join(d, unit)); err == nil && target == "/dev/null" {
			return true
		}
	}
	return false
}

// defaultRoute finds the interface of the default IPv4 route in
// /proc/net/route, and whether it is wireless.
func (p prober) defaultRoute() *Route {
	b, err := p.readFile("/proc/net/route")
	if err != nil {
		return nil
	}
	best := -1
	var iface string
	for _, line := range strings.Split(string(b), "\n")[1:] {
		f := strings.Fields(line)
		if len(f) < 8 || f[1] != "00000000" || f[7] != "00000000" {
			continue
		}
		metric, _ := strconv.Atoi(f[6])
		if best < 0 || metric < best {
			best, iface = metric, f[0]
		}
	}
	if !pathSafe(iface) {
		return nil
	}
	return &Route{Interface: iface, Wireless: p.root.IsDir("/sys/class/net/"+iface+"/wireless") || p.root.Exists("/sys/class/net/"+iface+"/phy80211")}
}
