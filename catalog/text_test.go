package catalog

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestValidateRejectsUnsafeStrings(t *testing.T) {
	long := func(n int) string { return strings.Repeat("a", n) }
	tests := []struct {
		name, old, new string
		want           []string
	}{
		{"escape in a quote", `quote: "1 CPU, 1 GB"`, `quote: "1 CPU, \e[2J1 GB"`,
			[]string{"line 16, column 41: distro demo: field sources.s.quote: contains U+001B, a control character"}},
		{"newline in a quote", `quote: "1 CPU, 1 GB"`, `quote: "1 CPU,\n1 GB"`, []string{"field sources.s.quote: contains U+000A"}},
		{"C1 control in a name", "name: Demo", `name: "De\u009bmo"`, []string{"line 3, column 5: distro demo: field name: contains U+009B, a control character"}},
		{"DEL in a version", "version: v1", `version: "v1\x7f"`, []string{"field version: contains U+007F"}},
		{"bidi override in a CNI", "cni: [x]", `cni: [x, "y\u202ez"]`, []string{"line 6, column 14: distro demo: field cni[1]: contains U+202E, a bidi control"}},
		{"bidi isolate in a list of a role", "arch: {values: [amd64]", `arch: {values: [amd64, "arm\u2066"]`,
			[]string{"line 12, column 32: distro demo: role node: field arch.values[1]: contains U+2066, a bidi control"}},
		{"control in a size", "memory: {min: 1GB", `memory: {min: "1GB\t"`, []string{"role node: field memory.min: contains U+0009"}},
		{"control in a source key", "      s: {url:", "      \"s\\e\": {url:", []string{`field sources."s\x1b": key contains U+001B`}},
		{"a long name", "name: Demo", "name: " + long(maxWord+1), []string{fmt.Sprintf("field name: is %d characters long; at most %d", maxWord+1, maxWord)}},
		{"a long quote", `quote: "1 CPU, 1 GB"`, "quote: " + long(maxText+1), []string{fmt.Sprintf("field sources.s.quote: is %d characters long; at most %d", maxText+1, maxText)}},
		{"a long id", "id: demo", "id: " + long(maxID+1), []string{"field id:", "is not a valid id (up to 64"}},
		{"an id with a colon", "id: demo", "id: de:mo", []string{`field id: "de:mo" is not a valid id`}},
		{"a role name with a comma", "- name: node", `- name: "no,de"`, []string{`role "no,de": field name: "no,de" is not a valid role name`}},
		{"a role name with an escape", "- name: node", `- name: "no\ede"`, []string{`role "no\x1bde": field name: contains U+001B`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := strings.Replace(good, tt.old, tt.new, 1)
			require.NotEqual(t, good, src, "the test's edit must apply")
			_, err := parse(strings.NewReader(src), "user.yaml")
			require.Error(t, err)
			for _, w := range tt.want {
				assert.Contains(t, err.Error(), w)
			}
			assert.Empty(t, checkString(err.Error(), 1000), "the error is printable and short: %q", err)
		})
	}
	long128 := strings.Replace(strings.Replace(good, "name: Demo", "name: "+long(maxWord), 1), `quote: "1 CPU, 1 GB"`, "quote: "+long(maxText), 1)
	_, err := parse(strings.NewReader(long128), "user.yaml")
	assert.NoError(t, err, "strings at the limits are taken")
}

func TestCheckString(t *testing.T) {
	assert.Equal(t, "is not valid UTF-8", checkString("k3s\xff", 10), "YAML refuses invalid UTF-8; Go literals do not")
	assert.Contains(t, checkString("a\u2029b", 10), "U+2029, a line separator")
	assert.Contains(t, checkString("a\u200fb", 10), "U+200F, a bidi control")
	assert.Empty(t, checkString("Kubernetes – “K8s” 日本 ÿ", 30), "printable Unicode is fine")
}

