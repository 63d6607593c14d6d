package rules

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/kfit-dev/kfit/catalog"
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
	Checks     []Check `json:"checks"`
	// HeadroomBytes is the installed memory above what the role asks (its
	// recommendation, or its minimum where the docs recommend nothing);
	// HeadroomCPUs likewise. Both are nil when a fact is unknown.
	HeadroomBytes *float64 `json:"headroomBytes,omitempty"`
	HeadroomCPUs  *float64 `json:"headroomCPUs,omitempty"`
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
}

// Evaluate judges every role in the catalog against the host. It is pure: no
// I/O, no globals, the same answer for the same input.
func Evaluate(h probe.Host, c *catalog.Catalog) Report {
	var rep Report
	for _, d := range c.Distros {
		for _, role := range d.Roles {
			rep.Results = append(rep.Results, evaluateRole(h, d, role))
		}
	}
	rep.Best = bestPick(rep.Results)
	return rep
}

func evaluateRole(h probe.Host, d catalog.Distro, r catalog.Role) Result {
	res := Result{Distro: d.ID, Role: r.Name, Standalone: r.Standalone, Verdict: Pass}
	res.Checks = []Check{
		checkOS(h, r.OS),
		checkArch(h, r.Arch),
		checkCPU(h, r.CPUs),
		checkMemory(h, r.Memory),
		checkDisk(h, r.Disk),
	}
	for _, c := range res.Checks {
		if c.Verdict.worse(res.Verdict) {
			res.Verdict = c.Verdict
		}
	}
	if h.Memory.InstalledBytes > 0 {
		v := float64(h.Memory.InstalledBytes) - wanted(r.Memory)
		res.HeadroomBytes = &v
	}
	if h.CPU.Logical > 0 {
		v := float64(h.CPU.Logical) - wanted(r.CPUs)
		res.HeadroomCPUs = &v
	}
	return res
}

// wanted is what a role asks: the recommendation, else the minimum, else 0.
func wanted(q *catalog.Requirement) float64 {
	if q == nil {
		return 0
	}
	return max(q.MinValue, q.RecommendedValue)
}

func checkOS(h probe.Host, l *catalog.List) Check {
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
	return c
}

func checkCPU(h probe.Host, q *catalog.Requirement) Check {
	c := Check{ID: CheckCPU}
	got := float64(h.CPU.Logical)
	c.Got = plural(h.CPU.Logical, "CPU")
	if h.CPU.Physical > 0 && h.CPU.Physical != h.CPU.Logical {
		c.Got += fmt.Sprintf(" (%s)", plural(h.CPU.Physical, "core"))
	}
	if h.CPU.Logical == 0 {
		c.Got = "unknown"
	}
	return compare(c, q, got, got > 0, h.Why("cpu.logical"), "cpus", cpus)
}

func checkMemory(h probe.Host, q *catalog.Requirement) Check {
	c := Check{ID: CheckMemory, Got: "unknown"}
	got := float64(h.Memory.InstalledBytes)
	if got > 0 {
		c.Got = Bytes(got) + " installed"
		if h.Memory.TotalBytes > 0 && h.Memory.TotalBytes != h.Memory.InstalledBytes {
			c.Got += " (MemTotal " + Bytes(float64(h.Memory.TotalBytes)) + ")"
		}
	}
	why := h.Why("memory.installed")
	if _, ok := h.Missing["memory"]; ok {
		why = h.Why("memory")
	}
	return compare(c, q, got, got > 0, why, "bytes", Bytes)
}

func checkDisk(h probe.Host, q *catalog.Requirement) Check {
	c := Check{ID: CheckDisk, Got: "unknown"}
	got := 0.0
	if h.Disk.FreeBytes != nil {
		got = float64(*h.Disk.FreeBytes)
		c.Got = Bytes(got) + " free"
		if h.Disk.Path != "" {
			c.Got += " on " + h.Disk.Path
		}
	}
	return compare(c, q, got, h.Disk.FreeBytes != nil, h.Why("disk"), "bytes", Bytes)
}

// compare judges got against a requirement; the reason is written here, next
// to the comparison that produced it.
func compare(c Check, q *catalog.Requirement, got float64, known bool, why, unit string, format func(float64) string) Check {
	noun := map[string]string{CheckCPU: "CPU count", CheckMemory: "installed memory", CheckDisk: "free disk space"}[c.ID]
	if q == nil {
		c.Verdict, c.Want = Pass, "not documented"
		c.Reason = "the docs state no minimum"
		return c
	}
	c.Source = q.Cite.URL
	// Show sizes as the docs write them ("2GB" reads "2 GB"), counts as CPUs.
	show := spaced
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
// first, then pass before warn, then memory headroom, then CPU headroom; the
// catalog's order breaks ties.
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
			return -1e300
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
	switch {
	case len(fits) == 1:
		p.Reason = "the only role that fits"
	case best.HeadroomBytes == nil:
		p.Reason = "it fits, but the memory is unknown, so the pick could not weigh headroom"
	default:
		p.Reason = fmt.Sprintf("%s, it leaves the most memory above what it asks (%s)", among, Bytes(*best.HeadroomBytes))
		if best.HeadroomCPUs != nil && *best.HeadroomCPUs > 0 {
			p.Reason += fmt.Sprintf(" and %s to spare", cpus(*best.HeadroomCPUs))
		}
	}
	if !best.Standalone {
		p.Reason += "; it needs a control plane on another machine"
	} else if best.Verdict == Warn {
		p.Reason += "; see its warnings"
	}
	return p
}
