package rules

import (
	"time"

	"github.com/kfit-dev/kfit/catalog"
	"github.com/kfit-dev/kfit/probe"
)

// checkRelease says whether the release judged is still supported: it runs
// for a release --distro ID@VERSION names that has a cited end of support,
// and warns once that day has passed (no fixes for it, and the older
// Kubernetes it ships).
func checkRelease(_ probe.Host, d catalog.Distro, today time.Time) (Check, bool) {
	rel := d.Judged()
	if rel == nil || rel.EndOfSupport == "" || today.IsZero() {
		return Check{}, false
	}
	c := Check{ID: CheckRelease, Got: d.Version, Want: "a supported release"}
	if rel.Cite != nil {
		c.Source = rel.Cite.URL
	}
	if rel.SupportedOn(today) {
		c.Verdict, c.Reason = Pass, d.Version+" is supported until "+rel.EndOfSupport
		return c, true
	}
	c.Verdict = Warn
	c.Reason = d.Version + "'s support ended on " + rel.EndOfSupport + ": it gets no more fixes"
	if d.Current != "" {
		c.Reason += "; the current release is " + d.Current
	}
	return c, true
}
