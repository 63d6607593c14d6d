package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/kfit-dev/kfit/catalog"
	"github.com/kfit-dev/kfit/probe"
	"github.com/kfit-dev/kfit/rules"
)

// hostile are strings a red team put in a machine, a snapshot or a catalog.
var hostile = []string{
	"\x1b[2J\x1b[H",    // clear the screen
	"\x1b]0;pwned\x07", // set the window title
	"\x1b]8;;http://evil\x1b\\click\x1b]8;;\x1b\\", // OSC 8 hyperlink
	"\x1b]52;c;cm0gLXJmIH4=\x07",                   // OSC 52: write the clipboard
	"\x1b[31m\x1b[1m\x1b[0m\x1b[22;39m",            // kfit's own colours, from data
	"fits\rk3s server  ✓ fits",                     // CR overwrites the line
	"a\nk3s server  ✓ fits",                        // a forged line
	"\u009b2J\u0085\u009d0;t\u009c",                // C1: CSI, NEL, OSC, ST
	"\u202eevil\u202c \u2066x\u2069 \u200f",        // bidi overrides and isolates
	"\xff\xfe\xc0\x80 \xed\xa0\x80",                // invalid UTF-8, a surrogate
	"\x00\x7f\t\v\f\b",
	`<img src=x onerror=alert(1)><script>alert(1)</script>`,
	"[click](http://evil) ![x](http://track) <http://evil> [ref]: http://evil",
	"**bold** _it_ `code` | cell | &lt; \\[esc]",
}

// snapshotFile writes h as a --host snapshot and returns its path.
func snapshotFile(t testing.TB, h probe.Host) string {
	t.Helper()
	data, err := json.Marshal(h)
	require.NoError(t, err)
	f := filepath.Join(t.TempDir(), "host.json")
	require.NoError(t, os.WriteFile(f, data, 0o644))
	return f
}

// hostileHost is a real snapshot with s in every string a red team
// reported reaching the output.
func hostileHost(t testing.TB, snapshot, s string) probe.Host {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "snapshots", snapshot))
	require.NoError(t, err)
	h, err := probe.ReadSnapshot(data, snapshot)
	require.NoError(t, err)
	h.Hostname = s
	h.OS.PrettyName = s
	h.OS.KernelVersion = s
	h.OS.Machine = s
	h.CPU.Model = s
	h.Disk.Path = s
	h.Environment.Detail = s
	if h.Missing == nil {
		h.Missing = map[string]string{}
	}
	h.Missing["cgroup"] = s
	h.Missing["disk"] = s
	h.Missing[s] = s
	return h
}

// viaJSON is s as a snapshot gives it back: invalid UTF-8 becomes U+FFFD.
func viaJSON(s string) string {
	b, _ := json.Marshal(s)
	var back string
	_ = json.Unmarshal(b, &back)
	return back
}

func kfit(args ...string) (code int, stdout, stderr string) {
	var out, errOut bytes.Buffer
	code = run(append([]string{"kfit"}, args...), &out, &errOut)
	return code, out.String(), errOut.String()
}

// unprintable names the first thing in text output that could drive a
// terminal: a control byte other than a newline, DEL, a C1 or bidi control,
// or invalid UTF-8.
func unprintable(s string) error {
	for i, r := range s {
		switch {
		case r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD"):
			return fmt.Errorf("invalid UTF-8 at byte %d: %q", i, s[max(0, i-20):min(len(s), i+20)])
		case r < 0x20 && r != '\n', r == 0x7f, r >= 0x80 && r <= 0x9f, unicode.Is(unicode.Bidi_Control, r):
			return fmt.Errorf("%U at byte %d: %q", r, i, s[max(0, i-20):min(len(s), i+20)])
		}
	}
	return nil
}

func TestPrintable(t *testing.T) {
	for in, want := range map[string]string{
		"Cortex-A53 ✓ [█░]":         "Cortex-A53 ✓ [█░]",
		"\x1b[2J":                   `\x1b[2J`,
		"a\r\nb\tc":                 `a\x0d\x0ab\x09c`,
		"\u009b\u202e\u2066x":       `\u009b\u202e\u2066x`,
		"\xff\xc0\x80 \xed\xa0\x80": `\xff\xc0\x80 \xed\xa0\x80`,
		"\x00\x7f":                  `\x00\x7f`,
	} {
		assert.Equal(t, want, safe(in), "%q", in)
	}
	assert.Equal(t, "a\n\x1b[1mb\x1b[22m\\x1b[2J\n", printable("a\n\x1b[1mb\x1b[22m\x1b[2J\n", "\n", "\x1b[1m", "\x1b[22m"))
}

