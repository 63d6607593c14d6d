package rules

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/kfit-dev/kfit/catalog"
	"github.com/kfit-dev/kfit/internal/units"
	"github.com/kfit-dev/kfit/probe"
)

// Verdict is the outcome of a check or a role.
type Verdict string

// Verdicts, from best to worst. Warn means the minimum is met but not the
// recommendation, or a fact needed for the check is unknown.
const (
	Pass Verdict = "pass"
	Warn Verdict = "warn"
	Fail Verdict = "fail"
)

func (v Verdict) worse(than Verdict) bool { return v.rank() > than.rank() }

func (v Verdict) rank() int {
	switch v {
	case Pass:
		return 0
	case Warn:
		return 1
	}
	return 2
}

// Fits reports whether a role with this verdict can run here: pass, or warn
// unless strict.
func (v Verdict) Fits(strict bool) bool { return v == Pass || (v == Warn && !strict) }

// Check ids are stable: scripts and later --ignore use them.
const (
	CheckOS     = "os"
	CheckArch   = "arch"
	CheckCPU    = "cpu"
	CheckMemory = "memory"
	CheckDisk   = "disk"
)

// Check is one requirement compared with one fact.
type Check struct {
	ID      string  `json:"id"`
	Verdict Verdict `json:"verdict"`
	Got     string  `json:"got"`
	Want    string  `json:"want"`
	Reason  string  `json:"reason"`
	Source  string  `json:"source,omitempty"`
	// Gauge carries the numbers behind Got and Want, for bars and scripts.
	Gauge *Gauge `json:"gauge,omitempty"`
	// Fixable is set on checks that do not pass: true when a command or a
	// setting fixes it (then Fix says which), false for hardware.
	Fixable *bool  `json:"fixable,omitempty"`
	Fix     string `json:"fix,omitempty"`
	// Ignored marks a failure turned into a warning by --ignore.
	Ignored bool `json:"ignored,omitempty"`
}

// Gauge is a measured quantity and its requirement, in CPUs or bytes.
type Gauge struct {
	Unit        string  `json:"unit"` // "cpus" or "bytes"
	Got         float64 `json:"got"`
	Min         float64 `json:"min,omitempty"`
	Recommended float64 `json:"recommended,omitempty"`
}

// Result is the judgement of one role of one distribution.
type Result struct {
	Distro     string  `json:"distro"`
	Role       string  `json:"role"`
	Verdict    Verdict `json:"verdict"`
	Standalone bool    `json:"standalone"`
	// Cluster is how the role takes part in a cluster (the catalog's
	// server, agent, node or single).
	Cluster string  `json:"cluster,omitempty"`
	Checks  []Check `json:"checks"`
	// HeadroomBytes is the installed memory above what the role asks (its
	// recommendation, or its minimum where the docs recommend nothing);
	// HeadroomCPUs likewise. Both are nil when a fact is unknown.
	HeadroomBytes *float64 `json:"headroomBytes,omitempty"`
	HeadroomCPUs  *float64 `json:"headroomCPUs,omitempty"`
	// Headroom is what is left for workloads once the role runs.
	Headroom Headroom `json:"headroom"`
	// Upgrade is the smallest hardware upgrade that would make a role fit
	// whose only lasting failures are CPU or memory.
	Upgrade *Upgrade `json:"upgrade,omitempty"`
}

// Fixes counts the failing checks that a command or setting fixes, and says
// whether every failure is of that kind (the role fits after the fixes).
func (r Result) Fixes() (n int, allFixable bool) {
	allFixable = true
	for _, c := range r.Checks {
		if c.Verdict != Fail {
			continue
		}
		if c.Fixable != nil && *c.Fixable {
			n++
		} else {
			allFixable = false
		}
	}
	return n, allFixable
}

// Needs says what a role that is not a cluster on its own needs from other
// machines, or "" for a standalone role.
func (r Result) Needs() string {
	switch {
	case r.Standalone:
		return ""
	case r.Cluster == "server":
		return "runs no workloads itself: it needs a worker on another machine"
	}
	return "needs a control plane on another machine"
}

// LeftFor says what the memory a role leaves is for: workloads, or, on a
// control plane that schedules none, whatever else the machine runs.
func (r Result) LeftFor() string {
	if r.Cluster == "server" && !r.Standalone {
		return "free"
	}
	return "for workloads"
}

