package main

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/kfit-dev/kfit/catalog"
	"github.com/kfit-dev/kfit/probe"
	"github.com/kfit-dev/kfit/rules"
)

// JUnit XML, in the Ant JUnit schema that CI systems read: one test suite
// per distribution role, one test case per check. A failing check is a
// <failure>; a warning is <skipped> (shown, not failed) unless --strict
// makes it a <failure type="warn">.
type junitSuites struct {
	XMLName xml.Name     `xml:"testsuites"`
	Suites  []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name       string          `xml:"name,attr"`
	Package    string          `xml:"package,attr"`
	ID         int             `xml:"id,attr"`
	Timestamp  string          `xml:"timestamp,attr"`
	Hostname   string          `xml:"hostname,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Errors     int             `xml:"errors,attr"`
	Skipped    int             `xml:"skipped,attr"`
	Time       string          `xml:"time,attr"`
	Properties []junitProperty `xml:"properties>property"`
	Cases      []junitCase     `xml:"testcase"`
	SystemOut  string          `xml:"system-out"`
	SystemErr  string          `xml:"system-err"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	ClassName string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitFailure `xml:"failure,omitempty"`
	Skipped   *junitFailure `xml:"skipped,omitempty"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

// hostProperties are the facts a JUnit consumer shows beside the results.
func hostProperties(h probe.Host) []junitProperty {
	add := func(ps []junitProperty, name, value string) []junitProperty {
		if value == "" {
			return ps
		}
		return append(ps, junitProperty{Name: name, Value: value})
	}
	var ps []junitProperty
	ps = add(ps, "host.hostname", h.Hostname)
	ps = add(ps, "host.os", strings.TrimSpace(h.OS.Name+" "+h.OS.ID+" "+h.OS.Version))
	ps = add(ps, "host.kernel", h.OS.KernelVersion)
	ps = add(ps, "host.arch", h.OS.Arch)
	if h.CPU.Effective > 0 {
		ps = add(ps, "host.cpus", fmt.Sprint(h.CPU.Effective))
	}
	if h.Memory.EffectiveBytes > 0 {
		ps = add(ps, "host.memoryBytes", fmt.Sprint(h.Memory.EffectiveBytes))
	}
	if h.Disk.FreeBytes != nil {
		ps = add(ps, "host.diskFreeBytes", fmt.Sprint(*h.Disk.FreeBytes))
	}
	ps = add(ps, "host.cgroup", string(h.Cgroup.Version))
	ps = add(ps, "host.environment", h.Environment.Kind)
	return ps
}

func renderJUnit(w io.Writer, h probe.Host, rep rules.Report, strict bool, now time.Time) error {
	host := h.Hostname
	if host == "" {
		host = "localhost"
	}
	props := hostProperties(h)
	var doc junitSuites
	for i, r := range rep.Results {
		s := junitSuite{Name: r.Distro + "@" + r.Version + ":" + r.Role, Package: "kfit." + r.Distro, ID: i,
			Timestamp: now.UTC().Format("2006-01-02T15:04:05"), Hostname: host, Time: "0", Properties: props}
		for _, c := range r.Checks {
			tc := junitCase{Name: c.ID, ClassName: "kfit." + r.Distro + "." + r.Role, Time: "0"}
			detail := fmt.Sprintf("found: %s\nwanted: %s\nsource: %s", c.Got, c.Want, c.Source)
			if c.Fix != "" {
				detail += "\nfix: " + c.Fix
			}
			switch {
			case c.Verdict == rules.Fail:
				tc.Failure = &junitFailure{Message: c.Reason, Type: "fail", Text: detail}
				s.Failures++
			case c.Verdict == rules.Warn && strict:
				tc.Failure = &junitFailure{Message: c.Reason, Type: "warn", Text: detail}
				s.Failures++
			case c.Verdict == rules.Warn:
				tc.Skipped = &junitFailure{Message: "warning: " + c.Reason, Type: "warn", Text: detail}
				s.Skipped++
			}
			s.Cases = append(s.Cases, tc)
			s.Tests++
		}
		s.SystemOut = fmt.Sprintf("%s: %s", named(r.Distro, r.Version, r.Role), r.Verdict)
		doc.Suites = append(doc.Suites, s)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// renderYAML writes the JSON report as YAML: the same keys in the same
// order, so the two formats cannot drift apart.
func renderYAML(w io.Writer, v any) error {
	var js bytes.Buffer
	if err := writeJSON(&js, v); err != nil {
		return err
	}
	var node yaml.Node
	if err := yaml.Unmarshal(yamlReadable(js.Bytes()), &node); err != nil {
		return err
	}
	blockStyle(&node)
	enc := yaml.NewEncoder(w)
	enc.SetIndent(2)
	if err := enc.Encode(&node); err != nil {
		return err
	}
	return enc.Close()
}

// yamlReadable escapes in JSON what JSON leaves raw but YAML's reader
// refuses or reads as a line break: DEL, C1 controls (NEL among them), a
// byte order mark and the noncharacters U+FFFE and U+FFFF. They can only
// be inside strings, where \uXXXX means the same in JSON and in YAML.
func yamlReadable(js []byte) []byte {
	var b bytes.Buffer
	for _, r := range string(js) { // encoding/json writes valid UTF-8
		if r == 0x7f || r >= 0x80 && r < 0xa0 || r == 0xfeff || r == 0xfffe || r == 0xffff {
			fmt.Fprintf(&b, `\u%04x`, r)
		} else {
			b.WriteRune(r)
		}
	}
	return b.Bytes()
}

// blockStyle turns JSON's flow style into YAML's block style, keeping
// strings quoted where YAML would read them as something else.
func blockStyle(n *yaml.Node) {
	if n.Kind == yaml.MappingNode || n.Kind == yaml.SequenceNode {
		n.Style = 0
	}
	if n.Kind == yaml.ScalarNode && n.Style == yaml.DoubleQuotedStyle {
		n.Style = 0 // the encoder quotes what needs quoting
	}
	for _, c := range n.Content {
		blockStyle(c)
	}
}

// mdEscape makes a data string plain Markdown text on one line: printable
// (see safe), then with what Markdown would read as markup escaped: a
// backslash, HTML (<, >, an & that starts an entity), links and images
// ([ and ]: without them neither ( nor ! makes one), code (`), emphasis (*,
// and _ except inside a word, where it cannot emphasize) and | (a table
// cell's end). Ordinary reasons such as CONFIG_IPVS (x86_64) stay as they
// are. kfit's own ids are printed raw: the catalog admits only
// [a-z0-9][a-z0-9+._-]* for distro and role ids, and check ids are rules'.
func mdEscape(s string) string {
	s = safe(s)
	var b strings.Builder
	for i, r := range s {
		switch r {
		case '\\', '[', ']', '`', '*', '|':
			b.WriteByte('\\')
		case '<':
			b.WriteString("&lt;")
			continue
		case '>':
			b.WriteString("&gt;")
			continue
		case '&':
			if entity.MatchString(s[i:]) {
				b.WriteString("&amp;")
				continue
			}
		case '_':
			before, _ := utf8.DecodeLastRuneInString(s[:i])
			after, _ := utf8.DecodeRuneInString(s[i+1:])
			if !isWordRune(before) || !isWordRune(after) {
				b.WriteByte('\\')
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}

// entity is what Markdown reads as an HTML entity.
var entity = regexp.MustCompile(`^&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});`)

func isASCIILetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// mdCode makes a data string a code span: printable, on one line, without
// a backtick to end the span early. Markup inside a code span is text.
func mdCode(s string) string {
	return "`" + strings.ReplaceAll(safe(s), "`", "'") + "`"
}

// mdSource links to a source when its URL is a plain http(s) URL, and
// prints it as text otherwise, so a URL cannot end the link early or carry
// a javascript: or data: link.
func mdSource(u string) string {
	lower := strings.ToLower(u)
	plain := strings.HasPrefix(lower, "https://") || strings.HasPrefix(lower, "http://")
	for _, c := range []byte(u) {
		if !(isASCIILetter(c) || '0' <= c && c <= '9' || strings.IndexByte("-._~:/?#@!$&'*+,;=%", c) >= 0) {
			plain = false
		}
	}
	if plain {
		return "([source](" + u + "))"
	}
	return "(source: " + mdEscape(u) + ")"
}

// writeMarkdown renders Markdown through the same net as text (see
// writeText): only kfit's own newlines pass raw.
func writeMarkdown(w io.Writer, render func(w io.Writer)) {
	writeText(w, makePalette(false), render)
}

var verdictMark = map[rules.Verdict]string{rules.Pass: "✅ pass", rules.Warn: "⚠️ warn", rules.Fail: "❌ fail"}

// renderMarkdown writes a report to paste into an issue or a wiki page.
func renderMarkdown(w io.Writer, h probe.Host, rep rules.Report, cat *catalog.Catalog, strict bool) error {
	writeMarkdown(w, func(w io.Writer) { markdown(w, h, rep, cat, strict) })
	return nil
}

func markdown(w io.Writer, h probe.Host, rep rules.Report, cat *catalog.Catalog, strict bool) {
	fmt.Fprintf(w, "# kfit report: %s\n\n", mdEscape(hostLine(h)))
	for _, line := range hostFactLines(h) {
		fmt.Fprintf(w, "- %s\n", mdEscape(line))
	}
	fmt.Fprintf(w, "\n## Verdicts\n\n| distro | version | role | verdict | why |\n|---|---|---|---|---|\n")
	for _, r := range rep.Results {
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s |\n", r.Distro, mdEscape(r.Version), r.Role, verdictMark[r.Verdict], mdEscape(summaryText(r, strict)))
	}
	best, others := bestLines(rep)
	if best != "" {
		fmt.Fprintf(w, "\n**%s** %s\n", bestPickTitle(rep), mdEscape(best))
	} else {
		fmt.Fprintf(w, "\n**%s**\n", nothingFits(rep))
	}
	for _, o := range others {
		fmt.Fprintf(w, "\n%s\n", mdEscape(o))
	}
	fmt.Fprintf(w, "\n## Reasons and fixes\n")
	for _, r := range rep.Results {
		var lines []string
		for _, c := range r.Checks {
			if c.Verdict == rules.Pass {
				continue
			}
			line := fmt.Sprintf("- %s %s: %s", verdictMark[c.Verdict], mdCode(c.ID), mdEscape(c.Reason))
			if c.Source != "" {
				line += " " + mdSource(c.Source)
			}
			if c.Fix != "" {
				line += "\n  - fix: " + mdCode(c.Fix)
			}
			lines = append(lines, line)
		}
		if len(lines) == 0 {
			continue
		}
		name := r.Distro
		if d := cat.Distro(r.Distro); d != nil {
			name = mdEscape(d.Name)
		}
		fmt.Fprintf(w, "\n### %s %s %s\n\n%s\n", name, mdEscape(r.Version), r.Role, strings.Join(lines, "\n"))
	}
	if len(rep.Laptop) > 0 {
		fmt.Fprintf(w, "\n## Laptop as a server\n\n| check | verdict | found | fix |\n|---|---|---|---|\n")
		for _, c := range rep.Laptop {
			fmt.Fprintf(w, "| %s | %s | %s | %s |\n", c.ID, verdictMark[c.Verdict], mdEscape(c.Got), mdEscape(c.Fix))
		}
	}
}
