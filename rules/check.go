package rules

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/kfit-dev/kfit/catalog"
	"github.com/kfit-dev/kfit/internal/units"
)

// measure is what a check of a quantity counts: its name in reasons, its
// gauge's unit ("cpus" or "bytes") and how a figure prints.
type measure struct {
	noun, unit string
	format     func(float64) string
}

// show prints a requirement as the docs write it: "2GB" reads "2 GB", a
// count reads "2 CPUs".
func (m measure) show(s string) string {
	if m.unit == "cpus" {
		return cpus(atof(s))
	}
	return units.Spaced(s)
}

// compare judges got against a requirement; the reason is written here, next
// to the comparison that produced it.
func compare(c Check, q *catalog.Requirement, m measure, got float64, known bool, why string) Check {
	if q == nil {
		c.Verdict, c.Want = Pass, "not documented"
		c.Reason = "the docs state no minimum"
		return c
	}
	c.Source = q.Cite.URL
	show := m.show
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
		c.Reason = m.noun + " is unknown: " + why
		return c
	}
	c.Gauge = &Gauge{Unit: m.unit, Got: got, Min: q.MinValue, Recommended: q.RecommendedValue}
	have := m.format(got)
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

// atMost fails a check whose figure is unknown when even an upper bound of
// it, what the host has before an unknown cgroup limit, is below the
// minimum: the limit could only make it smaller.
func atMost(c Check, q *catalog.Requirement, m measure, bound float64, have string) Check {
	if q == nil || q.Min == "" || bound >= q.MinValue {
		return c
	}
	c.Verdict, c.Got = Fail, "at most "+have
	c.Reason = fmt.Sprintf("needs %s, has at most %s", units.Spaced(q.Min), have)
	if m.unit == "cpus" {
		c.Reason = fmt.Sprintf("needs %s, has at most %s", cpus(q.MinValue), have)
	}
	return c
}

// fixable marks a check that does not pass as fixable, by the command or
// setting fix.
func fixable(c Check, fix string) Check {
	t := true
	c.Fixable, c.Fix = &t, fix
	return c
}

// hardware marks a check that does not pass as one no command fixes.
func hardware(c Check) Check {
	f := false
	c.Fixable = &f
	return c
}

// verdictOf reads a verdict the catalog names ("fail", "warn"); anything
// else passes.
func verdictOf(s string) Verdict {
	switch s {
	case "fail":
		return Fail
	case "warn":
		return Warn
	}
	return Pass
}

// orNone and orUnknown name an empty list or fact in a reason.
func orNone(s string) string {
	if s == "" {
		return "none of them"
	}
	return s
}

func orUnknown(s string) string {
	if s == "" {
		return "(unknown)"
	}
	return s
}

// cpus formats a CPU count: "1 CPU", "2 CPUs", "0.5 CPUs".
func cpus(v float64) string {
	s := units.TrimZero(strconv.FormatFloat(v, 'f', 1, 64))
	if s == "1" {
		return "1 CPU"
	}
	return s + " CPUs"
}

// plural counts a noun: "1 core", "2 cores".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// atof reads a number, or 0.
func atof(s string) float64 {
	f, _ := strconv.ParseFloat(s, 64)
	return f
}
