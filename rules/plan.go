package rules

import (
	"fmt"
	"math"
	"runtime"
	"sort"
	"sync"

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

// Plan evaluates every machine once and, for each distribution, names the
// machine that should take the server role (the one with the most headroom
// that meets the server requirements), the ones that join as agents, and
// the ones that fit nothing. For distributions whose machines are peers
// (MicroK8s) every machine that fits joins; for those that run on one
// machine (minikube, kind, k3d, MicroShift) the best machine is named.
func Plan(hosts []NamedHost, cat *catalog.Catalog, opt Options) []ClusterPlan {
	// Each machine is judged once, on every core: Evaluate is pure.
	reports := make([]Report, len(hosts))
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				reports[i] = EvaluateWith(hosts[i].Host, cat, opt)
			}
		}()
	}
	for i := range hosts {
		next <- i
	}
	close(next)
	wg.Wait()
	var plans []ClusterPlan
	offset := 0 // results are in catalog order, distro by distro
	for _, d := range cat.Distros {
		plans = append(plans, planDistro(d, hosts, reports, offset))
		offset += len(d.Roles)
	}
	return plans
}

// candidate is one machine in one role.
type candidate struct {
	host int
	role int // index in the distro's roles
	res  Result
}

// better orders candidates: pass before warn, then the most memory left
// for workloads, then above the requirement, then the most CPUs, then the
// machine's order on the command line.
func better(a, b candidate) bool {
	if a.res.Verdict != b.res.Verdict {
		return a.res.Verdict == Pass
	}
	val := func(p *float64) float64 {
		if p == nil {
			return math.Inf(-1)
		}
		return *p
	}
	if x, y := val(a.res.Headroom.LeftBytes), val(b.res.Headroom.LeftBytes); x != y {
		return x > y
	}
	if x, y := val(a.res.HeadroomBytes), val(b.res.HeadroomBytes); x != y {
		return x > y
	}
	if x, y := val(a.res.HeadroomCPUs), val(b.res.HeadroomCPUs); x != y {
		return x > y
	}
	return a.host < b.host
}

func planDistro(d catalog.Distro, hosts []NamedHost, reports []Report, offset int) ClusterPlan {
	plan := ClusterPlan{Distro: d.ID, Assignments: []Assignment{}, Unassigned: []Unassigned{}}
	byKind := map[string][]candidate{}
	for hi := range hosts {
		for ri, role := range d.Roles {
			res := reports[hi].Results[offset+ri]
			if res.Verdict.Fits(false) {
				byKind[role.Cluster] = append(byKind[role.Cluster], candidate{hi, ri, res})
			}
		}
	}
	for _, cs := range byKind {
		sort.SliceStable(cs, func(i, j int) bool { return better(cs[i], cs[j]) })
	}
	assigned := map[int]bool{}
	assign := func(c candidate) {
		assigned[c.host] = true
		plan.Assignments = append(plan.Assignments, Assignment{Host: hosts[c.host].Name, Role: d.Roles[c.role].Name,
			Verdict: c.res.Verdict, LeftBytes: c.res.Headroom.LeftBytes})
	}
	// whyNot names the first failure of the role a machine would take.
	whyNot := func(hi int, kinds ...string) string {
		for _, kind := range kinds {
			for ri, role := range d.Roles {
				if role.Cluster != kind {
					continue
				}
				res := reports[hi].Results[offset+ri]
				for _, c := range res.Checks {
					if c.Verdict == Fail {
						return fmt.Sprintf("%s %s: %s: %s", d.ID, role.Name, c.ID, c.Reason)
					}
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
			plan.Note = fmt.Sprintf("%s runs on one machine; %s has the most room for it", d.Name, hosts[cs[0].host].Name)
		} else {
			plan.Note = d.Name + " runs on one machine, and none of these fits"
		}
		for hi := range hosts {
			if assigned[hi] {
				continue
			}
			reason := whyNot(hi, "single")
			if reason == "it fits no role" && len(plan.Assignments) > 0 {
				reason = d.Name + " runs on one machine, and " + plan.Assignments[0].Host + " takes it"
			}
			plan.Unassigned = append(plan.Unassigned, Unassigned{Host: hosts[hi].Name, Reason: reason})
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
		plan.Note = fmt.Sprintf("every %s machine is a peer; %d of %d join", d.Name, len(plan.Assignments), len(hosts))
		for hi := range hosts {
			if !assigned[hi] {
				plan.Unassigned = append(plan.Unassigned, Unassigned{Host: hosts[hi].Name, Reason: whyNot(hi, "node")})
			}
		}
	default:
		servers := byKind["server"]
		if len(servers) == 0 {
			plan.Note = "no machine meets the " + serverRoles(d) + " requirements"
			for hi := range hosts {
				plan.Unassigned = append(plan.Unassigned, Unassigned{Host: hosts[hi].Name, Reason: whyNot(hi, "server")})
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
		plan.Note = fmt.Sprintf("%s leads as %s with the most headroom; %d %s", hosts[lead.host].Name, d.Roles[lead.role].Name, agents, joins)
		for hi := range hosts {
			if !assigned[hi] {
				plan.Unassigned = append(plan.Unassigned, Unassigned{Host: hosts[hi].Name, Reason: whyNot(hi, "agent", "server")})
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
