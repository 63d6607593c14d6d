package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/kfit-dev/kfit/rules"
)

// breaks says whether a conflict keeps the machines from forming a cluster.
func breaks(conflicts []rules.Conflict) bool {
	for _, c := range conflicts {
		if c.Breaks {
			return true
		}
	}
	return false
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