// Every text output keeps hostile strings from the terminal, and shows
// them escaped rather than dropping them.
func TestTextIsTerminalSafe(t *testing.T) {
	for _, s := range hostile {
		for _, snap := range []string{"pi3b-1gb.json", "laptop-4gb.json"} {
			f := snapshotFile(t, hostileHost(t, snap, s))
			code, out, stderr := kfit("check", "--host", f)
			require.Contains(t, []int{0, 1}, code, stderr)
			assert.NoError(t, unprintable(out), "%s %q", snap, s)
			code, out, stderr = kfit("plan", f, snapshotFile(t, hostileHost(t, snap, s)))
			require.Contains(t, []int{0, 1}, code, stderr)
			assert.NoError(t, unprintable(out), "plan %s %q", snap, s)
		}
	}
	f := snapshotFile(t, hostileHost(t, "pi3b-1gb.json", "\x1b[2J"))
	_, out, _ := kfit("check", "--host", f, "--output-file", filepath.Join(t.TempDir(), "r.json"))
	assert.NoError(t, unprintable(out))
	// Reading a snapshot drops control characters (probe.ReadSnapshot);
	// what reaches the renderer anyway, from a Host made in memory, is
	// shown escaped.
	cat, err := catalog.Default()
	require.NoError(t, err)
	for _, s := range hostile {
		h := hostileHost(t, "laptop-4gb.json", s)
		var b bytes.Buffer
		require.NoError(t, renderCheckText(&b, h, rules.Evaluate(h, cat, rules.Options{}), cat, makePalette(false), false))
		assert.Contains(t, b.String(), safe(s), "shown escaped")
		assert.NoError(t, unprintable(b.String()))
	}
}

var sgr = regexp.MustCompile("\x1b\\[[0-9;]*m")

// With colour on, kfit adds its colour codes and nothing else: a data
// string that missed safe would keep a colour code from data here.
func TestTextColourAddsOnlyColour(t *testing.T) {
	cat, err := catalog.Default()
	require.NoError(t, err)
	for _, s := range hostile {
		h := hostileHost(t, "laptop-4gb.json", s)
		rep := rules.Evaluate(h, cat, rules.Options{})
		var plain, coloured bytes.Buffer
		require.NoError(t, renderCheckText(&plain, h, rep, cat, makePalette(false), false))
		require.NoError(t, renderCheckText(&coloured, h, rep, cat, makePalette(true), false))
		renderHostText(&plain, h, makePalette(false))
		renderHostText(&coloured, h, makePalette(true))
		require.NotEqual(t, plain.String(), coloured.String(), "colour is on")
		assert.NoError(t, unprintable(sgr.ReplaceAllString(coloured.String(), "")))
		assert.Equal(t, plain.String(), sgr.ReplaceAllString(coloured.String(), ""), "%q", s)
	}
}

// userCatalog writes a --catalog file that names k3s s and cites a source
// with url and quote for its server's memory.
func userCatalog(t testing.TB, name, url, quote string) string {
	t.Helper()
	q := func(s string) string { b, _ := json.Marshal(s); return string(b) }
	yml := fmt.Sprintf(`distros:
  - id: k3s
    name: %s
    sources:
      ours: {url: %s, quote: %s, seen: "2026-11-26"}
    roles:
      - name: server
        memory: {min: 4GB, source: ours}
`, q(name), q(url), q(quote))
	f := filepath.Join(t.TempDir(), "catalog.yaml")
	require.NoError(t, os.WriteFile(f, []byte(yml), 0o644))
	return f
}

