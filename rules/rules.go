package rules

import (
	"slices"

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
// asks nothing.
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
	{CheckCgroup, func(h probe.Host, s subject) (Check, bool) { return documented(h, s.role.Cgroup, checkCgroup) }},
	{CheckKernel, func(h probe.Host, s subject) (Check, bool) { return documented(h, s.role.Kernel, checkKernel) }},
	{CheckSwap, func(h probe.Host, s subject) (Check, bool) { return documented(h, s.role.Swap, checkSwap) }},
	{CheckRuntime, func(h probe.Host, s subject) (Check, bool) { return checkRuntime(h, s.role) }},
	{CheckPorts, func(h probe.Host, s subject) (Check, bool) { return documented(h, s.role.Ports, checkPorts) }},
	{CheckStorage, func(h probe.Host, s subject) (Check, bool) { return documented(h, s.role.Storage, checkStorage) }},
	{CheckReserve, func(h probe.Host, s subject) (Check, bool) {
		return checkReserve(h, s.role, s.headroom, s.opt.ReserveBytes), s.opt.ReserveBytes > 0
	}},
	{CheckDNS, func(h probe.Host, s subject) (Check, bool) { return documented(h, conditions(s.distro).DNS, checkDNS) }},
	{CheckFirewall, func(h probe.Host, s subject) (Check, bool) {
		return applies(h, s, conditions(s.distro).Firewall != nil, checkFirewall)
	}},
	{CheckHostname, func(h probe.Host, s subject) (Check, bool) {
		return documented(h, conditions(s.distro).Hostname, checkHostname)
	}},
	{CheckLeftovers, func(h probe.Host, s subject) (Check, bool) {
		return applies(h, s, conditions(s.distro).Leftovers != nil, checkLeftovers)
	}},
	{CheckAppArmor, func(h probe.Host, s subject) (Check, bool) {
		return documented(h, conditions(s.distro).AppArmor, checkAppArmor)
	}},
	{CheckInotify, func(h probe.Host, s subject) (Check, bool) {
		return documented(h, conditions(s.distro).Inotify, checkInotify)
	}},
	{CheckSysctl, func(h probe.Host, s subject) (Check, bool) {
		return documented(h, conditions(s.distro).Sysctl, checkSysctl)
	}},
	{CheckIdentity, func(h probe.Host, s subject) (Check, bool) {
		return applies(h, s, conditions(s.distro).Identity != nil, checkIdentity)
	}},
	{CheckCIDR, func(h probe.Host, s subject) (Check, bool) {
		return documented(h, conditions(s.distro).CIDR, checkCIDR)
	}},
	{CheckRoute, func(h probe.Host, s subject) (Check, bool) {
		return documented(h, conditions(s.distro).Route, checkRoute)
	}},
	{CheckContainer, func(h probe.Host, s subject) (Check, bool) {
		return documented(h, conditions(s.distro).Container, checkContainer)
	}},
	{CheckFilesystem, func(h probe.Host, s subject) (Check, bool) {
		return documented(h, conditions(s.distro).Filesystem, checkFilesystem)
	}},
	{CheckKernelModules, func(h probe.Host, s subject) (Check, bool) {
		return applies(h, s, conditions(s.distro).KernelModules != nil && s.role.Kernel != nil, checkKernelModules)
	}},
	{CheckSELinux, func(h probe.Host, s subject) (Check, bool) {
		return applies(h, s, conditions(s.distro).SELinux != nil, checkSELinux)
	}},
	{CheckDockerAccess, func(h probe.Host, s subject) (Check, bool) {
		return applies(h, s, conditions(s.distro).DockerAccess != nil, checkDockerAccess)
	}},
	// The machine's clock, for every role, but not where the distribution
	// replaces the OS (Talos keeps its own time).
	{CheckTime, func(h probe.Host, s subject) (Check, bool) { return checkTime(h), !s.distro.ReplacesOS }},
	{CheckProxy, func(h probe.Host, s subject) (Check, bool) {
		return applies(h, s, conditions(s.distro).Proxy != nil, checkProxy)
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

// Options change what Evaluate asks of the machine.
type Options struct {
	// ReserveBytes is memory that must remain for the user's own apps after
	// the OS and the distribution (--reserve); 0 asks nothing.
	ReserveBytes uint64
	// Ignore lists check ids whose failures become warnings (--ignore).
	Ignore []string
}

// Evaluate judges every role in the catalog against the host. It is pure: no
// I/O, no globals, the same answer for the same input. It takes the host's
// derived figures (effective CPU and memory, the installed estimate) as
// given: they are computed where a Host is made (probe.Collect,
// probe.ReadSnapshot, the what-if flags), with Host.Derive.
func Evaluate(h probe.Host, c *catalog.Catalog, opt Options) Report {
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
	res.Checks = slices.Clone(run)
	res.Upgrade = upgrade(h, r, res, opt.ReserveBytes)
	res.HeadroomBytes, res.HeadroomCPUs = above(h, r)
	return res
}
