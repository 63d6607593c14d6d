package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/fatih/color"
	"github.com/mattn/go-isatty"
	"github.com/urfave/cli/v2"

	"github.com/kfit-dev/kfit/catalog"
	"github.com/kfit-dev/kfit/internal/units"
	"github.com/kfit-dev/kfit/probe"
	"github.com/kfit-dev/kfit/rules"
)

// palette holds the colours of one run. Each colour is switched on or off
// here, never through fatih/color's global, so output is deterministic.
type palette struct {
	pass, warn, fail, bold, dim *color.Color
	// keep is what the net lets through raw (see printable): newlines,
	// and with colour on the exact SGR sequences of the colours above.
	keep []string
	// width is the terminal's width to wrap lines to; 0: no wrapping.
	width int
}

// newPalette colours only a terminal, and never with --no-color or NO_COLOR.
func newPalette(c *cli.Context, w io.Writer) palette {
	on := false
	if f, ok := w.(*os.File); ok && isatty.IsTerminal(f.Fd()) {
		on = os.Getenv("NO_COLOR") == "" && !c.Bool("no-color")
	}
	p := makePalette(on)
	p.width = termWidth(w)
	return p
}

func makePalette(on bool) palette {
	p := palette{
		pass: color.New(color.FgGreen), warn: color.New(color.FgYellow), fail: color.New(color.FgRed, color.Bold),
		bold: color.New(color.Bold), dim: color.New(color.Faint),
		keep: []string{"\n"},
	}
	for _, c := range []*color.Color{p.pass, p.warn, p.fail, p.bold, p.dim} {
		if on {
			c.EnableColor()
			start, end, _ := strings.Cut(c.Sprint("x"), "x")
			p.keep = append(p.keep, start, end)
		} else {
			c.DisableColor()
		}
	}
	return p
}

// Strings from the machine, a --host snapshot or a --catalog file may hold
// anything, and text output goes to a terminal. Two layers keep such a
// string from driving it (clearing the screen, setting the title, writing
// the clipboard, hiding text behind CR or bidi overrides):
//
//  1. safe escapes every data string where it is printed (each cell of
//     writeTable, each argument of an Fprintf), newlines included, so an
//     ESC in data is the four characters \x1b before kfit adds its colours.
//  2. The text renderers write through writeText, which passes the whole
//     output through printable keeping only newlines and the exact SGR
//     sequences of kfit's own palette: a net for a string layer 1 missed.
//
// With colour off, the net alone is sure. With colour on, a string missed
// by layer 1 could keep one of kfit's few colour codes (never more than a
// colour); TestTextColourAddsOnlyColour and FuzzRender catch such a miss.

