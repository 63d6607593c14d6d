package main

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/kfit-dev/kfit/rules"
)

// applyConflicts lays the conflicts over the plans. One --ignore names is
// a warning. One that breaks a cluster makes each plan in which two of its
// machines take part not feasible, saying why; a machine a plan leaves out
// conflicts with nobody there.
func applyConflicts(plans []rules.ClusterPlan, conflicts []rules.Conflict, ignore []string) {
	for i := range conflicts {
		c := &conflicts[i]
		if c.Breaks && slices.Contains(ignore, c.Check) {
			c.Breaks = false
			c.Reason = "ignored (--ignore " + c.Check + "): " + c.Reason
		}
		if !c.Breaks {
			continue
		}
		for j := range plans {
			p := &plans[j]
			in := 0
			for _, a := range p.Assignments {
				if slices.Contains(c.Hosts, a.Host) {
					in++
				}
			}
			if in >= 2 && p.Feasible {
				p.Feasible = false
				p.Note += "; but " + strings.Join(c.Hosts, ", ") + " conflict (" + c.Check + "): see the conflicts above"
			}
		}
	}
}

// renderConflictsText names the conflicts between machines, before the
// plans: a plan is moot while two nodes share a name.
func renderConflictsText(w io.Writer, conflicts []rules.Conflict) {
	if len(conflicts) == 0 {
		return
	}
	writeText(w, makePalette(false), func(w io.Writer) {
		fmt.Fprintf(w, "Conflicts between machines\n")
		for _, c := range conflicts {
			mark := "!"
			if c.Breaks {
				mark = "✗"
			}
			fmt.Fprintf(w, "  %s %s: %s: %s\n", mark, c.Check, safe(strings.Join(c.Hosts, ", ")), safe(c.Reason))
		}
		fmt.Fprintln(w)
	})
}

func renderConflictsMarkdown(w io.Writer, conflicts []rules.Conflict) {
	if len(conflicts) == 0 {
		return
	}
	writeMarkdown(w, func(w io.Writer) {
		fmt.Fprintf(w, "# Conflicts between machines\n\n| check | machines | breaks the cluster | why |\n|---|---|---|---|\n")
		for _, c := range conflicts {
			fmt.Fprintf(w, "| %s | %s | %s | %s |\n", c.Check, mdEscape(strings.Join(c.Hosts, ", ")), map[bool]string{true: "❌ yes", false: "⚠️ no"}[c.Breaks], mdEscape(c.Reason))
		}
		fmt.Fprintln(w)
	})
}