// The catalog loader refuses control characters; what it takes is shown
// escaped.
func TestCatalogTextIsTerminalSafe(t *testing.T) {
	taken := 0
	for _, s := range hostile {
		f := userCatalog(t, "K3s "+s, "https://example.org/"+s, s)
		code, out, stderr := kfit("catalog", "--catalog", f)
		if code == exitUsage {
			assert.Empty(t, out)
			continue
		}
		taken++
		require.Equal(t, 0, code, stderr)
		assert.NoError(t, unprintable(out), "%q", s)
		code, out, stderr = kfit("check", "--catalog", f, "--host", "testdata/snapshots/pi3b-1gb.json", "--distro", "k3s:server")
		require.Equal(t, 1, code, stderr)
		assert.NoError(t, unprintable(out), "%q", s)
		assert.Contains(t, out, safe(viaJSON("K3s "+s)))
	}
	assert.Greater(t, taken, 3, "the catalog takes some hostile strings")
}

func TestMDEscape(t *testing.T) {
	for in, want := range map[string]string{
		"needs 2 GB, has 1 GiB (and 4 more)":                         "needs 2 GB, has 1 GiB (and 4 more)",
		"CONFIG_NETFILTER_XT_MATCH_IPVS; cgroup_memory=1 && reboot!": "CONFIG_NETFILTER_XT_MATCH_IPVS; cgroup_memory=1 && reboot!",
		"[click](http://evil)":                                       `\[click\](http://evil)`,
		"![x](http://track)":                                         `!\[x\](http://track)`,
		`<img src=x onerror=alert(1)>`:                               `&lt;img src=x onerror=alert(1)&gt;`,
		"&lt; &#60; AT&T":                                            `&amp;lt; &amp;#60; AT&T`,
		"**b** _i_ __u__ x_":                                         `\*\*b\*\* \_i\_ \_\_u\_\_ x\_`,
		"`code` a|b":                                                 "\\`code\\` a\\|b",
		`\[not escaped]`:                                             `\\\[not escaped\]`,
		"two\nlines\x1b[2J\u202e":                                    `two\\x0alines\\x1b\[2J\\u202e`,
	} {
		assert.Equal(t, want, mdEscape(in), "%q", in)
	}
	assert.Equal(t, "`rm -rf ' \\x0a# h`", mdCode("rm -rf ` \n# h"))
	assert.Equal(t, "([source](https://docs.k3s.io/installation/requirements#hardware))", mdSource("https://docs.k3s.io/installation/requirements#hardware"))
	assert.Equal(t, `(source: javascript:alert(1))`, mdSource("javascript:alert(1)"))
	assert.Equal(t, `(source: https://x/a) \[click\](https://evil)`, mdSource("https://x/a) [click](https://evil"))
}

// ownLink is kfit's link to a source.
var ownLink = regexp.MustCompile(`\(\[source\]\(https?://[^()<>\[\]\s\x60\\]*\)\)`)

// noMarkup says whether a Markdown document has a tag, link or image
// beyond kfit's own source links: an unescaped <, [ or ] outside a code
// span.
func noMarkup(doc string) error {
	doc = ownLink.ReplaceAllString(doc, "")
	for i := 0; i < len(doc); i++ {
		switch doc[i] {
		case '\\':
			i++
		case '`':
			end := strings.IndexByte(doc[i+1:], '`')
			if end < 0 {
				return fmt.Errorf("a code span without its end at byte %d", i)
			}
			i += end + 1
		case '<', '[', ']':
			return fmt.Errorf("markup %q from data at byte %d: %q", doc[i], i, doc[max(0, i-30):min(len(doc), i+30)])
		}
	}
	return nil
}

func TestMarkdownIsSafe(t *testing.T) {
	for _, s := range hostile {
		f := snapshotFile(t, hostileHost(t, "laptop-4gb.json", s))
		cat := userCatalog(t, "K3s "+s, "https://example.org/"+s, s)
		if code, _, _ := kfit("catalog", "--catalog", cat); code == exitUsage {
			cat = userCatalog(t, "K3s", "https://example.org/", "quote") // refused: see TestCatalogTextIsTerminalSafe
		}
		code, out, stderr := kfit("check", "--host", f, "--catalog", cat, "-o", "markdown")
		require.Contains(t, []int{0, 1}, code, stderr)
		assert.NoError(t, unprintable(out), "%q", s)
		assert.NoError(t, noMarkup(out), "%q", s)
		code, out, stderr = kfit("plan", "-o", "markdown", "--catalog", cat, f, snapshotFile(t, hostileHost(t, "laptop-4gb.json", s)))
		require.Contains(t, []int{0, 1}, code, stderr)
		assert.NoError(t, unprintable(out), "%q", s)
		assert.NoError(t, noMarkup(out), "%q", s)
	}
}