// Pick names the best role for this machine and why.
type Pick struct {
	Distro string `json:"distro"`
	Role   string `json:"role"`
	Reason string `json:"reason"`
}

// Report is everything Evaluate concludes.
type Report struct {
	Results []Result `json:"results"`
	Best    *Pick    `json:"best"`
	// Laptop is advice for a laptop that will serve; nil on other machines.
	Laptop []Check `json:"laptop,omitempty"`
}

// Evaluate judges every role in the catalog against the host. It is pure: no
// I/O, no globals, the same answer for the same input.
func Evaluate(h probe.Host, c *catalog.Catalog) Report {
	return EvaluateWith(h, c, Options{})
}

// Options change what Evaluate asks of the machine.
type Options struct {
	// ReserveBytes is memory that must remain for the user's own apps after
	// the OS and the distribution (--reserve); 0 asks nothing.
	ReserveBytes uint64
	// Ignore lists check ids whose failures become warnings (--ignore).
	Ignore []string
}

// EvaluateWith is Evaluate with options.
func EvaluateWith(h probe.Host, c *catalog.Catalog, opt Options) Report {
	h.Derive() // a copy: the caller's Host is not changed
	var rep Report
	for _, d := range c.Distros {
		for _, role := range d.Roles {
			rep.Results = append(rep.Results, evaluateRole(h, d, role, opt))
		}
	}
	rep.Best = bestPick(rep.Results)
	rep.Laptop = Laptop(h)
	return rep
}

func evaluateRole(h probe.Host, d catalog.Distro, r catalog.Role, opt Options) Result {
	res := Result{Distro: d.ID, Role: r.Name, Standalone: r.Standalone, Cluster: r.Cluster, Verdict: Pass}
	osCheck := checkOS(h, r.OS, r.OSIDs)
	if d.ReplacesOS {
		osCheck = Check{ID: CheckOS, Verdict: Pass, Got: osCheck.Got, Want: "any (it replaces the OS)", Source: r.OS.Cite.URL,
			Reason: d.Name + " replaces the operating system, so only the hardware matters"}
	}
	res.Checks = make([]Check, 0, len(CheckIDs))
	res.Checks = append(res.Checks, osCheck, checkArch(h, r.Arch))
	if r.CPUFlags != nil {
		res.Checks = append(res.Checks, checkCPUFlags(h, r.CPUFlags))
	}
	res.Checks = append(res.Checks,
		checkCPU(h, r.CPUs),
		checkMemory(h, r.Memory),
		checkDisk(h, r.Disk),
	)
	// The prerequisites a distribution documents; the others are not listed.
	if r.Cgroup != nil {
		res.Checks = append(res.Checks, checkCgroup(h, r.Cgroup))
	}
	if r.Kernel != nil {
		res.Checks = append(res.Checks, checkKernel(h, r.Kernel))
	}
	if r.Swap != nil {
		res.Checks = append(res.Checks, checkSwap(h, r.Swap))
	}
	var rt []Check
	for _, t := range []*catalog.ToolsReq{r.Init, r.Tools} {
		if t != nil {
			rt = append(rt, checkTools(h, t))
		}
	}
	if len(rt) > 0 {
		res.Checks = append(res.Checks, mergeChecks(rt))
	}
	if r.Ports != nil {
		res.Checks = append(res.Checks, checkPorts(h, r.Ports))
	}
	if r.Storage != nil {
		res.Checks = append(res.Checks, checkStorage(h, r.Storage))
	}
	res.Headroom = headroom(h, r)
	if opt.ReserveBytes > 0 {
		res.Checks = append(res.Checks, checkReserve(h, r, res.Headroom, opt.ReserveBytes))
	}
	for i := range res.Checks {
		if res.Checks[i].Verdict == Fail && slices.Contains(opt.Ignore, res.Checks[i].ID) {
			c := &res.Checks[i]
			c.Verdict, c.Ignored = Warn, true
			c.Reason = "ignored (--ignore " + c.ID + "): " + c.Reason
		}
	}
	for _, c := range res.Checks {
		if c.Verdict.worse(res.Verdict) {
			res.Verdict = c.Verdict
		}
	}
	res.Upgrade = upgrade(h, r, res, opt.ReserveBytes)
	// Above what the role asks; unknown when the docs ask nothing.
	if h.Memory.EffectiveBytes > 0 && r.Memory != nil {
		res.HeadroomBytes = finite(float64(h.Memory.EffectiveBytes) - wanted(r.Memory))
	}
	if h.CPU.Effective > 0 && r.CPUs != nil {
		res.HeadroomCPUs = finite(h.CPU.Effective - wanted(r.CPUs))
	}
	return res
}

