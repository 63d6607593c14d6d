package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/kfit-dev/kfit/catalog"
	"github.com/kfit-dev/kfit/internal/fsroot"
	"github.com/kfit-dev/kfit/internal/units"
	"github.com/kfit-dev/kfit/probe"
	"github.com/kfit-dev/kfit/rules"
)

// planJSON is the contract of `kfit plan -o json` (see README).
type planJSON struct {
	SchemaVersion int                 `json:"schemaVersion"`
	Plans         []rules.ClusterPlan `json:"plans"`
	Conflicts     []rules.Conflict    `json:"conflicts"` // plan_conflicts.go
}

func planAction(c *cli.Context) error {
	f := c.String("output")
	if f != "text" && f != "json" && f != "yaml" && f != "markdown" {
		return usageErr("flag --output: unknown format %q; valid: text, json, yaml, markdown", f)
	}
	if c.Args().Len() == 0 {
		return usageErr("plan needs snapshots: kfit plan host1.json host2.json ... (from kfit probe -o json)")
	}
	cat, ids, opt, err := judging(c)
	if err != nil {
		return err
	}
	for _, id := range ids {
		if id.Role != "" {
			return usageErr("flag --distro: plan takes distributions, not roles: %q", id)
		}
	}
	sel, err := cat.Select(ids)
	if err != nil {
		return usageErr("flag --distro: %v", err)
	}
	fleet := rules.NewFleet(sel, opt)
	var idents rules.Identities
	if err := readFleet(c.Args().Slice(), fleet, &idents); err != nil {
		return err
	}
	plans, n := fleet.Plan(), len(fleet.Names)
	conflicts := idents.Conflicts(fleet.Names, sel)
	applyConflicts(plans, conflicts, opt.Ignore)

	render := func(w *bytes.Buffer, tty io.Writer) error {
		switch f {
		case "json":
			return writeJSON(w, planJSON{SchemaVersion: probe.SchemaVersion, Plans: plans, Conflicts: conflicts})
		case "yaml":
			return renderYAML(w, planJSON{SchemaVersion: probe.SchemaVersion, Plans: plans, Conflicts: conflicts})
		case "markdown":
			renderConflictsMarkdown(w, conflicts)
			renderPlanMarkdown(w, plans, sel, n)
			return nil
		}
		renderConflictsText(w, conflicts)
		renderPlanText(w, plans, sel, n, termWidth(tty))
		return nil
	}
	summary := func(w *bytes.Buffer) {
		renderConflictsText(w, conflicts)
		renderPlanText(w, plans, sel, n, termWidth(c.App.Writer))
	}
	if err := deliver(c, f+" plan", render, summary); err != nil {
		return err
	}
	feasible := 0
	for _, p := range plans {
		if p.Feasible {
			feasible++
		}
	}
	if (len(ids) == 0 && feasible == 0) || (len(ids) > 0 && feasible < len(plans)) {
		return &exitError{code: exitNoFit}
	}
	return nil
}

// readFleet reads the snapshots one at a time into the fleet, which keeps
// only what planning needs of each, naming each machine by its hostname, or
// by its file name when it has none or shares its hostname with another.
func readFleet(files []string, fleet *rules.Fleet, idents *rules.Identities) error {
	count := map[string]int{}
	var seen []seenFile
	for _, file := range files {
		data, err := fsroot.ReadFile(file, maxSnapshotBytes)
		if err != nil {
			return usageErr("read snapshot: %v", err)
		}
		// One machine given twice would count as two.
		if st, err := os.Stat(file); err == nil {
			for _, s := range seen {
				if os.SameFile(s.st, st) {
					return usageErr("read snapshot %s: the same file as %s; each machine counts once", file, s.name)
				}
			}
			seen = append(seen, seenFile{file, st})
		}
		h, err := probe.ReadSnapshot(data, file)
		if err != nil {
			return usageErr("%v", err)
		}
		if err := checkSnapshot(file, h); err != nil {
			return err
		}
		name := h.Hostname
		if name == "" {
			name = strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))
		}
		count[name]++
		fleet.Add(name, h)
		idents.Add(h)
	}
	var tails map[string]int
	for i, name := range fleet.Names {
		if count[name] > 1 {
			if tails == nil {
				tails = pathTails(files)
			}
			fleet.Names[i] += " (" + shortestUnique(files[i], tails) + ")"
		}
	}
	return nil
}

