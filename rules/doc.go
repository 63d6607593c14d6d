// Package rules judges a probed machine against the catalog: for every role of
// every distribution, a verdict per check (pass, warn, fail) and per role, and
// the best pick among the roles that fit.
//
// rules is pure judgement: Evaluate takes a probe.Host, a catalog.Catalog and
// Options and returns a Report. It must never read files, print, or keep
// globals; the same input gives the same answer. Check ids are stable API.
package rules