// finite returns v, or nil (unknown) when v is NaN or infinite: JSON has no
// such numbers, and a figure computed from an absurd fact is not known.
func finite(v float64) *float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return &v
}

// mergeChecks folds checks of one id into one: the worst verdict, every reason.
func mergeChecks(cs []Check) Check {
	out := cs[0]
	for _, c := range cs[1:] {
		out.Got += "; " + c.Got
		out.Want += "; " + c.Want
		if c.Verdict.worse(out.Verdict) {
			out.Verdict, out.Reason, out.Source, out.Fixable, out.Fix = c.Verdict, c.Reason, c.Source, c.Fixable, c.Fix
		}
	}
	return out
}

// wanted is what a role asks: the recommendation, else the minimum, else 0.
func wanted(q *catalog.Requirement) float64 {
	if q == nil {
		return 0
	}
	return max(q.MinValue, q.RecommendedValue)
}

func checkOS(h probe.Host, l *catalog.List, ids *catalog.List) Check {
	c := checkOSName(h, l)
	if ids == nil || c.Verdict == Fail {
		return c
	}
	c.Want += " (" + strings.Join(ids.Values, ", ") + ")"
	var have []string
	if h.OS.ID != "" {
		have = append([]string{h.OS.ID}, strings.Fields(h.OS.IDLike)...)
	}
	switch {
	case len(have) == 0:
		if c.Verdict == Pass {
			c.Verdict, c.Source = Warn, ids.Cite.URL
			c.Reason = "the Linux distribution is unknown: " + h.Why("os.id")
		}
	case slices.ContainsFunc(have, func(id string) bool { return slices.Contains(ids.Values, id) }):
		c.Reason += ", " + h.OS.ID + " is supported"
	default:
		c.Verdict, c.Source = Fail, ids.Cite.URL
		c.Reason = fmt.Sprintf("runs on %s only, not %s", strings.Join(ids.Values, ", "), h.OS.ID)
		c = fixable(c, "install "+strings.Join(ids.Values, " or ")+" on this machine")
	}
	return c
}

func checkOSName(h probe.Host, l *catalog.List) Check {
	c := Check{ID: CheckOS, Want: strings.Join(l.Values, ", "), Source: l.Cite.URL, Got: h.OS.Name}
	switch {
	case h.OS.Name == "":
		c.Verdict, c.Got = Warn, "unknown"
		c.Reason = "the operating system is unknown: " + h.Why("os.name")
	case slices.Contains(l.Values, h.OS.Name):
		c.Verdict, c.Reason = Pass, h.OS.Name+" is supported"
	default:
		c.Verdict = Fail
		c.Reason = fmt.Sprintf("runs on %s, not %s", c.Want, h.OS.Name)
		if h.OS.Name != "linux" && !slices.Contains(l.Values, h.OS.Name) {
			c.Reason += " (it needs a Linux machine or VM)"
		}
		c = hardware(c)
	}
	if h.OS.PrettyName != "" {
		c.Got += " (" + h.OS.PrettyName + ")"
	}
	return c
}

// checkArch matches Go architecture names; catalog entries "arm/v7" and
// "arm/v6" also need the ARM version, which the raw machine name gives
// (armv7l, armv6l). An ARMv7 machine runs ARMv6 code, not the other way round.
func checkArch(h probe.Host, l *catalog.List) Check {
	c := Check{ID: CheckArch, Want: strings.Join(l.Values, ", "), Source: l.Cite.URL, Got: h.OS.Arch}
	if h.OS.Machine != "" && h.OS.Machine != h.OS.Arch {
		c.Got += " (" + h.OS.Machine + ")"
	}
	if h.OS.Arch == "" {
		c.Verdict, c.Got = Warn, "unknown"
		c.Reason = "the architecture is unknown: " + h.Why("os.arch")
		return c
	}
	variantUnknown := false
	for _, want := range l.Values {
		arch, variant, hasVariant := strings.Cut(want, "/v")
		if arch != h.OS.Arch {
			continue
		}
		if !hasVariant {
			c.Verdict, c.Reason = Pass, h.OS.Arch+" is supported"
			return c
		}
		have := probe.ArmVariant(h.OS.Machine)
		need := int(variant[0] - '0')
		switch {
		case have == 0:
			variantUnknown = true
		case have >= need:
			c.Verdict, c.Reason = Pass, fmt.Sprintf("%s is supported (ARMv%d runs %s code)", h.OS.Arch, have, want)
			return c
		}
	}
	if variantUnknown {
		c.Verdict = Warn
		c.Reason = "a 32-bit ARM machine, but its ARM version is unknown; builds need " + c.Want
		return c
	}
	c.Verdict = Fail
	c.Reason = fmt.Sprintf("no build for %s; supported: %s", c.Got, c.Want)
	if ok, why := sixtyFourBitCapable(h); ok && (slices.Contains(l.Values, "amd64") || slices.Contains(l.Values, "arm64")) {
		c.Reason += "; this is a 32-bit OS, but " + why
		return fixable(c, "install the 64-bit version of the OS")
	}
	return hardware(c)
}

