package catalog

import (
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// liftLimits lets a test or benchmark measure past maxDistros and maxRoles.
func liftLimits(tb testing.TB) {
	d, r := maxDistros, maxRoles
	maxDistros, maxRoles = 1<<30, 1<<30
	tb.Cleanup(func() { maxDistros, maxRoles = d, r })
}

// distroLines writes n complete distributions of k roles, one a line, from
// line 2 of a catalog.
func distroLines(n, k int) string {
	var b strings.Builder
	b.WriteString("distros:\n")
	role := "{name: r%d, cluster: single, os: {values: [linux], source: s}, arch: {values: [amd64], source: s}}"
	for i := range n {
		roles := make([]string, k)
		for j := range roles {
			roles[j] = fmt.Sprintf(role, j)
		}
		fmt.Fprintf(&b, "  - {id: g%d, name: G, version: v, roles: [%s], sources: {s: {url: 'https://x', quote: q, seen: d}}}\n", i, strings.Join(roles, ", "))
	}
	return b.String()
}

func TestMergeLimitsDistrosAndRoles(t *testing.T) {
	base, err := Default()
	require.NoError(t, err)
	builtinRoles := 0
	for _, d := range base.Distros {
		builtinRoles += len(d.Roles)
	}
	room := maxDistros - len(base.Distros)

	_, err = base.Merge(strings.NewReader(distroLines(room, 1)), "full.yaml")
	require.NoError(t, err, "a catalog of exactly %d distros is taken", maxDistros)
	_, err = base.Merge(strings.NewReader(distroLines(room+1, 1)), "big.yaml")
	assert.EqualError(t, err, fmt.Sprintf("catalog big.yaml: line %d, column 5: more than %d distros", room+2, maxDistros))

	_, err = base.Merge(strings.NewReader(distroLines(1, maxRoles-builtinRoles)), "full.yaml")
	require.NoError(t, err, "%d roles in all are taken", maxRoles)
	_, err = base.Merge(strings.NewReader(distroLines(2, (maxRoles-builtinRoles)/2+1)), "big.yaml")
	assert.ErrorContains(t, err, "catalog big.yaml: line 3, column ")
	assert.ErrorContains(t, err, fmt.Sprintf(": distro g1: more than %d roles in all distros", maxRoles))
	_, err = parse(strings.NewReader(distroLines(maxDistros+1, 1)), "big.yaml")
	assert.ErrorContains(t, err, fmt.Sprintf("line %d, column 5: more than %d distros", maxDistros+2, maxDistros), "Parse")
}

// laughs is a "billion laughs" catalog: n distros of n roles, each of n
// operating systems, from a few kilobytes of aliases.
func laughs(n int) string {
	var b strings.Builder
	list := func(alias string) string {
		return "[" + strings.TrimSuffix(strings.Repeat("*"+alias+", ", n), ", ") + "]"
	}
	fmt.Fprintf(&b, "distros:\n  - id: a\n    name: &s lol\n    roles:\n      - &r {name: r, os: {values: %s}}\n", list("s"))
	fmt.Fprintf(&b, "  - &d {id: b, roles: %s}\n", list("r"))
	for range n {
		b.WriteString("  - *d\n")
	}
	return b.String()
}

// The YAML library bounds alias expansion (by the share of decoded nodes
// that come from aliases) and nesting (10,000 levels): hostile catalogs
// fail within a few MB.
func TestHostileYAMLFailsFast(t *testing.T) {
	base, err := Default()
	require.NoError(t, err)
	tests := []struct {
		name, doc, want string
	}{
		{"a billion laughs", laughs(1000), "document contains excessive aliasing"},
		{"deeply nested lists", "distros: [{id: a, cni: " + strings.Repeat("[", 200_000) + "}]", "exceeded max depth of 10000"},
		{"deeply nested blocks", "distros:\n" + strings.Repeat(" - ", 100_000) + "x\n", "exceeded max depth of 10000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			_, err := base.Merge(strings.NewReader(tt.doc), "hostile.yaml")
			runtime.ReadMemStats(&after)
			assert.ErrorContains(t, err, "catalog hostile.yaml: ")
			assert.ErrorContains(t, err, tt.want)
			assert.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(64<<20), "bytes allocated")
		})
	}
}

func TestSelectErrorsStayShortOnBigCatalogs(t *testing.T) {
	base, err := Default()
	require.NoError(t, err)
	big, err := base.Merge(strings.NewReader(distroLines(500, 1)), "big.yaml")
	require.NoError(t, err)
	_, err = big.Select([]Spec{{Distro: "k9s"}})
	assert.EqualError(t, err, fmt.Sprintf(`unknown distro "k9s"; valid: %s, and %d more`, strings.Join(big.IDs()[:50], ", "), len(big.IDs())-50))
	_, err = big.Select([]Spec{{Distro: "k3s", Role: "\x1b"}})
	assert.ErrorContains(t, err, `unknown role "\x1b" for k3s`)
}
