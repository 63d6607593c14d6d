package rules

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/kfit-dev/kfit/catalog"
	"github.com/kfit-dev/kfit/internal/units"
)

// standing is how one machine fares in one role: what the ranking reads.
type standing struct {
	verdict    Verdict
	standalone bool
	left       *float64 // Result.Headroom.LeftBytes
	footprint  *float64 // Result.Headroom.FootprintBytes
	aboveMem   *float64 // Result.HeadroomBytes
	aboveCPUs  *float64 // Result.HeadroomCPUs
}

func standingOf(r Result) standing {
	return standing{verdict: r.Verdict, standalone: r.Standalone, left: r.Headroom.LeftBytes,
		footprint: r.Headroom.FootprintBytes, aboveMem: r.HeadroomBytes, aboveCPUs: r.HeadroomCPUs}
}

// rankKey orders two standings: negative when a goes first.
type rankKey func(a, b standing) int

// The keys of the ranking. An unknown figure counts as minus infinity: it
// goes after every known one, except in byFootprint, where the least goes
// first (so does an unknown footprint).
var (
	byStandalone rankKey = func(a, b standing) int { return -cmpBool(a.standalone, b.standalone) }
	byVerdict    rankKey = func(a, b standing) int { return -cmpBool(a.verdict == Pass, b.verdict == Pass) }
	byLeft       rankKey = func(a, b standing) int { return cmp.Compare(known(b.left), known(a.left)) }
	byFootprint  rankKey = func(a, b standing) int { return cmp.Compare(known(a.footprint), known(b.footprint)) }
	byAboveMem   rankKey = func(a, b standing) int { return cmp.Compare(known(b.aboveMem), known(a.aboveMem)) }
	byAboveCPUs  rankKey = func(a, b standing) int { return cmp.Compare(known(b.aboveCPUs), known(a.aboveCPUs)) }
)

// pickOrder ranks the roles that fit one machine, for the best pick: roles
// that make a cluster on their own first; then pass before warn; then the
// most memory left for workloads (roles with a published footprint before
// those without); then the lower footprint; then the most memory and CPUs
// above what the role asks; then the catalog's order.
var pickOrder = []rankKey{byStandalone, byVerdict, byLeft, byFootprint, byAboveMem, byAboveCPUs}

// planOrder ranks the machines that fit one kind of role, for a plan: the
// same keys without standalone (the plan chooses a lead's role itself) and
// without the footprint; then the machines' order on the command line.
var planOrder = []rankKey{byVerdict, byLeft, byAboveMem, byAboveCPUs}

// rank sorts xs by the keys, stably: ties keep their order.
func rank[T any](xs []T, of func(T) standing, keys []rankKey) {
	slices.SortStableFunc(xs, func(x, y T) int {
		a, b := of(x), of(y)
		for _, k := range keys {
			if n := k(a, b); n != 0 {
				return n
			}
		}
		return 0
	})
}

func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// known is a figure, or minus infinity when it is unknown.
func known(p *float64) float64 {
	if p == nil {
		return math.Inf(-1)
	}
	return *p
}

// purposeAdjectives name a role by its purpose in a reason: "the only
// server role that fits".
var purposeAdjectives = map[string]string{catalog.PurposeServer: "server", catalog.PurposeDev: "development", catalog.PurposeOS: "OS"}

// bestPicks names the first of the roles that fit (under strict) and are
// for the purpose, in pickOrder, and why; and, when the purpose is not
// "any", the best of each other purpose.
func bestPicks(results []Result, purpose string, strict bool) (*Pick, []Pick) {
	best := bestFor(results, purpose, strict)
	if purpose == PurposeAny {
		return best, nil
	}
	var others []Pick
	for _, p := range catalog.Purposes() {
		if p == purpose {
			continue
		}
		if o := bestFor(results, p, strict); o != nil {
			others = append(others, *o)
		}
	}
	return best, others
}

// bestFor is the best pick among the roles that fit and are for purpose.
func bestFor(results []Result, purpose string, strict bool) *Pick {
	var fits []Result
	for _, r := range results {
		if r.Verdict.Fits(strict) && (purpose == PurposeAny || r.Purpose == purpose) {
			fits = append(fits, r)
		}
	}
	if len(fits) == 0 {
		return nil
	}
	rank(fits, standingOf, pickOrder)
	best := fits[0]
	// The ranking compares headroom only within the roles of the best's
	// kind: standalone or not, passing or warning.
	peers := 0
	for _, r := range fits {
		if r.Standalone == best.Standalone && (r.Verdict == Pass) == (best.Verdict == Pass) {
			peers++
		}
	}
	return &Pick{Distro: best.Distro, Version: best.Version, Role: best.Role, Purpose: best.Purpose, Reason: pickReason(best, len(fits), peers, purpose)}
}

// pickReason says in one sentence why best was picked among n roles that
// fit and are for the purpose, of which peers are of its kind (standalone or
// not, pass or warn).
func pickReason(best Result, n, peers int, purpose string) string {
	kind, verb, verbs := "role", "fits", "fit"
	if adj, ok := purposeAdjectives[purpose]; ok {
		kind = adj + " " + kind
	}
	if best.Standalone && n > peers {
		kind = "single-machine " + kind
	}
	if best.Verdict == Pass {
		verb, verbs = "passes every check", "pass every check"
	}
	among := "of the " + kind + "s that " + verbs
	hr := best.Headroom
	var reason string
	switch {
	case n == 1:
		reason = "the only role that fits"
		if hr.LeftBytes != nil {
			reason += fmt.Sprintf("; it leaves %s %s", units.Bytes(*hr.LeftBytes), best.LeftFor())
		}
	case peers == 1:
		reason = "the only " + kind + " that " + verb
		if hr.LeftBytes != nil {
			reason += fmt.Sprintf("; it leaves %s %s", units.Bytes(*hr.LeftBytes), best.LeftFor())
		}
	case hr.LeftBytes != nil:
		reason = fmt.Sprintf("%s, it leaves the most memory %s: %s after", among, best.LeftFor(), units.Bytes(*hr.LeftBytes))
		if hr.OSUseBytes != nil {
			reason += fmt.Sprintf(" the OS (%s in use) and", units.Bytes(*hr.OSUseBytes))
		}
		reason += fmt.Sprintf(" its measured footprint (%s)", units.Bytes(*hr.FootprintBytes))
	case best.HeadroomBytes != nil:
		// Roles with a footprint and known memory rank first; none of
		// these has both.
		reason = fmt.Sprintf("%s, none with a published footprint, it leaves the most memory above what it asks (%s)", among, units.Bytes(*best.HeadroomBytes))
	default:
		reason = "it fits, but the memory is unknown, so the pick could not weigh headroom"
	}
	if best.Purpose == catalog.PurposeOS {
		reason += "; it replaces the operating system and takes the whole disk it installs on"
	}
	if needs := best.Needs(); needs != "" {
		reason += "; it " + needs
	} else if best.Verdict == Warn {
		reason += "; see its warnings"
	}
	return reason
}