func checkCPU(h probe.Host, q *catalog.Requirement) Check {
	c := Check{ID: CheckCPU, Got: "unknown"}
	cpu := h.CPU
	got := cpu.Effective
	if math.IsInf(got, 1) {
		got = 0 // as unknown as none; NaN fails every got > 0 below
	}
	limited := cpu.Logical > 0 && got > 0 && got < float64(cpu.Logical)
	if got > 0 {
		c.Got = cpus(got)
		var parts []string
		if limited {
			parts = append(parts, fmt.Sprintf("of %d logical", cpu.Logical))
			if cpu.Online > 0 && cpu.Online < cpu.Logical {
				parts = append(parts, fmt.Sprintf("%d online", cpu.Online))
			}
			if cpu.Affinity > 0 && cpu.Affinity < cpu.Logical {
				parts = append(parts, fmt.Sprintf("affinity %d", cpu.Affinity))
			}
			if cpu.Quota != nil {
				parts = append(parts, "cgroup quota "+strconv.FormatFloat(*cpu.Quota, 'f', -1, 64))
			}
		} else if cpu.Physical > 0 && cpu.Physical != cpu.Logical {
			parts = append(parts, plural(cpu.Physical, "core"))
		}
		if len(parts) > 0 {
			c.Got += " (" + strings.Join(parts, ", ") + ")"
		}
	}
	why := h.Why("cpu.logical")
	if _, ok := h.Missing["cpu.quota"]; ok && got == 0 {
		why = h.Why("cpu.quota")
	}
	c = compare(c, q, got, got > 0, why, "cpus", cpus)
	if host := float64(cpu.Logical); got == 0 && host > 0 {
		// The limit is unknown, but it can only lower what the host has.
		c = atMost(c, q, host, fmt.Sprintf("%d logical on the host", cpu.Logical))
	}
	switch {
	case c.Verdict != Fail:
	case limited:
		c.Reason += fmt.Sprintf(": this process is limited to %s of the machine's %d", cpus(got), cpu.Logical)
		c = fixable(c, "raise the CPU limit of this container or cgroup (cpu.max / cpu.cfs_quota_us), or run kfit outside it")
	default:
		c = hardware(c)
	}
	return c
}

