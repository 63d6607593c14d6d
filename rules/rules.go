package rules

import (
	"cmp"
	"slices"
	"time"

	"github.com/kfit-dev/kfit/catalog"
	"github.com/kfit-dev/kfit/probe"
)

// Check ids are stable API: scripts and --ignore use them. Each has its file,
// named after it (kernel-config in kernel_config.go).
const (
	CheckOS       = "os"
	CheckArch     = "arch"
	CheckCPUFlags = "cpu-flags"
	CheckCPU      = "cpu"
	CheckMemory   = "memory"
	CheckDisk     = "disk"
	CheckCgroup   = "cgroup"
	CheckKernel   = "kernel-config"
	CheckSwap     = "swap"
	CheckRuntime  = "runtime"
	CheckPorts    = "ports"
	CheckStorage  = "storage"
	CheckReserve  = "reserve"
	CheckRelease  = "release"

	// The host conditions: what breaks installs though no requirement
	// lists it. They apply where the distro's catalog entry has them.
	CheckDNS           = "dns"
	CheckFirewall      = "firewall"
	CheckHostname      = "hostname"
	CheckLeftovers     = "leftovers"
	CheckAppArmor      = "apparmor"
	CheckInotify       = "inotify"
	CheckSysctl        = "sysctl"
	CheckIdentity      = "identity"
	CheckCIDR          = "cidr"
	CheckRoute         = "route"
	CheckContainer     = "container"
	CheckFilesystem    = "filesystem"
	CheckKernelModules = "kernel-modules"
	CheckSELinux       = "selinux"
	CheckDockerAccess  = "docker-access"
	CheckTime          = "time" // the machine's, for every role
	CheckProxy         = "proxy"

	// The laptop advice (laptop.go): never a reason to fail a distribution.
	CheckLid     = "lid-switch"
	CheckSleep   = "sleep-targets"
	CheckPower   = "power"
	CheckBattery = "battery"
	CheckNetwork = "network"
)

// subject is what a check reads besides the host: the role, its
// distribution, the options and the role's headroom.
type subject struct {
	distro   catalog.Distro
	role     catalog.Role
	opt      Options
	headroom Headroom
}

// checks is every check of a role, in report order. A check answers false
// when it does not apply: the docs state no such requirement, or --reserve
// asks nothing and the role leaves something.
var checks = []struct {
	id  string
	run func(h probe.Host, s subject) (Check, bool)
}{
	{CheckOS, func(h probe.Host, s subject) (Check, bool) { return checkOS(h, s.distro, s.role), true }},
	{CheckArch, func(h probe.Host, s subject) (Check, bool) { return checkArch(h, s.role.Arch), true }},
	{CheckCPUFlags, func(h probe.Host, s subject) (Check, bool) { return documented(h, s.role.CPUFlags, checkCPUFlags) }},
	{CheckCPU, func(h probe.Host, s subject) (Check, bool) { return checkCPU(h, s.role.CPUs), true }},
	{CheckMemory, func(h probe.Host, s subject) (Check, bool) { return checkMemory(h, s.role.Memory), true }},
	{CheckDisk, func(h probe.Host, s subject) (Check, bool) { return checkDisk(h, s.role.Disk), true }},
	{CheckCgroup, func(h probe.Host, s subject) (Check, bool) { return onLinux(h, s.role.Cgroup, checkCgroup) }},
	{CheckKernel, func(h probe.Host, s subject) (Check, bool) { return onLinux(h, s.role.Kernel, checkKernel) }},
	{CheckSwap, func(h probe.Host, s subject) (Check, bool) { return onLinux(h, s.role.Swap, checkSwap) }},
	{CheckRuntime, func(h probe.Host, s subject) (Check, bool) { return checkRuntime(h, s.role) }},
	{CheckPorts, func(h probe.Host, s subject) (Check, bool) { return documented(h, s.role.Ports, checkPorts) }},
	{CheckStorage, func(h probe.Host, s subject) (Check, bool) { return documented(h, s.role.Storage, checkStorage) }},
	{CheckReserve, func(h probe.Host, s subject) (Check, bool) {
		// Without --reserve, a role whose memory minimum already fails
		// needs no second reason.
		meetsMin := s.role.Memory == nil || float64(h.Memory.EffectiveBytes) >= s.role.Memory.MinValue
		return checkReserve(h, s.role, s.headroom, s.opt.ReserveBytes), reserveApplies(s.headroom, s.opt.ReserveBytes) && (s.opt.ReserveBytes > 0 || meetsMin)
	}},
	{CheckRelease, func(h probe.Host, s subject) (Check, bool) { return checkRelease(h, s.distro, s.opt.Today) }},
	{CheckDNS, func(h probe.Host, s subject) (Check, bool) { return onLinux(h, conditions(s.distro).DNS, checkDNS) }},
	{CheckFirewall, func(h probe.Host, s subject) (Check, bool) {
		return applies(h, s, conditions(s.distro).Firewall != nil && linuxHost(h), checkFirewall)
	}},
	{CheckHostname, func(h probe.Host, s subject) (Check, bool) {
		return applies(h, s, conditions(s.distro).Hostname != nil && linuxHost(h), checkHostname)
	}},
	{CheckLeftovers, func(h probe.Host, s subject) (Check, bool) {
		return applies(h, s, conditions(s.distro).Leftovers != nil && linuxHost(h), checkLeftovers)
	}},
	{CheckAppArmor, func(h probe.Host, s subject) (Check, bool) {
		return onLinux(h, conditions(s.distro).AppArmor, checkAppArmor)
	}},
	{CheckInotify, func(h probe.Host, s subject) (Check, bool) {
		return onLinux(h, conditions(s.distro).Inotify, checkInotify)
	}},
	{CheckSysctl, func(h probe.Host, s subject) (Check, bool) {
		return onLinux(h, conditions(s.distro).Sysctl, checkSysctl)
	}},
	{CheckIdentity, func(h probe.Host, s subject) (Check, bool) {
		return applies(h, s, conditions(s.distro).Identity != nil && linuxHost(h), checkIdentity)
	}},
	{CheckCIDR, func(h probe.Host, s subject) (Check, bool) {
		return onLinux(h, conditions(s.distro).CIDR, checkCIDR)
	}},
	{CheckRoute, func(h probe.Host, s subject) (Check, bool) {
		return onLinux(h, conditions(s.distro).Route, checkRoute)
	}},
	{CheckContainer, func(h probe.Host, s subject) (Check, bool) {
		return onLinux(h, conditions(s.distro).Container, checkContainer)
	}},
	{CheckFilesystem, func(h probe.Host, s subject) (Check, bool) {
		return onLinux(h, conditions(s.distro).Filesystem, checkFilesystem)
	}},
	{CheckKernelModules, func(h probe.Host, s subject) (Check, bool) {
		return applies(h, s, conditions(s.distro).KernelModules != nil && s.role.Kernel != nil && linuxHost(h), checkKernelModules)
	}},
	{CheckSELinux, func(h probe.Host, s subject) (Check, bool) {
		return applies(h, s, conditions(s.distro).SELinux != nil && linuxHost(h), checkSELinux)
	}},
	{CheckDockerAccess, func(h probe.Host, s subject) (Check, bool) {
		return applies(h, s, conditions(s.distro).DockerAccess != nil && linuxHost(h), checkDockerAccess)
	}},
	// The machine's clock, for every role, but not where the distribution
	// replaces the OS (Talos keeps its own time). Like the other host
	// conditions, judged on Linux only (see onLinux).
	{CheckTime, func(h probe.Host, s subject) (Check, bool) { return checkTime(h), !s.distro.ReplacesOS && linuxHost(h) }},
	{CheckProxy, func(h probe.Host, s subject) (Check, bool) {
		return applies(h, s, conditions(s.distro).Proxy != nil && linuxHost(h), checkProxy)
	}},
}

