package rules

import (
	"fmt"
	"strings"

	"github.com/kfit-dev/kfit/catalog"
	"github.com/kfit-dev/kfit/probe"
)

// NamedHost is one machine of a fleet: its snapshot and the name to show.
type NamedHost struct {
	Name string
	Host probe.Host
}

// ClusterPlan says, for one distribution, whether the machines can form a
// cluster, who takes which role, and who is left out and why.
type ClusterPlan struct {
	Distro      string       `json:"distro"`
	Version     string       `json:"version"`
	Feasible    bool         `json:"feasible"`
	Assignments []Assignment `json:"assignments"`
	Unassigned  []Unassigned `json:"unassigned"`
	// Note explains the plan in one sentence.
	Note string `json:"note"`
}

// Assignment gives a machine a role, with what it would have left.
type Assignment struct {
	Host    string  `json:"host"`
	Role    string  `json:"role"`
	Verdict Verdict `json:"verdict"`
	// LeftBytes is the memory left for workloads (see Headroom); absent
	// when the role has no published footprint.
	LeftBytes *float64 `json:"leftBytes,omitempty"`
}

// Unassigned is a machine that fits no role of the distribution.
type Unassigned struct {
	Host   string `json:"host"`
	Reason string `json:"reason"`
}

// Fleet is the machines a cluster plan is made from, gathered one at a
// time: each is judged as it is added, and only what planning needs is kept
// of its Report (which holds every check of every role, ~72 KB), so a plan
// over 10,000 snapshots needs little memory.
type Fleet struct {
	// Names names the machines in the order they were added; the caller
	// may change them before Plan, to tell equal hostnames apart.
	Names    []string
	cat      *catalog.Catalog
	opt      Options
	machines []map[roleKey]entry
}

type roleKey struct{ distro, version, role string }

// entry is how one machine fares in one role: its standing for the ranking
// and its first failing check, for whyNot ("memory: needs 2 GB, has 1 GiB").
type entry struct {
	standing
	failure string
	// fsyncP99 is the machine's measured fdatasync p99 in ms (kfit probe
	// --measure), nil when not measured: a plan prefers the server whose
	// disk is fastest (plan_disk.go).
	fsyncP99 *float64
}

// NewFleet starts a fleet judged against cat with opt.
func NewFleet(cat *catalog.Catalog, opt Options) *Fleet {
	return &Fleet{cat: cat, opt: opt}
}

// Add judges a machine and keeps its standing in every role of the catalog.
func (f *Fleet) Add(name string, h probe.Host) {
	rep := Evaluate(h, f.cat, f.opt)
	m := make(map[roleKey]entry, len(rep.Results))
	var p99 *float64
	if fsync := h.Disk.Fsync; fsync != nil && fsyncJudged(h) {
		v := fsync.P99Ms // a copy: nothing of the Host is kept
		p99 = &v
	}
	for _, r := range rep.Results {
		s := entry{standing: standingOf(r), fsyncP99: p99}
		for _, c := range r.Checks {
			if c.Verdict == Fail {
				s.failure = c.ID + ": " + c.Reason
				break
			}
		}
		m[roleKey{r.Distro, r.Version, r.Role}] = s
	}
	f.Names = append(f.Names, name)
	f.machines = append(f.machines, m)
}

// Plan names, for each distribution, the machine that should take the
// server role (the one with the most headroom that meets the server
// requirements), the ones that join as agents, and the ones that fit
// nothing. For distributions whose machines are peers (MicroK8s) every
// machine that fits joins; for those that run on one machine (minikube,
// kind, k3d, MicroShift) the best machine is named.
func (f *Fleet) Plan() []ClusterPlan {
	var plans []ClusterPlan
	for _, d := range f.cat.Distros {
		plans = append(plans, f.planDistro(d))
	}
	return plans
}

// Plan plans a cluster from machines already in memory (see Fleet).
func Plan(hosts []NamedHost, cat *catalog.Catalog, opt Options) []ClusterPlan {
	f := NewFleet(cat, opt)
	for _, h := range hosts {
		f.Add(h.Name, h.Host)
	}
	return f.Plan()
}