func checkMemory(h probe.Host, q *catalog.Requirement) Check {
	c := Check{ID: CheckMemory, Got: "unknown"}
	m := h.Memory
	got := float64(m.EffectiveBytes)
	limited := m.LimitBytes > 0 && m.LimitBytes == m.EffectiveBytes && m.LimitBytes < m.InstalledBytes
	switch {
	case limited:
		c.Got = units.Bytes(got) + " cgroup limit (host: " + units.Bytes(float64(m.InstalledBytes)) + " installed)"
	case got > 0:
		c.Got = units.Bytes(got) + " installed"
		if m.TotalBytes > 0 && m.TotalBytes != m.InstalledBytes {
			c.Got += " (MemTotal " + units.Bytes(float64(m.TotalBytes)) + ")"
		}
	}
	why := h.Why("memory.installed")
	if _, ok := h.Missing["memory"]; ok {
		why = h.Why("memory")
	} else if _, ok := h.Missing["memory.limit"]; ok && got == 0 {
		why = h.Why("memory.limit")
	}
	c = compare(c, q, got, got > 0, why, "bytes", units.Bytes)
	if host := float64(m.InstalledBytes); got == 0 && host > 0 {
		// The limit is unknown, but it can only lower what the host has.
		c = atMost(c, q, host, units.Bytes(host)+" installed on the host")
	}
	switch {
	case c.Verdict != Fail:
	case limited:
		c.Reason += fmt.Sprintf(": the host has %s, but this container or cgroup is limited to %s", units.Bytes(float64(m.InstalledBytes)), units.Bytes(got))
		c = fixable(c, "raise the memory limit of this container or cgroup (memory.max / memory.limit_in_bytes), or run kfit outside it")
	default:
		c = hardware(c)
	}
	if q != nil && q.MinOfMemTotal {
		// The distribution's preflight holds MemTotal, what is left after
		// firmware and the kernel, to the minimum: judge it as it will.
		c.Want = strings.Replace(c.Want, "≥ ", "MemTotal ≥ ", 1)
		total := float64(m.TotalBytes)
		switch {
		case c.Verdict == Fail || got == 0:
			// already failing on the installed RAM, or nothing is known
		case total == 0 && c.Verdict == Pass:
			c.Verdict, c.Source = Warn, q.MinOfCite.URL
			c.Reason = "MemTotal is unknown, and its preflight holds MemTotal to the " + units.Spaced(q.Min) + " minimum: " + h.Why("memory")
		case total > 0 && total < q.MinValue:
			c.Verdict, c.Source = Fail, q.MinOfCite.URL
			c.Reason = fmt.Sprintf("its preflight needs a MemTotal of %s, has %s (of %s installed)", units.Spaced(q.Min), units.Bytes(total), units.Bytes(float64(m.InstalledBytes)))
			c = hardware(c)
		}
	}
	return c
}

func checkDisk(h probe.Host, q *catalog.Requirement) Check {
	c := Check{ID: CheckDisk, Got: "unknown"}
	if q != nil && q.WholeDisk {
		// The OS installs on, and takes, a whole disk: its size matters.
		got := float64(h.Disk.DeviceBytes)
		if got > 0 {
			c.Got = units.Bytes(got) + " disk (" + h.Disk.Device + ")"
		}
		c = compare(c, q, got, got > 0, h.Why("disk.media"), "bytes", units.Bytes)
		c.Want += " (whole disk)"
		if got == 0 {
			c.Reason = "the size of the disk is unknown: " + h.Why("disk.media")
		}
		if c.Verdict == Fail {
			c = hardware(c)
		}
		return c
	}
	got := 0.0
	if h.Disk.FreeBytes != nil {
		got = float64(*h.Disk.FreeBytes)
		c.Got = units.Bytes(got) + " free"
		if h.Disk.Path != "" {
			c.Got += " on " + h.Disk.Path
		}
	}
	c = compare(c, q, got, h.Disk.FreeBytes != nil, h.Why("disk"), "bytes", units.Bytes)
	if c.Verdict == Fail {
		c = fixable(c, "free space on "+orUnknown(h.Disk.Path)+", or mount a larger disk at /var/lib")
	}
	return c
}

// compare judges got against a requirement; the reason is written here, next
// to the comparison that produced it.
// atMost fails a check whose figure is unknown when even an upper bound of
// it, what the host has before an unknown cgroup limit, is below the
// minimum: the limit could only make it smaller.
func atMost(c Check, q *catalog.Requirement, bound float64, have string) Check {
	if q == nil || q.Min == "" || bound >= q.MinValue {
		return c
	}
	c.Verdict, c.Got = Fail, "at most "+have
	c.Reason = fmt.Sprintf("needs %s, has at most %s", units.Spaced(q.Min), have)
	if c.ID == CheckCPU {
		c.Reason = fmt.Sprintf("needs %s, has at most %s", cpus(q.MinValue), have)
	}
	return c
}