// documented runs check on a requirement the role's docs state; one they do
// not state is not checked.
func documented[Q any](h probe.Host, q *Q, check func(probe.Host, *Q) Check) (Check, bool) {
	if q == nil {
		return Check{}, false
	}
	return check(h, q), true
}

// onLinux runs a check of the host's own kernel (cgroups, kernel options,
// swap) where the role's docs state it and the host runs Linux, or an OS not
// known: on macOS and Windows the distributions that run there (kind, k3d,
// minikube) run their kubelet in a Linux VM, whose kernel this is not.
func onLinux[Q any](h probe.Host, q *Q, check func(probe.Host, *Q) Check) (Check, bool) {
	if !linuxHost(h) {
		return Check{}, false
	}
	return documented(h, q, check)
}

// linuxHost says whether the host runs Linux, or an OS not known.
func linuxHost(h probe.Host) bool { return h.OS.Name == "" || h.OS.Name == "linux" }

// applies runs a check that needs the whole subject where ok.
func applies(h probe.Host, s subject, ok bool, check func(probe.Host, subject) Check) (Check, bool) {
	if !ok {
		return Check{}, false
	}
	return check(h, s), true
}

// CheckIDs are every check id of a role, in report order: the values
// --ignore takes.
var CheckIDs = func() []string {
	ids := make([]string, len(checks))
	for i, c := range checks {
		ids[i] = c.id
	}
	return ids
}()

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
	Distro string `json:"distro"`
	// Version is the release judged: the distribution's current one, or
	// the one --distro ID@VERSION names.
	Version string  `json:"version"`
	Role    string  `json:"role"`
	Verdict Verdict `json:"verdict"`
	// Fits says whether the role can run here: pass, or warn unless
	// --strict.
	Fits bool `json:"fits"`
	// Purpose is what the distribution is for (catalog.Purposes).
	Purpose    string `json:"purpose"`
	Standalone bool   `json:"standalone"`
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
	// Older names an older release that is still supported and would fit,
	// when this one does not.
	Older *OlderFit `json:"older,omitempty"`
}