// JUnit is XML 1.0 whatever the data holds, in text and in attributes, and
// parses back; YAML gives back the very strings JSON holds.
func TestReportsStayValid(t *testing.T) {
	for _, s := range hostile {
		f := snapshotFile(t, hostileHost(t, "laptop-4gb.json", s))
		_, out, _ := kfit("check", "--host", f, "-o", "junit")
		assert.NoError(t, xmlValid(out), "%q", s)

		_, js, _ := kfit("check", "--host", f, "-o", "json")
		_, ys, _ := kfit("check", "--host", f, "-o", "yaml")
		assert.NoError(t, yamlEqualsJSON(ys, js), "%q", s)
	}
}

// xmlValid parses an XML document whole and checks every character is one
// XML 1.0 allows.
func xmlValid(doc string) error {
	for i, r := range doc {
		if !(r == '\t' || r == '\n' || r == '\r' || r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF) ||
			r == utf8.RuneError && !strings.HasPrefix(doc[i:], "\uFFFD") {
			return fmt.Errorf("character %U at byte %d is not XML 1.0", r, i)
		}
	}
	dec := xml.NewDecoder(strings.NewReader(doc))
	for {
		if _, err := dec.Token(); errors.Is(err, io.EOF) {
			return nil
		} else if err != nil {
			return err
		}
	}
}

func yamlEqualsJSON(ys, js string) error {
	var fromJSON, fromYAML any
	if err := json.Unmarshal([]byte(js), &fromJSON); err != nil {
		return fmt.Errorf("json: %w", err)
	}
	if err := yaml.Unmarshal([]byte(ys), &fromYAML); err != nil {
		return fmt.Errorf("yaml: %w", err)
	}
	b, err := json.Marshal(fromYAML)
	if err != nil {
		return err
	}
	var normalized any
	if err := json.Unmarshal(b, &normalized); err != nil {
		return err
	}
	if !assert.ObjectsAreEqual(fromJSON, normalized) {
		return errors.New("the YAML report differs from the JSON report")
	}
	return nil
}

// One huge field makes output in proportion, not a table padded to it.
func TestOutputGrowsWithInput(t *testing.T) {
	const mib = 1 << 20
	for name, set := range map[string]func(h *probe.Host){
		"CPU model": func(h *probe.Host) { h.CPU.Model = strings.Repeat("x", mib) },
		"arch":      func(h *probe.Host) { h.OS.Arch = strings.Repeat("\x00", mib) },
		"disk path": func(h *probe.Host) { h.Disk.Path = strings.Repeat("é", mib/2) },
	} {
		data, err := os.ReadFile("testdata/snapshots/laptop-4gb.json")
		require.NoError(t, err)
		h, err := probe.ReadSnapshot(data, "laptop-4gb.json")
		require.NoError(t, err)
		set(&h)
		f := snapshotFile(t, h)
		for _, format := range []string{"text", "markdown"} {
			_, out, _ := kfit("check", "--host", f, "-o", format)
			t.Logf("%s, %s: %d bytes", name, format, len(out))
			assert.Less(t, len(out), 8*mib, "%s, %s", name, format)
		}
	}
}

// A cell too wide overflows its own row and leaves its column as the
// other rows make it.
func TestWriteTableCapsColumnWidth(t *testing.T) {
	var b strings.Builder
	writeTable(&b, "", [][]cell{{{"a", nil}, {"x", nil}}, {{strings.Repeat("y", 1000), nil}, {"z", nil}}, {{"bc", nil}, {"x", nil}}})
	assert.Equal(t, "a   x\n"+strings.Repeat("y", 1000)+"  z\nbc  x\n", b.String())
}

// Error messages quote what the user or a file gave: they are escaped too.
func TestErrorsAreTerminalSafe(t *testing.T) {
	code, out, stderr := kfit("check", "--host", "no-such\x1b]0;owned\x07.json")
	assert.Equal(t, 2, code)
	assert.Empty(t, out)
	assert.Contains(t, stderr, `no-such\x1b]0;owned\x07.json`)
	assert.NotContains(t, stderr, "\x1b")
}