func compare(c Check, q *catalog.Requirement, got float64, known bool, why, unit string, format func(float64) string) Check {
	noun := map[string]string{CheckCPU: "CPU count", CheckMemory: "installed memory", CheckDisk: "free disk space"}[c.ID]
	if q == nil {
		c.Verdict, c.Want = Pass, "not documented"
		c.Reason = "the docs state no minimum"
		return c
	}
	c.Source = q.Cite.URL
	// Show sizes as the docs write them ("2GB" reads "2 GB"), counts as CPUs.
	show := units.Spaced
	if unit == "cpus" {
		show = func(s string) string { return cpus(atof(s)) }
	}
	var want []string
	if q.Min != "" {
		want = append(want, "≥ "+show(q.Min))
	}
	if q.Recommended != "" {
		want = append(want, "recommended "+show(q.Recommended))
	}
	c.Want = strings.Join(want, ", ")
	if !known {
		c.Verdict = Warn
		c.Reason = noun + " is unknown: " + why
		return c
	}
	c.Gauge = &Gauge{Unit: unit, Got: got, Min: q.MinValue, Recommended: q.RecommendedValue}
	have := format(got)
	switch {
	case q.Min != "" && got < q.MinValue:
		c.Verdict = Fail
		c.Reason = fmt.Sprintf("needs %s, has %s", show(q.Min), have)
	case q.Recommended != "" && got < q.RecommendedValue:
		c.Verdict = Warn
		if q.RecommendedCite != nil {
			c.Source = q.RecommendedCite.URL
		}
		if q.Min != "" {
			c.Reason = fmt.Sprintf("has %s: meets the %s minimum, below the %s recommendation", have, show(q.Min), show(q.Recommended))
		} else {
			c.Reason = fmt.Sprintf("has %s, below the %s recommendation", have, show(q.Recommended))
		}
	default:
		c.Verdict = Pass
		if q.Recommended != "" {
			c.Reason = fmt.Sprintf("has %s, meets the %s recommendation", have, show(q.Recommended))
		} else {
			c.Reason = fmt.Sprintf("has %s, meets the %s minimum", have, show(q.Min))
		}
	}
	return c
}

// bestPick ranks the roles that fit: roles that make a cluster on their own
// first; then pass before warn; then the most memory left for workloads
// (roles with a published footprint before those without); then the lower
// footprint; then the most memory and CPUs above what the role asks; then
// the catalog's order.
func bestPick(results []Result) *Pick {
	var fits []Result
	for _, r := range results {
		if r.Verdict.Fits(false) {
			fits = append(fits, r)
		}
	}
	if len(fits) == 0 {
		return nil
	}
	val := func(p *float64) float64 {
		if p == nil {
			return math.Inf(-1)
		}
		return *p
	}
	sort.SliceStable(fits, func(i, j int) bool {
		a, b := fits[i], fits[j]
		if a.Standalone != b.Standalone {
			return a.Standalone
		}
		if a.Verdict != b.Verdict {
			return a.Verdict == Pass
		}
		if la, lb := val(a.Headroom.LeftBytes), val(b.Headroom.LeftBytes); la != lb {
			return la > lb
		}
		if fa, fb := val(a.Headroom.FootprintBytes), val(b.Headroom.FootprintBytes); fa != fb {
			return fa < fb
		}
		if val(a.HeadroomBytes) != val(b.HeadroomBytes) {
			return val(a.HeadroomBytes) > val(b.HeadroomBytes)
		}
		return val(a.HeadroomCPUs) > val(b.HeadroomCPUs)
	})
	best := fits[0]
	p := &Pick{Distro: best.Distro, Role: best.Role}
	among := "of the roles that fit"
	if best.Verdict == Pass {
		among = "of the roles that pass every check"
	}
	hr := best.Headroom
	switch {
	case len(fits) == 1:
		p.Reason = "the only role that fits"
		if hr.LeftBytes != nil {
			p.Reason += fmt.Sprintf("; it leaves %s %s", units.Bytes(*hr.LeftBytes), best.LeftFor())
		}
	case hr.LeftBytes != nil:
		p.Reason = fmt.Sprintf("%s, it leaves the most memory %s: %s after", among, best.LeftFor(), units.Bytes(*hr.LeftBytes))
		if hr.OSUseBytes != nil {
			p.Reason += fmt.Sprintf(" the OS (%s in use) and", units.Bytes(*hr.OSUseBytes))
		}
		p.Reason += fmt.Sprintf(" its measured footprint (%s)", units.Bytes(*hr.FootprintBytes))
	case best.HeadroomBytes != nil:
		p.Reason = fmt.Sprintf("%s, none has a published footprint, and it asks the least memory (%s left above its requirement)", among, units.Bytes(*best.HeadroomBytes))
	default:
		p.Reason = "it fits, but the memory is unknown, so the pick could not weigh headroom"
	}
	if needs := best.Needs(); needs != "" {
		p.Reason += "; it " + needs
	} else if best.Verdict == Warn {
		p.Reason += "; see its warnings"
	}
	return p
}