// candidate is one machine in one role.
type candidate struct {
	host int
	role int // index in the distro's roles
	s    entry
}

// planner makes the plan of one distribution.
type planner struct {
	f        *Fleet
	d        catalog.Distro
	byKind   map[string][]candidate // who fits each kind of role, best first
	assigned map[int]bool
	plan     ClusterPlan
}

func (f *Fleet) planDistro(d catalog.Distro) ClusterPlan {
	p := &planner{f: f, d: d, byKind: map[string][]candidate{}, assigned: map[int]bool{},
		plan: ClusterPlan{Distro: d.ID, Version: d.Version, Assignments: []Assignment{}, Unassigned: []Unassigned{}}}
	for hi, m := range f.machines {
		for ri, role := range d.Roles {
			if s := m[roleKey{d.ID, d.Version, role.Name}]; s.verdict.Fits(false) {
				p.byKind[role.Cluster] = append(p.byKind[role.Cluster], candidate{hi, ri, s})
			}
		}
	}
	for _, cs := range p.byKind {
		// In the order added, so that ties go to the machine named first.
		rank(cs, func(c candidate) standing { return c.s.standing }, planOrder)
	}
	switch {
	case hasKind(d, "single"):
		p.planSingle()
	case hasKind(d, "node"):
		p.planPeers()
	default:
		p.planLead()
	}
	return p.plan
}

func (p *planner) assign(c candidate) {
	p.assigned[c.host] = true
	p.plan.Assignments = append(p.plan.Assignments, Assignment{Host: p.f.Names[c.host], Role: p.d.Roles[c.role].Name,
		Verdict: c.s.verdict, LeftBytes: c.s.left})
}

// noRole is whyNot's answer for a machine that fails no role of the kinds.
const noRole = "it fits no role"

// whyNot names the first failure of the role a machine would take.
func (p *planner) whyNot(hi int, kinds ...string) string {
	for _, kind := range kinds {
		for _, role := range p.d.Roles {
			if role.Cluster != kind {
				continue
			}
			if s := p.f.machines[hi][roleKey{p.d.ID, p.d.Version, role.Name}]; s.failure != "" {
				return fmt.Sprintf("%s %s: %s", p.d.ID, role.Name, s.failure)
			}
		}
	}
	return noRole
}

// leaveOut lists the machines that were not assigned, each with why.
func (p *planner) leaveOut(why func(hi int) string) {
	for hi, name := range p.f.Names {
		if !p.assigned[hi] {
			p.plan.Unassigned = append(p.plan.Unassigned, Unassigned{Host: name, Reason: why(hi)})
		}
	}
}

// planSingle names the best machine for a distribution that runs on one
// (minikube, kind, k3d, MicroShift).
func (p *planner) planSingle() {
	d := p.d
	cs := p.byKind["single"]
	if len(cs) == 0 {
		p.plan.Note = d.Name + " runs on one machine, and none of these fits"
		p.leaveOut(func(hi int) string { return p.whyNot(hi, "single") })
		return
	}
	p.assign(cs[0])
	p.plan.Feasible = true
	taker := p.f.Names[cs[0].host]
	p.plan.Note = fmt.Sprintf("%s runs on one machine; %s has the most room for it", d.Name, taker)
	p.leaveOut(func(hi int) string {
		if reason := p.whyNot(hi, "single"); reason != noRole {
			return reason
		}
		return d.Name + " runs on one machine, and " + taker + " takes it"
	})
}

// planPeers joins every machine that fits, for a distribution whose machines
// are peers (MicroK8s).
func (p *planner) planPeers() {
	for _, c := range p.byKind["node"] {
		if !p.assigned[c.host] {
			p.assign(c)
		}
	}
	p.plan.Feasible = len(p.plan.Assignments) > 0
	p.plan.Note = fmt.Sprintf("every %s machine is a peer; %d of %d join", p.d.Name, len(p.plan.Assignments), len(p.f.Names))
	p.leaveOut(func(hi int) string { return p.whyNot(hi, "node") })
}