type seenFile struct {
	name string
	st   os.FileInfo
}

// pathTails counts, over all files, each tail of their paths: "a.json",
// "node-1/a.json", ... In time linear in the paths' length.
func pathTails(files []string) map[string]int {
	tails := map[string]int{}
	for _, f := range files {
		parts := strings.Split(filepath.ToSlash(filepath.Clean(f)), "/")
		for n := 1; n <= len(parts); n++ {
			tails[strings.Join(parts[len(parts)-n:], "/")]++
		}
	}
	return tails
}

// shortestUnique is the shortest tail of file's path that no other file
// shares: "a.json", or "node-1/probe.json" for Ansible's per-host folders.
func shortestUnique(file string, tails map[string]int) string {
	parts := strings.Split(filepath.ToSlash(filepath.Clean(file)), "/")
	for n := 1; n <= len(parts); n++ {
		if tail := strings.Join(parts[len(parts)-n:], "/"); tails[tail] == 1 {
			return tail
		}
	}
	return file
}

func left(a rules.Assignment) string {
	if a.LeftBytes == nil {
		return ""
	}
	return ", leaves " + units.Bytes(*a.LeftBytes)
}

func renderPlanText(w io.Writer, plans []rules.ClusterPlan, cat *catalog.Catalog, n, width int) {
	p := makePalette(false)
	p.width = width
	writeText(w, p, func(w io.Writer) { planText(w, plans, cat, n) })
}

func planText(w io.Writer, plans []rules.ClusterPlan, cat *catalog.Catalog, n int) {
	fmt.Fprintf(w, "Cluster plans for %d %s\n", n, map[bool]string{true: "machine", false: "machines"}[n == 1])
	for _, p := range plans {
		mark := "✓"
		if !p.Feasible {
			mark = "✗"
		}
		fmt.Fprintf(w, "\n%s %s %s: %s\n", mark, safe(cat.Distro(p.Distro).Name), safe(p.Version), safe(p.Note))
		var rows [][]cell
		for _, a := range p.Assignments {
			warn := ""
			if a.Verdict == rules.Warn {
				warn = " (with warnings)"
			}
			rows = append(rows, []cell{{a.Role, nil}, {a.Host + left(a) + warn, nil}})
		}
		for _, u := range p.Unassigned {
			rows = append(rows, []cell{{"left out", nil}, {u.Host + ": " + u.Reason, nil}})
		}
		writeTable(w, "    ", rows)
	}
}

func renderPlanMarkdown(w io.Writer, plans []rules.ClusterPlan, cat *catalog.Catalog, n int) {
	writeMarkdown(w, func(w io.Writer) { planMarkdown(w, plans, cat, n) })
}

func planMarkdown(w io.Writer, plans []rules.ClusterPlan, cat *catalog.Catalog, n int) {
	fmt.Fprintf(w, "# kfit cluster plans (%d machines)\n", n)
	for _, p := range plans {
		verdict := "✅ can form a cluster"
		if !p.Feasible {
			verdict = "❌ cannot form a cluster"
		}
		fmt.Fprintf(w, "\n## %s %s: %s\n\n%s.\n\n| machine | role | left for workloads |\n|---|---|---|\n", mdEscape(cat.Distro(p.Distro).Name), mdEscape(p.Version), verdict, mdEscape(p.Note))
		for _, a := range p.Assignments {
			l := "unknown (no published footprint)"
			if a.LeftBytes != nil {
				l = units.Bytes(*a.LeftBytes)
			}
			fmt.Fprintf(w, "| %s | %s | %s |\n", mdEscape(a.Host), a.Role, l)
		}
		for _, u := range p.Unassigned {
			fmt.Fprintf(w, "| %s | left out | %s |\n", mdEscape(u.Host), mdEscape(u.Reason))
		}
	}
}
