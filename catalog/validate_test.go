package catalog

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Each check of a role's values and sources, with the whole error.
func TestValidateRejectsEachBadValue(t *testing.T) {
	tests := []struct {
		name, old, new string
		want           string
	}{
		{"an unknown recommendedSource", "cpus: {min: 1, recommended: 2, source: s}", "cpus: {min: 1, recommended: 2, source: s, recommendedSource: t}",
			`line 13, column 15: distro demo: role node: field cpus.recommendedSource: source "t" is not under sources (have: s)`},
		{"an unknown v1Source", "        memory: {min: 1GB, source: s}\n", "        memory: {min: 1GB, source: s}\n        cgroup: {v1: warn, v1Source: t, source: s}\n",
			`line 15, column 17: distro demo: role node: field cgroup.v1Source: source "t" is not under sources (have: s)`},
		{"a requirement without a source", "memory: {min: 1GB, source: s}", "memory: {min: 1GB}",
			`line 14, column 17: distro demo: role node: field memory.source: every requirement needs a source`},
		{"a minOfSource without minOfMemTotal", "memory: {min: 1GB, source: s}", "memory: {min: 1GB, source: s, minOfSource: s}",
			`line 14, column 17: distro demo: role node: field memory.minOfSource: goes with minOfMemTotal: true`},
		{"minOfMemTotal without a min", "memory: {min: 1GB, source: s}", "memory: {recommended: 1GB, source: s, minOfMemTotal: true, minOfSource: s}",
			`line 14, column 17: distro demo: role node: field memory.minOfMemTotal: goes with memory only, with a min and a minOfSource`},
		{"no CPUs", "cpus: {min: 1,", "cpus: {min: 0,", `line 13, column 15: distro demo: role node: field cpus: min: "0" is not a positive CPU count`},
		{"a CPU count that is no number", "recommended: 2, source: s}", "recommended: two, source: s}", `line 13, column 15: distro demo: role node: field cpus: recommended: "two" is not a positive CPU count`},
		{"a size that is no size", "memory: {min: 1GB", "memory: {min: 1GB, recommended: lots", `line 14, column 17: distro demo: role node: field memory: recommended: size "lots" is not a number with a unit (e.g. 4GB, 512MB, 3.5GiB)`},
		{"a requirement without figures", "memory: {min: 1GB, source: s}", "memory: {source: s}", `line 14, column 17: distro demo: role node: field memory: needs min, recommended or both`},
		{"a bad footprint size", "        memory: {min: 1GB, source: s}\n", "        memory: {min: 1GB, source: s}\n        footprint: {memory: much, source: s}\n",
			`line 9, column 9: distro demo: role node: field footprint.memory: size "much" is not a number with a unit (e.g. 4GB, 512MB, 3.5GiB)`},
		{"a footprint with figures that are unknown", "        memory: {min: 1GB, source: s}\n", "        memory: {min: 1GB, source: s}\n        footprint: {cpu: 0.1, unknown: not measured, source: s}\n",
			`line 15, column 20: distro demo: role node: field footprint: has figures and says they are unknown`},
		{"a footprint with memory that is unknown", "        memory: {min: 1GB, source: s}\n", "        memory: {min: 1GB, source: s}\n        footprint: {memory: 1GB, unknown: not measured, source: s}\n",
			`line 15, column 20: distro demo: role node: field footprint: has figures and says they are unknown`},
		{"a negative footprint", "        memory: {min: 1GB, source: s}\n", "        memory: {min: 1GB, source: s}\n        footprint: {cpu: -0.1, source: s}\n",
			`line 9, column 9: distro demo: role node: field footprint.cpu: -0.1 is negative`},
		{"an unknown cgroup v1 verdict", "        memory: {min: 1GB, source: s}\n", "        memory: {min: 1GB, source: s}\n        cgroup: {v1: maybe, source: s}\n",
			`line 9, column 9: distro demo: role node: field cgroup.v1: "maybe" is not ok, warn or fail`},
		{"an unknown swap verdict", "        memory: {min: 1GB, source: s}\n", "        memory: {min: 1GB, source: s}\n        swap: {verdict: ok, source: s}\n",
			`line 9, column 9: distro demo: role node: field swap.verdict: "ok" is not warn or fail`},
		{"an unknown verdict for missing tools", "        memory: {min: 1GB, source: s}\n", "        memory: {min: 1GB, source: s}\n        tools: {anyOf: [docker], missing: ok, source: s}\n",
			`line 9, column 9: distro demo: role node: field tools.missing: "ok" is not warn or fail`},
		{"init without systems", "        memory: {min: 1GB, source: s}\n", "        memory: {min: 1GB, source: s}\n        init: {missing: warn, source: s}\n",
			`line 15, column 15: distro demo: role node: field init: needs allOf or anyOf`},
		{"an unknown medium", "        memory: {min: 1GB, source: s}\n", "        memory: {min: 1GB, source: s}\n        storage: {avoid: [sd, tape], source: s}\n",
			`line 9, column 9: distro demo: role node: field storage.avoid: "tape" is not hdd or sd`},
		{"an os without values", "os: {values: [linux], source: s}", "os: {values: [], source: s}",
			`line 11, column 13: distro demo: role node: field os: missing (list the accepted values with a source)`},
		{"a source over http", "url: https://example.org/req", "url: http://example.org/req",
			`line 16, column 10: distro demo: field sources.s: needs an https url, a quote and the date it was seen`},
		{"a source without a quote", `quote: "1 CPU, 1 GB", `, "",
			`line 16, column 10: distro demo: field sources.s: needs an https url, a quote and the date it was seen`},
		{"a source without a date", `, seen: "2026-11-26"`, "",
			`line 16, column 10: distro demo: field sources.s: needs an https url, a quote and the date it was seen`},
		{"no name", "    name: Demo\n", "", `line 2, column 5: distro demo: field name: missing`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := strings.Replace(good, tt.old, tt.new, 1)
			require.NotEqual(t, good, src, "the test's edit must apply")
			_, err := parse(strings.NewReader(src), "user.yaml")
			require.Error(t, err)
			assert.EqualError(t, err, "catalog user.yaml: "+tt.want)
		})
	}
	_, err := parse(strings.NewReader("distros:\n  - {id: demo, name: Demo, version: v1}\n"), "user.yaml")
	assert.EqualError(t, err, "catalog user.yaml: line 2, column 5: distro demo: field roles: a distro needs at least one role")
}

