package catalog

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// full is a distro with every field a user may give, with values that
// differ from those of fullOther.
const full = `distros:
  - id: demo
    name: Demo
    homepage: https://example.org
    version: v1
    cni: [x]
    cri: [y]
    roles:
      - name: node
        cluster: single
        os: {values: [linux], source: s}
        osIDs: {values: [debian], source: s}
        arch: {values: [amd64], source: s}
        cpuFlags: {arch: {amd64: [sse4_2]}, level: x86-64-v2, source: s}
        cpus: {min: 1, source: s}
        memory: {min: 1GB, source: s}
        disk: {min: 10GB, source: s}
        cgroup: {v1: ok, require: [memory], source: s}
        kernel: {require: [VXLAN], source: s}
        swap: {verdict: warn, source: s}
        init: {anyOf: [systemd], missing: warn, source: s}
        tools: {anyOf: [docker], missing: fail, source: s}
        ports: {tcp: [6443], source: s}
        storage: {avoid: [sd], source: s}
        footprint: {memory: 500MB, source: s}
        oldTable: the old table says 512 MB
    sources:
      s: {url: https://example.org/req, quote: "1 CPU, 1 GB", seen: "2026-11-26"}
`

const fullOther = `distros:
  - id: demo
    name: Other
    homepage: https://example.com
    version: v2
    cni: [flannel]
    cri: [containerd]
    replacesOS: true
    roles:
      - name: node
        cluster: node
        os: {values: [linux, windows], source: s}
        osIDs: {values: [alpine], source: s}
        arch: {values: [arm64], source: s}
        cpuFlags: {arch: {arm64: [asimd]}, source: s}
        cpus: {min: 2, source: s}
        memory: {min: 2GB, source: s}
        disk: {min: 20GB, source: s}
        cgroup: {v1: fail, require: [pids], source: s}
        kernel: {require: [BRIDGE], source: s}
        swap: {verdict: fail, source: s}
        init: {anyOf: [openrc], missing: fail, source: s}
        tools: {anyOf: [podman], missing: warn, source: s}
        ports: {udp: [8472], source: s}
        storage: {avoid: [hdd], source: s}
        footprint: {unknown: not measured, source: s}
        oldTable: the old table says 2 GB
    sources:
      s: {url: https://example.com/req, quote: "2 CPUs, 2 GB", seen: "2026-11-27"}
`

func TestMergeReplacesEachFieldItGives(t *testing.T) {
	base, err := parse(strings.NewReader(full), "full.yaml")
	require.NoError(t, err)
	want, err := parse(strings.NewReader(fullOther), "other.yaml")
	require.NoError(t, err)
	require.NotEqual(t, base.Distros[0].Name, want.Distros[0].Name)

	got, err := base.Merge(strings.NewReader(fullOther), "other.yaml")
	require.NoError(t, err)
	assert.Equal(t, want.Distros, got.Distros, "every field given replaces the base's")

	again, err := parse(strings.NewReader(full), "full.yaml")
	require.NoError(t, err)
	assert.Equal(t, again.Distros, base.Distros, "the base is not changed")
}

func TestMergeKeepsEachFieldItDoesNotGive(t *testing.T) {
	base, err := parse(strings.NewReader(full), "full.yaml")
	require.NoError(t, err)
	for _, doc := range []string{
		"distros:\n  - id: demo\n",
		"distros:\n  - id: demo\n    roles:\n      - name: node\n",
		"distros:\n  - id: demo\n    replacesOS: false\n    roles:\n      - name: node\n        standalone: false\n",
	} {
		got, err := base.Merge(strings.NewReader(doc), "empty.yaml")
		require.NoError(t, err)
		assert.Equal(t, base.Distros, got.Distros, "%s", doc)
	}
	// A new source is added to those of the base.
	got, err := base.Merge(strings.NewReader("distros:\n  - id: demo\n    sources:\n      t: {url: https://example.net, quote: q, seen: d}\n"), "more.yaml")
	require.NoError(t, err)
	assert.Equal(t, []string{"s", "t"}, slices.Sorted(maps.Keys(got.Distros[0].Sources)))
	assert.Equal(t, []string{"s"}, slices.Sorted(maps.Keys(base.Distros[0].Sources)), "the base keeps its sources")
}

// setLimits sets maxDistros and maxRoles for one test.
func setLimits(t *testing.T, distros, roles int) {
	d, r := maxDistros, maxRoles
	maxDistros, maxRoles = distros, roles
	t.Cleanup(func() { maxDistros, maxRoles = d, r })
}

// twoRoles is a catalog of two distros, the first of two roles.
const twoRoles = `distros:
  - id: demo
    name: Demo
    version: v1
    roles:
      - {name: a, cluster: single, os: {values: [linux], source: s}, arch: {values: [amd64], source: s}}
      - {name: b, cluster: single, os: {values: [linux], source: s}, arch: {values: [amd64], source: s}}
    sources:
      s: {url: https://example.org/req, quote: q, seen: d}
  - id: other
    name: Other
    version: v1
    roles:
      - {name: a, cluster: single, os: {values: [linux], source: s}, arch: {values: [amd64], source: s}}
    sources:
      s: {url: https://example.org/req, quote: q, seen: d}
`

// Errors about a merged catalog point into the user's file: at the role or
// the distro the user gave, or at the catalog underneath.
func TestMergeErrorsPointIntoTheUsersFile(t *testing.T) {
	base, err := parse(strings.NewReader(twoRoles), "base.yaml")
	require.NoError(t, err)
	newRole := "      - {name: c, cluster: single, os: {values: [linux], source: s}, arch: {values: [amd64], source: s}}\n"
	tests := []struct {
		name           string
		distros, roles int
		doc, want      string
	}{
		{"a role the user gives", 1000, 2, "distros:\n  - id: demo\n    roles:\n" + newRole,
			"catalog user.yaml: line 4, column 9: distro demo: more than 2 roles in all distros"},
		{"a role of the base, in a distro the user gives", 1000, 1, "distros:\n  - id: demo\n    roles:\n" + newRole,
			"catalog user.yaml: line 2, column 5: distro demo: more than 1 roles in all distros"},
		{"a role the user gives to a later distro", 1000, 3, "distros:\n  - id: other\n    roles:\n" + newRole,
			"catalog user.yaml: line 4, column 9: distro other: more than 3 roles in all distros"},
		{"a role of the base, in a distro the user does not give", 1000, 2, "distros:\n  - id: demo\n    name: Mine\n",
			"catalog user.yaml: the built-in catalog: distro other: more than 2 roles in all distros"},
		{"a distro of the base", 1, 1000, "distros:\n  - id: demo\n    name: Mine\n",
			"catalog user.yaml: the built-in catalog: more than 1 distros"},
		{"a role the user gives second", 1000, 1000,
			"distros:\n  - id: demo\n    roles:\n" + newRole + "      - name: a\n        memory: {min: -1GB, source: s}\n",
			`catalog user.yaml: line 6, column 17: distro demo: role a: field memory: min: size "-1GB" is negative`},
		{"a role of the base the user gives second", 1000, 1000,
			"distros:\n  - id: demo\n    roles:\n      - name: b\n      - name: a\n        memory: {min: 1GB, recommended: 1MB, source: s}\n",
			`catalog user.yaml: line 6, column 17: distro demo: role a: field memory: min 1GB is above recommended 1MB`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			setLimits(t, tt.distros, tt.roles)
			_, err := base.Merge(strings.NewReader(tt.doc), "user.yaml")
			assert.EqualError(t, err, tt.want)
		})
	}
}