func TestMergeErrorsEscapeWhatTheyQuote(t *testing.T) {
	base, err := Default()
	require.NoError(t, err)
	tests := []struct {
		name, doc, want string
	}{
		{"an unknown field", "distros:\n  - id: k3s\n    \"\\e]0;pwned\\a\": 1\n", `line 3: field \x1b]0;pwned\a not found`},
		{"many unknown fields", "distros:\n  - {id: k3s, a: 1, b: 2, c: 3}\n", "field a not found in type catalog.Distro (and 2 more errors)"},
		{"a duplicate id with an escape", "distros:\n  - id: \"\\e\"\n  - id: \"\\e\"\n", `line 2, column 5: distro "\x1b": field id: "\x1b" is not a valid id`},
		{"a duplicate role with a bidi control", "distros:\n  - id: k3s\n    roles: [{name: \"\\u202e\"}, {name: \"\\u202e\"}]\n", `role "\u202e": field name: contains U+202E, a bidi control`},
		{"an unknown source among many", "distros:\n  - id: new\n    roles: [{name: server, memory: {min: 1GB, source: nope}}]\n    sources:\n" + manySources(60),
			`s48, s49, and 10 more)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := base.Merge(strings.NewReader(tt.doc), "bad.yaml")
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			assert.Empty(t, checkString(err.Error(), 1000), "the error is printable and short: %q", err)
		})
	}
}

func manySources(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "      s%02d: {url: https://example.org, quote: q, seen: d}\n", i)
	}
	return b.String()
}

func TestBuiltinStringsAreSafe(t *testing.T) {
	c := builtinCatalog()
	for _, d := range c.Distros {
		assert.True(t, validID(d.ID), d.ID)
		for _, r := range d.Roles {
			assert.True(t, validID(r.Name), "%s:%s", d.ID, r.Name)
		}
	}
	_, err := Default()
	require.NoError(t, err)
}

// Each range of runes a catalog may not hold, at its ends and just past
// them.
func TestBadRuneAtTheEdges(t *testing.T) {
	const (
		ok      = ""
		control = "a control character"
		bidi    = "a bidi control"
		lineSep = "a line separator"
	)
	tests := []struct {
		r    rune
		want string
	}{
		{0x00, control}, {0x1f, control}, {0x20, ok}, {0x7e, ok}, {0x7f, control},
		{0x80, control}, {0x9f, control}, {0xa0, ok},
		{0x061b, ok}, {0x061c, bidi}, {0x061d, ok},
		{0x200d, ok}, {0x200e, bidi}, {0x200f, bidi}, {0x2010, ok},
		{0x2027, ok}, {0x2028, lineSep}, {0x2029, lineSep},
		{0x202a, bidi}, {0x202e, bidi}, {0x202f, ok},
		{0x2065, ok}, {0x2066, bidi}, {0x2069, bidi}, {0x206a, ok},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, badRune(tt.r), "%U", tt.r)
	}
}

func TestLabelQuoteAndSomeAtTheirLimits(t *testing.T) {
	a := func(n int) string { return strings.Repeat("a", n) }
	assert.Equal(t, a(maxID), label(a(maxID)), "a plain word of maxID characters is printed as it is")
	assert.Equal(t, `"`+a(maxID)+`..."`, label(a(maxID+1)), "a longer one is quoted and cut")
	assert.Equal(t, `"k3s:server"`, label("k3s:server"))
	assert.Equal(t, "k3s", label("k3s"))
	assert.Equal(t, `"`+a(maxID-1)+`é"`, quote(a(maxID-1)+"é"), "quote counts runes, not bytes")
	assert.Equal(t, `"`+a(maxID-1)+`é..."`, quote(a(maxID-1)+"éé"))

	items := func(n int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = fmt.Sprint(i)
		}
		return out
	}
	assert.Equal(t, strings.Join(items(50), ", "), some(items(50)))
	assert.Equal(t, strings.Join(items(50), ", ")+", and 1 more", some(items(51)))
	assert.Equal(t, "", some(nil))
}

func TestFieldName(t *testing.T) {
	assert.Equal(t, "cgroup.require[1]", fieldName([]any{"cgroup", "require", 1}))
	assert.Equal(t, "sources.req.quote", fieldName([]any{"sources", "req", "quote"}))
	assert.Equal(t, `[0].sources."a b"`, fieldName([]any{0, "sources", "a b"}))
	assert.Equal(t, "", fieldName(nil))
}

func TestValidateNamesTheFirstBadStringInOrder(t *testing.T) {
	var sources strings.Builder
	for _, k := range []string{"e", "c", "a", "d", "b"} {
		fmt.Fprintf(&sources, "      %s: {url: https://example.org, quote: \"q\\e\", seen: d}\n", k)
	}
	src := strings.Replace(good, `      s: {url: https://example.org/req, quote: "1 CPU, 1 GB", seen: "2026-11-26"}`+"\n", sources.String(), 1)
	require.NotEqual(t, good, src)
	for range 3 { // maps are walked in a new order each time
		_, err := parse(strings.NewReader(src), "user.yaml")
		assert.EqualError(t, err, "catalog user.yaml: line 18, column 37: distro demo: field sources.a.quote: contains U+001B, a control character")
	}
}

func TestIDsAtTheirLimit(t *testing.T) {
	id := strings.Repeat("a", maxID)
	src := strings.Replace(strings.Replace(good, "id: demo", "id: "+id, 1), "- name: node", "- name: "+id, 1)
	c, err := parse(strings.NewReader(src), "user.yaml")
	require.NoError(t, err, "an id and a role name of maxID characters are taken")
	assert.Equal(t, []string{id, id + ":" + id}, c.IDs())

	_, err = parse(strings.NewReader(strings.Replace(good, "- name: node", "- name: "+id+"a", 1)), "user.yaml")
	assert.EqualError(t, err, fmt.Sprintf(`catalog user.yaml: line 9, column 9: distro demo: role "%s...": field name: "%s..." is not a valid role name`, id, id))
}
