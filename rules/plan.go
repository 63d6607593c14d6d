package rules

import (
	"fmt"
	"math"
	"sort"

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
	machines []map[roleKey]standing
}

type roleKey struct{ distro, role string }

// standing is how one machine fares in one role: what better and whyNot read.
type standing struct {
	verdict   Verdict
	left      *float64 // Result.Headroom.LeftBytes
	aboveMem  *float64 // Result.HeadroomBytes
	aboveCPUs *float64 // Result.HeadroomCPUs
	failure   string   // the first failing check: "memory: needs 2 GB, has 1 GiB"
}

// NewFleet starts a fleet judged against cat with opt.
func NewFleet(cat *catalog.Catalog, opt Options) *Fleet {
	return &Fleet{cat: cat, opt: opt}
}

// Add judges a machine and keeps its standing in every role of the catalog.
func (f *Fleet) Add(name string, h probe.Host) {
	rep := EvaluateWith(h, f.cat, f.opt)
	m := make(map[roleKey]standing, len(rep.Results))
	for _, r := range rep.Results {
		s := standing{verdict: r.Verdict, left: r.Headroom.LeftBytes, aboveMem: r.HeadroomBytes, aboveCPUs: r.HeadroomCPUs}
		for _, c := range r.Checks {
			if c.Verdict == Fail {
				s.failure = c.ID + ": " + c.Reason
				break
			}
		}
		m[roleKey{r.Distro, r.Role}] = s
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
	s    standing
}

// better orders candidates: pass before warn, then the most memory left
// for workloads, then above the requirement, then the most CPUs, then the
// machine's order on the command line.
func better(a, b candidate) bool {
	if a.s.verdict != b.s.verdict {
		return a.s.verdict == Pass
	}
	val := func(p *float64) float64 {
		if p == nil {
			return math.Inf(-1)
		}
		return *p
	}
	if x, y := val(a.s.left), val(b.s.left); x != y {
		return x > y
	}
	if x, y := val(a.s.aboveMem), val(b.s.aboveMem); x != y {
		return x > y
	}
	if x, y := val(a.s.aboveCPUs), val(b.s.aboveCPUs); x != y {
		return x > y
	}
	return a.host < b.host
}

func (f *Fleet) planDistro(d catalog.Distro) ClusterPlan {
	plan := ClusterPlan{Distro: d.ID, Assignments: []Assignment{}, Unassigned: []Unassigned{}}
	names := f.Names
	byKind := map[string][]candidate{}
	for hi, m := range f.machines {
		for ri, role := range d.Roles {
			if s := m[roleKey{d.ID, role.Name}]; s.verdict.Fits(false) {
				byKind[role.Cluster] = append(byKind[role.Cluster], candidate{hi, ri, s})
			}
		}
	}
	for _, cs := range byKind {
		sort.SliceStable(cs, func(i, j int) bool { return better(cs[i], cs[j]) })
	}
	assigned := map[int]bool{}
	assign := func(c candidate) {
		assigned[c.host] = true
		plan.Assignments = append(plan.Assignments, Assignment{Host: names[c.host], Role: d.Roles[c.role].Name,
			Verdict: c.s.verdict, LeftBytes: c.s.left})
	}
	// whyNot names the first failure of the role a machine would take.
	whyNot := func(hi int, kinds ...string) string {
		for _, kind := range kinds {
			for _, role := range d.Roles {
				if role.Cluster != kind {
					continue
				}
				if s := f.machines[hi][roleKey{d.ID, role.Name}]; s.failure != "" {
					return fmt.Sprintf("%s %s: %s", d.ID, role.Name, s.failure)
				}
			}
		}
		return "it fits no role"
	}

	switch {
	case hasKind(d, "single"):
		if cs := byKind["single"]; len(cs) > 0 {
			assign(cs[0])
			plan.Feasible = true
			plan.Note = fmt.Sprintf("%s runs on one machine; %s has the most room for it", d.Name, names[cs[0].host])
		} else {
			plan.Note = d.Name + " runs on one machine, and none of these fits"
		}
		for hi := range names {
			if assigned[hi] {
				continue
			}
			reason := whyNot(hi, "single")
			if reason == "it fits no role" && len(plan.Assignments) > 0 {
				reason = d.Name + " runs on one machine, and " + plan.Assignments[0].Host + " takes it"
			}
			plan.Unassigned = append(plan.Unassigned, Unassigned{Host: names[hi], Reason: reason})
		}
	case hasKind(d, "node"):
		seen := map[int]bool{}
		for _, c := range byKind["node"] {
			if !seen[c.host] {
				seen[c.host] = true
				assign(c)
			}
		}
		plan.Feasible = len(plan.Assignments) > 0
		plan.Note = fmt.Sprintf("every %s machine is a peer; %d of %d join", d.Name, len(plan.Assignments), len(names))
		for hi := range names {
			if !assigned[hi] {
				plan.Unassigned = append(plan.Unassigned, Unassigned{Host: names[hi], Reason: whyNot(hi, "node")})
			}
		}
	default:
		servers := byKind["server"]
		if len(servers) == 0 {
			plan.Note = "no machine meets the " + serverRoles(d) + " requirements"
			for hi := range names {
				plan.Unassigned = append(plan.Unassigned, Unassigned{Host: names[hi], Reason: whyNot(hi, "server")})
			}
			return plan
		}
		// The machine with the most headroom leads; where it fits a server
		// role that also runs workloads (k0s controller+worker), that one.
		lead := servers[0]
		for _, c := range servers {
			if c.host == lead.host && d.Roles[c.role].Standalone && !d.Roles[lead.role].Standalone {
				lead = c
			}
		}
		assign(lead)
		plan.Feasible = true
		agents := 0
		for _, c := range byKind["agent"] {
			if !assigned[c.host] {
				assign(c)
				agents++
			}
		}
		// Name the joiners as the distribution does: k3s agents, k0s workers.
		agent := "agent"
		for _, r := range d.Roles {
			if r.Cluster == "agent" {
				agent = r.Name
				break
			}
		}
		joins := agent + "s join"
		if agents == 1 {
			joins = agent + " joins"
		}
		plan.Note = fmt.Sprintf("%s leads as %s with the most headroom; %d %s", names[lead.host], d.Roles[lead.role].Name, agents, joins)
		for hi := range names {
			if !assigned[hi] {
				plan.Unassigned = append(plan.Unassigned, Unassigned{Host: names[hi], Reason: whyNot(hi, "agent", "server")})
			}
		}
	}
	return plan
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
	s := names[0]
	for _, n := range names[1:] {
		s += " or " + n
	}
	return d.ID + " " + s
}