// OlderFit is an older release of a distribution that fits where its
// current release does not, and the day its support ends.
type OlderFit struct {
	Version      string `json:"version"`
	EndOfSupport string `json:"endOfSupport"`
	Source       string `json:"source,omitempty"`
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
	Distro  string `json:"distro"`
	Version string `json:"version"`
	Role    string `json:"role"`
	Purpose string `json:"purpose"`
	Reason  string `json:"reason"`
}

// Report is everything Evaluate concludes.
type Report struct {
	Results []Result `json:"results"`
	Best    *Pick    `json:"best"`
	// Others are the best picks for the purposes --purpose left out
	// ("for development, k3d fits"), one per purpose.
	Others []Pick `json:"others,omitempty"`
	// Strict is --strict: a warning counts as not fitting.
	Strict bool `json:"strict"`
	// Purpose is what the best pick was chosen for: a catalog purpose, or
	// "any".
	Purpose string `json:"purpose"`
	// Laptop is advice for a laptop that will serve; nil on other machines.
	Laptop []Check `json:"laptop,omitempty"`
}

// Options change what Evaluate asks of the machine.
type Options struct {
	// ReserveBytes is memory that must remain for the user's own apps after
	// the OS and the distribution (--reserve); 0 asks nothing.
	ReserveBytes uint64
	// Ignore lists check ids whose failures become warnings (--ignore).
	Ignore []string
	// Strict counts a warning as not fitting (--strict).
	Strict bool
	// Purpose limits the best pick to distributions for it (--purpose): a
	// catalog purpose, or "" or "any" for all.
	Purpose string
	// Today is the day that decides which older releases are still
	// supported; the zero time looks at none.
	Today time.Time
}

// PurposeAny is the --purpose that picks among every distribution.
const PurposeAny = "any"

// Evaluate judges every role in the catalog against the host. It is pure: no
// I/O, no globals, the same answer for the same input. It takes the host's
// derived figures (effective CPU and memory, the installed estimate) as
// given: they are computed where a Host is made (probe.Collect,
// probe.ReadSnapshot, the what-if flags), with Host.Derive.
func Evaluate(h probe.Host, c *catalog.Catalog, opt Options) Report {
	rep := Report{Strict: opt.Strict, Purpose: cmp.Or(opt.Purpose, PurposeAny)}
	for _, d := range c.Distros {
		for _, role := range d.Roles {
			res := evaluateRole(h, d, role, opt)
			if !res.Fits && res.Verdict == Fail {
				res.Older = olderFit(h, d, role.Name, opt)
			}
			rep.Results = append(rep.Results, res)
		}
	}
	rep.Best, rep.Others = bestPicks(rep.Results, rep.Purpose, opt.Strict)
	rep.Laptop = Laptop(h)
	return rep
}

// olderFit finds the newest release of d older than the one judged, still
// supported on opt.Today, in which the role fits.
func olderFit(h probe.Host, d catalog.Distro, role string, opt Options) *OlderFit {
	if opt.Today.IsZero() {
		return nil
	}
	rels := slices.Clone(d.Releases)
	slices.SortStableFunc(rels, func(a, b catalog.Release) int { // newest first
		switch {
		case catalog.OlderThan(b.Version, a.Version):
			return -1
		case catalog.OlderThan(a.Version, b.Version):
			return 1
		}
		return 0
	})
	for _, rel := range rels {
		if !catalog.OlderThan(rel.Version, d.Version) || !rel.SupportedOn(opt.Today) {
			continue
		}
		od, err := d.At(rel.Version)
		if err != nil {
			continue
		}
		if r := od.Role(role); r == nil || !evaluateRole(h, *od, *r, opt).Fits {
			continue
		}
		o := &OlderFit{Version: rel.Version, EndOfSupport: rel.EndOfSupport}
		if rel.Cite != nil {
			o.Source = rel.Cite.URL
		}
		return o
	}
	return nil
}

func evaluateRole(h probe.Host, d catalog.Distro, r catalog.Role, opt Options) Result {
	res := Result{Distro: d.ID, Version: d.Version, Role: r.Name, Purpose: d.PurposeOf(), Standalone: r.Standalone, Cluster: r.Cluster, Verdict: Pass}
	res.Headroom = headroom(h, r)
	s := subject{distro: d, role: r, opt: opt, headroom: res.Headroom}
	// The checks are gathered on the stack and kept at their number: most
	// roles run about half of the table.
	var buf [64]Check
	run := buf[:0]
	for _, k := range checks {
		c, ok := k.run(h, s)
		if !ok {
			continue
		}
		if c.Verdict == Fail && slices.Contains(opt.Ignore, c.ID) {
			c.Verdict, c.Ignored = Warn, true
			c.Reason = "ignored (--ignore " + c.ID + "): " + c.Reason
		}
		if c.Verdict.worse(res.Verdict) {
			res.Verdict = c.Verdict
		}
		run = append(run, c)
	}
	res.Fits = res.Verdict.Fits(opt.Strict)
	res.Checks = slices.Clone(run)
	res.Upgrade = upgrade(h, r, res, opt.ReserveBytes)
	res.HeadroomBytes, res.HeadroomCPUs = above(h, r)
	return res
}
