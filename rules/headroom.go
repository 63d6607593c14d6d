package rules

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/kfit-dev/kfit/catalog"
	"github.com/kfit-dev/kfit/internal/units"
	"github.com/kfit-dev/kfit/probe"
)

// More check ids.
const (
	CheckCPUFlags = "cpu-flags"
	CheckReserve  = "reserve"
)

// CheckIDs are every check id, in report order: the values --ignore takes.
var CheckIDs = []string{CheckOS, CheckArch, CheckCPUFlags, CheckCPU, CheckMemory, CheckDisk, CheckCgroup, CheckKernel,
	CheckSwap, CheckRuntime, CheckPorts, CheckStorage, CheckReserve}

// Headroom is the memory left for workloads once a role runs: the effective
// memory, less what the OS uses now (MemTotal - MemAvailable), less the
// role's published footprint.
type Headroom struct {
	LeftBytes      *float64 `json:"leftBytes,omitempty"`
	OSUseBytes     *float64 `json:"osUseBytes,omitempty"`
	FootprintBytes *float64 `json:"footprintBytes,omitempty"`
	FootprintCPU   *float64 `json:"footprintCPU,omitempty"`
	// Footprint says where the footprint comes from, or why there is none.
	Footprint string `json:"footprint,omitempty"`
	Source    string `json:"source,omitempty"`
}

func headroom(h probe.Host, r catalog.Role) Headroom {
	var hr Headroom
	m := h.Memory
	osUse := 0.0
	if m.TotalBytes > 0 && m.AvailableBytes > 0 && m.AvailableBytes <= m.TotalBytes {
		osUse = float64(m.TotalBytes - m.AvailableBytes)
		hr.OSUseBytes = &osUse
	}
	f := r.Footprint
	switch {
	case f == nil:
		hr.Footprint = "no footprint in the catalog"
	case f.Unknown != "":
		hr.Footprint = "unknown: " + f.Unknown
	default:
		hr.Footprint, hr.Source = f.Conditions, f.Cite.URL
		if f.MemoryBytes > 0 {
			v := f.MemoryBytes
			hr.FootprintBytes = &v
		} else {
			hr.Footprint = "no memory figure: " + f.Conditions
		}
		if f.CPU > 0 {
			v := f.CPU
			hr.FootprintCPU = &v
		}
	}
	if m.EffectiveBytes > 0 && hr.FootprintBytes != nil {
		hr.LeftBytes = finite(float64(m.EffectiveBytes) - osUse - *hr.FootprintBytes)
	}
	return hr
}

// checkReserve asks that reserve bytes remain for the user's apps.
func checkReserve(h probe.Host, r catalog.Role, hr Headroom, reserve uint64) Check {
	want := float64(reserve)
	c := Check{ID: CheckReserve, Want: "≥ " + units.Bytes(want) + " left for apps (--reserve)", Source: hr.Source}
	osNote := ""
	if hr.OSUseBytes == nil {
		osNote = " (the OS's own use is unknown and not counted)"
	}
	switch {
	case hr.LeftBytes != nil:
		c.Got = units.Bytes(*hr.LeftBytes) + " left"
		detail := fmt.Sprintf("%s effective, less %s the OS uses and the role's %s footprint%s",
			units.Bytes(float64(h.Memory.EffectiveBytes)), units.Bytes(deref(hr.OSUseBytes)), units.Bytes(*hr.FootprintBytes), osNote)
		if *hr.LeftBytes >= want {
			c.Verdict, c.Reason = Pass, "leaves "+units.Bytes(*hr.LeftBytes)+": "+detail
		} else {
			c.Verdict = Fail
			c.Reason = fmt.Sprintf("leaves %s for apps, less than the %s asked: %s", units.Bytes(math.Max(0, *hr.LeftBytes)), units.Bytes(want), detail)
			c = hardware(c)
		}
	case h.Memory.EffectiveBytes == 0:
		why := h.Why("memory")
		if _, ok := h.Missing["memory.limit"]; ok {
			why = h.Why("memory.limit")
		}
		c.Verdict, c.Got, c.Reason = Warn, "unknown", "the memory is unknown: "+why
	default:
		c.Verdict, c.Got = Warn, "unknown"
		c.Reason = "no published footprint for this role (" + hr.Footprint + ")"
		if r.Memory != nil && r.Memory.MinValue > 0 {
			guess := float64(h.Memory.EffectiveBytes) - deref(hr.OSUseBytes) - r.Memory.MinValue
			c.Reason += fmt.Sprintf("; were it as small as its %s minimum, %s would be left", units.Spaced(r.Memory.Min), units.Bytes(math.Max(0, guess)))
		}
	}
	return c
}