// planLead names the machine that serves and those that join it as agents.
// A cluster needs a machine that runs workloads: a server role that is
// standalone (a k3s server schedules pods) or an agent. A server role that
// is not (the catalog's standalone: false) leads only when an agent joins
// it: "As a default, the control plane does not run kubelet at all, and
// will not accept any workloads" (k0s FAQ,
// https://docs.k0sproject.io/v0.11.0/FAQ/, seen 2026-11-30); else a machine that fits a standalone server role leads
// (a single machine for k0s is a controller+worker), and with none the
// plan is not feasible.
func (p *planner) planLead() {
	d := p.d
	servers := p.byKind["server"]
	if len(servers) == 0 {
		p.plan.Note = "no machine meets the " + serverRoles(d) + " requirements"
		p.leaveOut(func(hi int) string { return p.whyNot(hi, "server") })
		return
	}
	// The machine with the most headroom leads, or, when every candidate's
	// disk was measured, the one with the fastest; where it fits a server
	// role that also runs workloads (k0s controller+worker), that one.
	disks := byDisk(servers)
	lead := servers[0]
	for _, c := range servers {
		if c.host == lead.host && d.Roles[c.role].Standalone && !d.Roles[lead.role].Standalone {
			lead = c
		}
	}
	if !d.Roles[lead.role].Standalone && !p.joinable(lead.host) {
		// Nobody would join it: the best machine that runs workloads as
		// a server leads instead.
		found := false
		for _, c := range servers {
			if d.Roles[c.role].Standalone {
				lead, found = c, true
				break
			}
		}
		if !found {
			role := d.Roles[lead.role].Name
			p.plan.Note = fmt.Sprintf("a %s %s runs no workloads, and no machine can join it as %s", d.ID, role, agentName(d))
			p.leaveOut(func(hi int) string {
				if hi == lead.host {
					return fmt.Sprintf("fits %s %s, which runs no workloads, but no other machine fits %s %s", d.ID, role, d.ID, agentName(d))
				}
				return p.whyNot(hi, "agent", "server")
			})
			return
		}
	}
	p.assign(lead)
	p.plan.Feasible = true
	agents := 0
	for _, c := range p.byKind["agent"] {
		if !p.assigned[c.host] {
			p.assign(c)
			agents++
		}
	}
	p.plan.Note = fmt.Sprintf("%s leads as %s %s; %d %s", p.f.Names[lead.host], d.Roles[lead.role].Name, disks.why(lead), agents, joiners(d, agents)) + disks.note()
	p.leaveOut(func(hi int) string { return p.whyNot(hi, "agent", "server") })
}

// joinable says whether a machine other than lead fits an agent role.
func (p *planner) joinable(lead int) bool {
	for _, c := range p.byKind["agent"] {
		if c.host != lead {
			return true
		}
	}
	return false
}

// agentName is what the distribution calls the role that joins a server:
// agent for k3s, worker for k0s.
func agentName(d catalog.Distro) string {
	for _, r := range d.Roles {
		if r.Cluster == "agent" {
			return r.Name
		}
	}
	return "agent"
}

// joiners says that n agents join, named as the distribution names them:
// k3s agents, k0s workers.
func joiners(d catalog.Distro, n int) string {
	if n == 1 {
		return agentName(d) + " joins"
	}
	return agentName(d) + "s join"
}

func hasKind(d catalog.Distro, kind string) bool {
	for _, r := range d.Roles {
		if r.Cluster == kind {
			return true
		}
	}
	return false
}

func serverRoles(d catalog.Distro) string {
	var names []string
	for _, r := range d.Roles {
		if r.Cluster == "server" {
			names = append(names, r.Name)
		}
	}
	if len(names) == 0 {
		return "server"
	}
	return d.ID + " " + strings.Join(names, " or ")
}