func TestValidateAcceptsAndResolves(t *testing.T) {
	src := strings.Replace(good, "    sources:\n", "    sources:\n      t: {url: https://example.org/t, quote: q, seen: d}\n", 1)
	src = strings.Replace(src, "cpus: {min: 1, recommended: 2, source: s}", "cpus: {min: 2, recommended: 2, source: s, recommendedSource: t}", 1)
	src = strings.Replace(src, "memory: {min: 1GB, source: s}", "memory: {min: 1GB, source: s, minOfMemTotal: true, minOfSource: t}\n"+
		"        disk: {recommended: 10GB, source: s}\n"+
		"        cgroup: {v1: fail, v1Source: t, source: s}\n"+
		"        footprint: {cpu: 0.25, source: s}\n"+
		"        init: {allOf: [systemd], anyOf: [openrc], missing: warn, source: s}", 1)
	c, err := parse(strings.NewReader(src), "user.yaml")
	require.NoError(t, err)
	r := c.Distros[0].Role("node")
	srcS, srcT := c.Distros[0].Sources["s"], c.Distros[0].Sources["t"]
	assert.Equal(t, 2.0, r.CPUs.MinValue, "a min equal to the recommendation is taken")
	assert.Equal(t, 2.0, r.CPUs.RecommendedValue)
	assert.Equal(t, &srcS, r.CPUs.Cite)
	assert.Equal(t, &srcT, r.CPUs.RecommendedCite)
	assert.Equal(t, &srcS, r.Memory.RecommendedCite, "without recommendedSource, the source")
	assert.Equal(t, &srcT, r.Memory.MinOfCite)
	assert.Equal(t, 1e9, r.Memory.MinValue)
	assert.Equal(t, 0.0, r.Disk.MinValue)
	assert.Equal(t, 10e9, r.Disk.RecommendedValue)
	assert.Equal(t, &srcT, r.Cgroup.V1Cite)
	assert.Equal(t, 0.25, r.Footprint.CPU, "a footprint of CPU alone")
	assert.Equal(t, []string{"openrc"}, r.Init.AnyOf, "allOf and anyOf together")

	src = strings.Replace(good, "memory: {min: 1GB, source: s}", "memory: {min: 1GB, source: s}\n        cgroup: {v1: ok, source: s}\n        footprint: {memory: 200MiB, source: s}", 1)
	c, err = parse(strings.NewReader(src), "user.yaml")
	require.NoError(t, err)
	r = c.Distros[0].Role("node")
	assert.Equal(t, r.Cgroup.Cite, r.Cgroup.V1Cite, "without v1Source, the source")
	assert.Equal(t, float64(200<<20), r.Footprint.MemoryBytes)
}

func TestKernelOptionLength(t *testing.T) {
	name := func(n int) string { return strings.Repeat("A", n) }
	at := name(64) + "|" + name(63)
	_, err := parse(strings.NewReader(withRole("        kernel: {require: [\""+at+"\"], source: s}\n")), "user.yaml")
	require.NoError(t, err, "an option of maxWord characters with its aliases is taken")
	_, err = parse(strings.NewReader(withRole("        kernel: {require: [\""+at+"B\"], source: s}\n")), "user.yaml")
	assert.EqualError(t, err, "catalog user.yaml: line 15, column 28: distro demo: role node: field kernel.require[0]: is 129 characters long; at most 128")
	assert.Equal(t, "", checkKernelOption(KernelOption{Name: "VXLAN", Aliases: []string{"VXLAN_OLD"}}))
	assert.Equal(t, `"CONFIG_X": write the option without CONFIG_`, checkKernelOption(KernelOption{Name: "VXLAN", Aliases: []string{"CONFIG_X"}}), "aliases are checked too")
}