func deref(p *float64) float64 {
	if p == nil {
		return 0
	}
	return *p
}

// checkCPUFlags checks the CPU feature flags a role needs on this
// architecture (Talos: x86-64-v2 on amd64).
func checkCPUFlags(h probe.Host, q *catalog.FlagsReq) Check {
	need := q.Arch[h.OS.Arch]
	c := Check{ID: CheckCPUFlags, Source: q.Cite.URL, Want: q.Level + ": " + strings.Join(need, " ")}
	switch {
	case h.OS.Arch == "":
		c.Verdict, c.Got, c.Reason = Warn, "unknown", "the architecture is unknown: "+h.Why("os.arch")
		return c
	case len(need) == 0:
		c.Verdict, c.Got, c.Want, c.Reason = Pass, h.OS.Arch, "none on "+h.OS.Arch, "no CPU flags are needed on "+h.OS.Arch
		return c
	case len(h.CPU.Flags) == 0:
		c.Verdict, c.Got, c.Reason = Warn, "unknown", "the CPU flags are unknown: "+h.Why("cpu.model")
		return c
	}
	var missing []string
	for _, f := range need {
		if !slices.Contains(h.CPU.Flags, f) {
			missing = append(missing, f)
		}
	}
	if len(missing) == 0 {
		c.Verdict, c.Got, c.Reason = Pass, "all present", "the CPU is "+q.Level
		return c
	}
	c.Verdict, c.Got = Fail, "missing "+strings.Join(missing, " ")
	c.Reason = fmt.Sprintf("the CPU (%s) is not %s: it lacks %s", orUnknown(h.CPU.Model), q.Level, strings.Join(missing, ", "))
	return hardware(c)
}

// Upgrade is the smallest hardware change that makes a role fit.
type Upgrade struct {
	MoreMemoryBytes  float64 `json:"moreMemoryBytes,omitempty"`
	TotalMemoryBytes float64 `json:"totalMemoryBytes,omitempty"`
	MoreCPUs         float64 `json:"moreCPUs,omitempty"`
	TotalCPUs        float64 `json:"totalCPUs,omitempty"`
}

// upgradeStep is the unit RAM is suggested in: nobody buys 0.93 GB.
const upgradeStep = 512 << 20

// upgrade suggests more RAM or CPUs for a role whose only unfixable
// failures are the memory, CPU and --reserve checks.
func upgrade(h probe.Host, r catalog.Role, res Result, reserve uint64) *Upgrade {
	var up Upgrade
	addMemory := func(need float64) {
		more := math.Ceil(need/upgradeStep) * upgradeStep
		if more > up.MoreMemoryBytes {
			up.MoreMemoryBytes, up.TotalMemoryBytes = more, float64(h.Memory.InstalledBytes)+more
		}
	}
	for _, c := range res.Checks {
		if c.Verdict != Fail || (c.Fixable != nil && *c.Fixable) {
			continue
		}
		switch {
		case c.ID == CheckMemory && r.Memory != nil:
			need := r.Memory.MinValue - float64(h.Memory.EffectiveBytes)
			if r.Memory.MinOfMemTotal && h.Memory.TotalBytes > 0 {
				// More RAM raises MemTotal by as much.
				need = max(need, r.Memory.MinValue-float64(h.Memory.TotalBytes))
			}
			addMemory(need)
		case c.ID == CheckReserve && res.Headroom.LeftBytes != nil:
			addMemory(float64(reserve) - *res.Headroom.LeftBytes)
		case c.ID == CheckCPU && r.CPUs != nil:
			more := math.Ceil(r.CPUs.MinValue - h.CPU.Effective)
			up.MoreCPUs, up.TotalCPUs = more, h.CPU.Effective+more
		default:
			return nil // something else no upgrade of RAM or CPUs fixes
		}
	}
	if up == (Upgrade{}) {
		return nil
	}
	return &up
}

// String says the upgrade in words: "1 GiB more RAM (2 GiB in all)".
func (u Upgrade) String() string {
	var parts []string
	if u.MoreMemoryBytes > 0 {
		parts = append(parts, fmt.Sprintf("%s more RAM (%s in all)", units.Bytes(u.MoreMemoryBytes), units.Bytes(u.TotalMemoryBytes)))
	}
	if u.MoreCPUs > 0 {
		parts = append(parts, fmt.Sprintf("%s more (%s in all)", cpus(u.MoreCPUs), cpus(u.TotalCPUs)))
	}
	return strings.Join(parts, " and ")
}