// printable escapes, visibly, everything in s that is not printable text:
// C0 controls, DEL, C1 controls and bidi controls as \xNN or \uNNNN, and
// each byte of invalid UTF-8 as \xNN. Sequences in keep that start with a
// control byte are left as they are.
func printable(s string, keep ...string) string {
	var b strings.Builder
next:
	for i := 0; i < len(s); {
		if s[i] < 0x20 {
			for _, k := range keep {
				if strings.HasPrefix(s[i:], k) {
					b.WriteString(k)
					i += len(k)
					continue next
				}
			}
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1, r < 0x20, r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r >= 0x80 && r <= 0x9f, unicode.Is(unicode.Bidi_Control, r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// maxFieldRunes is the most of one data string that text and Markdown
// show; JSON and YAML keep it whole. A string printed in every role's
// table and reasons would otherwise make the output that many times its
// size.
const maxFieldRunes = 2000

// safe makes one data string printable on one line (layer 1 above), cut to
// maxFieldRunes.
func safe(s string) string {
	n := 0
	for i := range s {
		if n == maxFieldRunes {
			return printable(s[:i]) + fmt.Sprintf("… (%d more bytes)", len(s)-i)
		}
		n++
	}
	return printable(s)
}

// writeText renders text output through the net (layer 2 above).
func writeText(w io.Writer, p palette, render func(w io.Writer)) {
	var b strings.Builder
	render(&b)
	io.WriteString(w, wrap(printable(b.String(), p.keep...), p.width))
}

func (p palette) verdict(v rules.Verdict) *color.Color {
	switch v {
	case rules.Pass:
		return p.pass
	case rules.Warn:
		return p.warn
	}
	return p.fail
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// checkJSON is the contract of `kfit check -o json` (see README).
type checkJSON struct {
	SchemaVersion int            `json:"schemaVersion"`
	Host          probe.Host     `json:"host"`
	Results       []rules.Result `json:"results"`
	Best          *rules.Pick    `json:"best"`
	Others        []rules.Pick   `json:"others,omitempty"`
	Purpose       string         `json:"purpose"`
	Strict        bool           `json:"strict"`
	Laptop        []rules.Check  `json:"laptop,omitempty"`
}

func newCheckJSON(h probe.Host, rep rules.Report) checkJSON {
	return checkJSON{SchemaVersion: probe.SchemaVersion, Host: h, Results: rep.Results, Best: rep.Best, Others: rep.Others,
		Purpose: rep.Purpose, Strict: rep.Strict, Laptop: rep.Laptop}
}

func renderCheckJSON(w io.Writer, h probe.Host, rep rules.Report) error {
	return writeJSON(w, newCheckJSON(h, rep))
}

// named is how reports name a role of a release: "k3s v1.35 server".
func named(distro, version, role string) string { return distro + " " + version + " " + role }

// purposeNames say what a purpose is for, in the summary's words.
var purposeNames = map[string]string{catalog.PurposeServer: "a server", catalog.PurposeDev: "development", catalog.PurposeOS: "an OS in place of this one"}

// bestLines are the best pick and the best of the other purposes.
func bestLines(rep rules.Report) (best string, others []string) {
	if b := rep.Best; b != nil {
		best = named(b.Distro, b.Version, b.Role) + ": " + b.Reason + "."
	}
	for _, o := range rep.Others {
		others = append(others, fmt.Sprintf("For %s, %s fits: %s.", purposeNames[o.Purpose], named(o.Distro, o.Version, o.Role), o.Reason))
	}
	return best, others
}

// hostLine describes the machine in one line.
func hostLine(h probe.Host) string {
	name := h.Hostname
	if name == "" {
		name = "this machine"
	}
	var parts []string
	if h.OS.PrettyName != "" {
		parts = append(parts, h.OS.PrettyName)
	}
	plat := orUnknown(h.OS.Name) + "/" + orUnknown(h.OS.Arch)
	if h.OS.Machine != "" && h.OS.Machine != h.OS.Arch {
		plat += " (" + h.OS.Machine + ")"
	}
	parts = append(parts, plat)
	if h.OS.KernelVersion != "" {
		parts = append(parts, "kernel "+h.OS.KernelVersion)
	}
	return name + ": " + strings.Join(parts, ", ")
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}

// renderHostSummary prints the facts the verdicts rest on, side by side.
func renderHostSummary(w io.Writer, h probe.Host, p palette) {
	fmt.Fprintln(w, p.bold.Sprint(safe(hostLine(h))))
	for _, line := range hostFactLines(h) {
		fmt.Fprintln(w, "  "+safe(line))
	}
}

func renderCheckText(w io.Writer, h probe.Host, rep rules.Report, cat *catalog.Catalog, p palette, strict bool) error {
	writeText(w, p, func(w io.Writer) {
		summary(w, h, rep, p, strict)
		renderDetails(w, rep, cat, p)
	})
	return nil
}

// renderSummary prints the machine and one line per role: what a person or
// a pipeline's log needs first.
func renderSummary(w io.Writer, h probe.Host, rep rules.Report, p palette, strict bool) {
	writeText(w, p, func(w io.Writer) { summary(w, h, rep, p, strict) })
}

func summary(w io.Writer, h probe.Host, rep rules.Report, p palette, strict bool) {
	renderHostSummary(w, h, p)
	fmt.Fprintln(w)

	fmt.Fprintln(w, p.bold.Sprint("Summary"))
	var rows [][]cell
	for _, r := range rep.Results {
		mark, text := summaryLine(r, strict)
		col := p.verdict(r.Verdict)
		rows = append(rows, []cell{{mark, col}, {named(r.Distro, r.Version, r.Role), nil}, {text, nil}})
	}
	writeTable(w, "  ", rows)
	best, others := bestLines(rep)
	defer func() {
		for _, o := range others {
			fmt.Fprintf(w, "  %s\n", safe(o))
		}
	}()
	if best != "" {
		fmt.Fprintf(w, "  %s %s\n", p.bold.Sprint(bestPickTitle(rep)), safe(best))
	} else {
		afterFixes := 0
		for _, r := range rep.Results {
			if _, all := r.Fixes(); r.Verdict == rules.Fail && all && (rep.Purpose == rules.PurposeAny || r.Purpose == rep.Purpose) {
				afterFixes++
			}
		}
		if afterFixes > 0 {
			msg := strings.TrimSuffix(nothingFits(rep), " this machine.") + " as the machine is now;"
			fmt.Fprintf(w, "  %s %d %s after the fixes below.\n", p.fail.Sprint(msg), afterFixes, pluralWord(afterFixes, "role fits", "roles fit"))
		} else {
			fmt.Fprintln(w, "  "+p.fail.Sprint(nothingFits(rep)))
		}
	}
}

// bestPickTitle names the pick for its purpose: "Best pick:", or "Best pick
// for a server:" when --purpose left others out.
func bestPickTitle(rep rules.Report) string {
	if rep.Purpose == rules.PurposeAny {
		return "Best pick:"
	}
	return "Best pick for " + purposeNames[rep.Purpose] + ":"
}

// nothingFits says that no role fits, for the purpose asked.
func nothingFits(rep rules.Report) string {
	if rep.Purpose == rules.PurposeAny {
		return "Nothing fits this machine."
	}
	return "Nothing for " + purposeNames[rep.Purpose] + " fits this machine."
}

// renderDetails prints a table per role, the reasons and fixes, and the
// laptop advice.
func renderDetails(w io.Writer, rep rules.Report, cat *catalog.Catalog, p palette) {
	for _, r := range rep.Results {
		fmt.Fprintln(w)
		d := cat.Distro(r.Distro)
		fmt.Fprintf(w, "%s %s %s: %s\n", p.bold.Sprint(safe(d.Name)), p.bold.Sprint(safe(r.Version)), p.bold.Sprint(safe(r.Role)), p.verdict(r.Verdict).Sprint(strings.ToUpper(string(r.Verdict))))
		rows := [][]cell{{{"CHECK", p.dim}, {"VERDICT", p.dim}, {"FOUND", p.dim}, {"", nil}, {"WANTED", p.dim}}}
		for _, c := range r.Checks {
			rows = append(rows, []cell{{c.ID, nil}, {string(c.Verdict), p.verdict(c.Verdict)}, {c.Got, nil}, {bar(c.Gauge), p.verdict(c.Verdict)}, {c.Want, nil}})
		}
		writeTable(w, "  ", rows)
		renderReasons(w, r.Checks, p)
		if role := d.Role(r.Role); role != nil && role.OldTable != "" {
			fmt.Fprintln(w, "  "+p.dim.Sprint("note: "+safe(role.OldTable)))
		}
	}
	if len(rep.Laptop) > 0 {
		fmt.Fprintf(w, "\n%s\n", p.bold.Sprint("Laptop as a server (advice; it does not change the verdicts)"))
		rows := [][]cell{{{"CHECK", p.dim}, {"VERDICT", p.dim}, {"FOUND", p.dim}, {"WANTED", p.dim}}}
		for _, c := range rep.Laptop {
			rows = append(rows, []cell{{c.ID, nil}, {string(c.Verdict), p.verdict(c.Verdict)}, {c.Got, nil}, {c.Want, nil}})
		}
		writeTable(w, "  ", rows)
		renderReasons(w, rep.Laptop, p)
	}
}

// summaryLine is a role's one line in the summary: a mark and a sentence.
func summaryLine(r rules.Result, strict bool) (mark, text string) {
	mark, text = "✓", "fits"
	if left := r.Headroom.LeftBytes; left != nil && r.Verdict != rules.Fail {
		text = "fits, leaves " + units.Bytes(*left) + " " + r.LeftFor()
	}
	fixes, allFixable := r.Fixes()
	switch {
	case r.Verdict == rules.Fail && allFixable:
		mark, text = "✗", fmt.Sprintf("fits after %d %s: %s", fixes, pluralWord(fixes, "fix", "fixes"), firstReason(r, rules.Fail))
	case r.Verdict == rules.Fail:
		mark, text = "✗", "does not fit: "+hardwareReason(r)
	case r.Verdict == rules.Warn && strict:
		mark, text = "✗", "does not fit with --strict: "+firstReason(r, rules.Warn)
	case r.Verdict == rules.Warn:
		mark, text = "!", text+", with a warning: "+firstReason(r, rules.Warn)
	}
	if r.Upgrade != nil {
		text += "; it would fit with " + r.Upgrade.String()
	}
	if needs := r.Needs(); needs != "" && r.Verdict != rules.Fail {
		text += " (" + needs + ")"
	}
	if o := r.Older; o != nil {
		text += fmt.Sprintf("; %s %s would fit, supported until %s", r.Distro, o.Version, o.EndOfSupport)
	}
	return mark, text
}

func summaryText(r rules.Result, strict bool) string {
	_, text := summaryLine(r, strict)
	return text
}

// renderReasons prints why each check did not pass, its source and its fix.
func renderReasons(w io.Writer, checks []rules.Check, p palette) {
	for _, c := range checks {
		if c.Verdict == rules.Pass {
			continue
		}
		fmt.Fprintf(w, "  %s %s: %s", p.verdict(c.Verdict).Sprint("→"), safe(c.ID), safe(c.Reason))
		if c.Source != "" {
			fmt.Fprintf(w, " (%s)", safe(c.Source))
		}
		fmt.Fprintln(w)
		switch {
		case c.Fix != "":
			fmt.Fprintf(w, "      fix: %s\n", safe(c.Fix))
		case c.Fixable != nil && !*c.Fixable:
			fmt.Fprintln(w, "      no command fixes this")
		}
	}
}

func pluralWord(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// hardwareReason names the failures no command fixes, which are why a role
// does not fit whatever the user does.
func hardwareReason(r rules.Result) string {
	var out []string
	for _, c := range r.Checks {
		if c.Verdict == rules.Fail && (c.Fixable == nil || !*c.Fixable) {
			out = append(out, c.ID+": "+c.Reason)
		}
	}
	return strings.Join(out, "; ")
}

// firstReason gives the first check's reason with that verdict, and how many
// more there are, to keep the summary to one line per role.
func firstReason(r rules.Result, v rules.Verdict) string {
	var out []string
	for _, c := range r.Checks {
		if c.Verdict == v {
			out = append(out, c.ID+": "+c.Reason)
		}
	}
	if len(out) == 0 {
		return ""
	}
	if len(out) > 1 {
		return fmt.Sprintf("%s (and %d more)", out[0], len(out)-1)
	}
	return out[0]
}

func cpuLine(h probe.Host) string {
	if h.CPU.Logical == 0 {
		return "CPU: unknown (" + h.Why("cpu.logical") + ")"
	}
	c := h.CPU
	s := fmt.Sprintf("CPU: %d logical", c.Logical)
	if c.Physical > 0 {
		s += fmt.Sprintf(", %d physical cores", c.Physical)
	}
	if c.Model != "" {
		s += ", " + c.Model
	}
	if c.Online > 0 && c.Online != c.Logical {
		s += fmt.Sprintf("; %d online", c.Online)
	}
	if c.Affinity > 0 && c.Affinity != c.Logical {
		s += fmt.Sprintf("; affinity %d", c.Affinity)
	}
	if c.Quota != nil {
		s += fmt.Sprintf("; cgroup quota %.2g CPUs", *c.Quota)
	}
	if c.Effective > 0 && c.Effective != float64(c.Logical) {
		s += fmt.Sprintf("; effective %.2g", c.Effective)
	}
	return s
}

func memoryLine(h probe.Host) string {
	m := h.Memory
	if m.InstalledBytes == 0 && m.TotalBytes == 0 {
		return "Memory: unknown (" + h.Why("memory") + ")"
	}
	var parts []string
	if m.InstalledBytes > 0 {
		switch m.InstalledFrom {
		case "":
			parts = append(parts, units.Bytes(float64(m.InstalledBytes))+" installed")
		case "--memory":
			parts = append(parts, units.Bytes(float64(m.InstalledBytes))+" installed (given by --memory)")
		default:
			parts = append(parts, units.Bytes(float64(m.InstalledBytes))+" installed (estimated from "+m.InstalledFrom+")")
		}
	}
	if m.TotalBytes > 0 {
		parts = append(parts, "MemTotal "+units.Bytes(float64(m.TotalBytes)))
	}
	if m.AvailableBytes > 0 {
		parts = append(parts, units.Bytes(float64(m.AvailableBytes))+" available")
	}
	if m.SwapBytes != nil {
		parts = append(parts, "swap "+units.Bytes(float64(*m.SwapBytes)))
	}
	if m.LimitBytes > 0 {
		parts = append(parts, "cgroup limit "+units.Bytes(float64(m.LimitBytes)))
	}
	if m.EffectiveBytes > 0 && m.EffectiveBytes != m.InstalledBytes {
		parts = append(parts, "effective "+units.Bytes(float64(m.EffectiveBytes)))
	}
	return "Memory: " + strings.Join(parts, ", ")
}

func diskLine(h probe.Host) string {
	if h.Disk.FreeBytes == nil {
		return "Disk: unknown (" + h.Why("disk") + ")"
	}
	s := fmt.Sprintf("Disk: %s free on %s", units.Bytes(float64(*h.Disk.FreeBytes)), h.Disk.Path)
	if h.Disk.TotalBytes > 0 {
		s = fmt.Sprintf("Disk: %s free of %s on %s", units.Bytes(float64(*h.Disk.FreeBytes)), units.Bytes(float64(h.Disk.TotalBytes)), h.Disk.Path)
	}
	if h.Disk.FSType != "" {
		s += ", " + h.Disk.FSType
	}
	if h.Disk.Device != "" {
		s += " on " + h.Disk.Device + " (" + orUnknown(h.Disk.Media) + ")"
	}
	return s
}

// envLine says where kfit runs and the cgroup it sees.
func envLine(h probe.Host) string {
	s := "Runs on: " + orUnknown(h.Environment.Kind)
	if h.Environment.Detail != "" {
		s += " (" + h.Environment.Detail + ")"
	}
	if v := h.Cgroup.Version; v != "" {
		s += "; cgroup " + string(v)
		if h.Cgroup.Path != "" {
			s += " at " + h.Cgroup.Path
		}
	}
	if h.Runtime.Init != "" {
		s += "; init " + h.Runtime.Init
	}
	return s
}

// bar draws a gauge ten cells wide that is full at twice the minimum, so a
// half-full bar is just enough. Without a minimum the recommendation sets it.
func bar(g *rules.Gauge) string {
	if g == nil {
		return ""
	}
	ref := g.Min
	if ref == 0 {
		ref = g.Recommended / 2
	}
	if ref <= 0 {
		return ""
	}
	n := int(math.Round(10 * g.Got / (2 * ref)))
	n = max(0, min(10, n))
	return "[" + strings.Repeat("█", n) + strings.Repeat("░", 10-n) + "]"
}

// cell is a table cell and its colour (nil for none).
type cell struct {
	text string
	col  *color.Color
}

// maxCellWidth is the widest a single cell can make its column. A longer
// cell overflows its row alone: padding every row to one huge cell would
// make the output grow with the square of the input.
const maxCellWidth = 60

// writeTable makes each cell safe, aligns columns by their visible width,
// then colours, so escape codes never upset the alignment. The last column
// is not padded.
func writeTable(w io.Writer, indent string, rows [][]cell) {
	var widths []int
	for _, r := range rows {
		for i := range r {
			r[i].text = safe(r[i].text)
			if i >= len(widths) {
				widths = append(widths, 0)
			}
			if n := utf8.RuneCountInString(r[i].text); n <= maxCellWidth {
				widths[i] = max(widths[i], n)
			}
		}
	}
	for _, r := range rows {
		var b strings.Builder
		b.WriteString(indent)
		for i, c := range r {
			text := c.text
			if c.col != nil && text != "" {
				text = c.col.Sprint(text)
			}
			b.WriteString(text)
			if i < len(r)-1 && widths[i] > 0 {
				b.WriteString(strings.Repeat(" ", max(widths[i]-utf8.RuneCountInString(c.text), 0)+2))
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
}

func renderHostText(w io.Writer, h probe.Host, p palette) {
	writeText(w, p, func(w io.Writer) { hostText(w, h, p) })
}

func hostText(w io.Writer, h probe.Host, p palette) {
	renderHostSummary(w, h, p)
	factsText(w, h)
	if len(h.Missing) > 0 {
		fmt.Fprintln(w, "Unknown:")
		keys := make([]string, 0, len(h.Missing))
		for k := range h.Missing {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Fprintf(w, "  %s: %s\n", safe(k), safe(h.Missing[k]))
		}
	}
}

func renderCatalogText(w io.Writer, cat *catalog.Catalog, width int) {
	p := makePalette(false)
	p.width = width
	writeText(w, p, func(w io.Writer) { catalogText(w, cat) })
}

func catalogText(w io.Writer, cat *catalog.Catalog) {
	rows := [][]cell{{{"DISTRO", nil}, {"ROLE", nil}, {"CPUS", nil}, {"MEMORY", nil}, {"DISK", nil}, {"FOOTPRINT", nil}, {"ARCH", nil}, {"OS", nil}, {"CNI", nil}, {"CRI", nil}}}
	for _, d := range cat.Distros {
		for _, r := range d.Roles {
			rows = append(rows, []cell{{d.ID, nil}, {r.Name, nil}, {reqText(r.CPUs), nil}, {reqText(r.Memory), nil}, {reqText(r.Disk), nil}, {footprintText(r.Footprint), nil},
				{strings.Join(r.Arch.Values, ","), nil}, {strings.Join(r.OS.Values, ","), nil}, {strings.Join(d.CNI, ","), nil}, {strings.Join(d.CRI, ","), nil}})
		}
	}
	writeTable(w, "", rows)
	fmt.Fprintln(w, "\nMIN / RECOMMENDED as the docs write them; \"-\": not documented; FOOTPRINT: measured memory at idle, \"?\": none published.")
	fmt.Fprintln(w, "\nReleases: the current one, which the numbers apply to, then the others kfit can judge (--distro ID@VERSION):")
	for _, d := range cat.Distros {
		others := make([]string, 0, len(d.Releases))
		for _, r := range d.Releases {
			o := r.Version
			if r.EndOfSupport != "" {
				o += " (end of support " + r.EndOfSupport + ")"
			}
			others = append(others, o)
		}
		line := fmt.Sprintf("  %s (for %s): %s", d.ID, purposeNames[d.PurposeOf()], d.Version)
		if len(others) > 0 {
			line += "; also " + strings.Join(others, ", ")
		}
		fmt.Fprintln(w, safe(line))
	}
	conditionsText(w, cat)
	fmt.Fprintln(w, "\nSources:")
	for _, d := range cat.Distros {
		keys := make([]string, 0, len(d.Sources))
		for k := range d.Sources {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			s := d.Sources[k]
			fmt.Fprintf(w, "  %s/%s: %s (seen %s)\n    %s\n", safe(d.ID), safe(k), safe(s.URL), safe(s.Seen), safe(fmt.Sprintf("%q", s.Quote)))
		}
	}
}

func footprintText(f *catalog.Footprint) string {
	if f == nil || f.Memory == "" {
		return "?"
	}
	return f.Memory
}

func reqText(q *catalog.Requirement) string {
	if q == nil {
		return "-"
	}
	min, rec := q.Min, q.Recommended
	if min == "" {
		min = "-"
	}
	if rec == "" {
		return min
	}
	return min + " / " + rec
}
