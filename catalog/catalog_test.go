package catalog

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDefaultCatalogParsesAndValidates(t *testing.T) {
	c, err := Default()
	require.NoError(t, err)

	want := map[string][]string{
		"k3s":      {"server", "agent"},
		"k0s":      {"controller", "worker", "controller+worker"},
		"microk8s": {"node"},
		"minikube": {"node"},
	}
	for id, roles := range want {
		d := c.Distro(id)
		require.NotNil(t, d, id)
		for _, r := range roles {
			require.NotNil(t, d.Role(r), "%s:%s", id, r)
		}
		assert.NotEmpty(t, d.CNI, id)
		assert.NotEmpty(t, d.CRI, id)
	}
	// Every number is cited.
	for _, d := range c.Distros {
		for _, r := range d.Roles {
			for _, q := range []*Requirement{r.CPUs, r.Memory, r.Disk} {
				if q != nil {
					require.NotNil(t, q.Cite, "%s:%s", d.ID, r.Name)
					assert.True(t, strings.HasPrefix(q.Cite.URL, "https://"))
					assert.NotEmpty(t, q.Cite.Quote)
				}
			}
		}
	}
	// The documented figures, as current docs give them.
	k3s := c.Distro("k3s")
	assert.Equal(t, 2.0, k3s.Role("server").CPUs.MinValue)
	assert.Equal(t, 2e9, k3s.Role("server").Memory.MinValue)
	assert.Equal(t, 512e6, k3s.Role("agent").Memory.MinValue)
	assert.Equal(t, 0.5e9, c.Distro("k0s").Role("worker").Memory.MinValue)
	mk := c.Distro("microk8s").Role("node")
	assert.Nil(t, mk.CPUs, "MicroK8s documents no CPU figure")
	assert.Equal(t, 540e6, mk.Memory.MinValue)
	assert.Equal(t, 4e9, mk.Memory.RecommendedValue)
	assert.Equal(t, 20e9, c.Distro("minikube").Role("node").Disk.MinValue)
	for _, id := range []string{"k3s:server", "microk8s:node", "minikube:node"} {
		d, r, _ := strings.Cut(id, ":")
		assert.NotEmpty(t, c.Distro(d).Role(r).OldTable, "%s differs from the old table", id)
	}
}

const good = `distros:
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
        arch: {values: [amd64], source: s}
        cpus: {min: 1, recommended: 2, source: s}
        memory: {min: 1GB, source: s}
    sources:
      s: {url: https://example.org/req, quote: "1 CPU, 1 GB", seen: "2026-11-26"}
`

func TestParseRejectsBadCatalogsWithPosition(t *testing.T) {
	tests := []struct {
		name, old, new string
		want           []string
	}{
		{"unknown field", "    cni: [x]", "    cni: [x]\n    colour: red", []string{"line 7", "field colour not found"}},
		{"negative size", "memory: {min: 1GB", "memory: {min: -1GB", []string{"distro demo", "role node", "field memory", "line 14, column 17"}},
		{"size without unit", "memory: {min: 1GB", "memory: {min: 1", []string{"role node", "field memory", "has no unit"}},
		{"min above recommended", "cpus: {min: 1, recommended: 2", "cpus: {min: 4, recommended: 2", []string{"role node", "field cpus", "min 4 is above recommended 2", "line 13"}},
		{"missing source", "memory: {min: 1GB, source: s}", "memory: {min: 1GB, source: nope}", []string{"role node", "field memory.source", `source "nope"`}},
		{"duplicate role", "      - name: node\n", "      - name: node\n        cluster: single\n        os: {values: [linux], source: s}\n        arch: {values: [amd64], source: s}\n      - name: node\n", []string{"role node", "duplicate role"}},
		{"no arch", "        arch: {values: [amd64], source: s}\n", "", []string{"role node", "field arch", "missing"}},
		{"source without url", "url: https://example.org/req, ", "", []string{"distro demo", "sources.s"}},
		{"wrong type", "cni: [x]", "cni: {a: b}", []string{"line 6"}},
		{"no version", "    version: v1\n", "", []string{"distro demo", "field version: missing"}},
		{"footprint without figures", "        memory: {min: 1GB, source: s}\n", "        memory: {min: 1GB, source: s}\n        footprint: {source: s}\n", []string{"role node", "field footprint", "needs memory, cpu or unknown"}},
		{"bad id", "id: demo", "id: Demo!", []string{"field id", "not a valid id"}},
		{"minOfMemTotal on CPUs", "cpus: {min: 1, recommended: 2, source: s}", "cpus: {min: 1, recommended: 2, source: s, minOfMemTotal: true, minOfSource: s}", []string{"role node", "field cpus.minOfMemTotal", "memory only"}},
		{"minOfMemTotal without its source", "memory: {min: 1GB, source: s}", "memory: {min: 1GB, source: s, minOfMemTotal: true}", []string{"field memory.minOfMemTotal", "with a min and a minOfSource"}},
		{"minOfSource unknown", "memory: {min: 1GB, source: s}", "memory: {min: 1GB, source: s, minOfMemTotal: true, minOfSource: nope}", []string{"field memory.minOfSource", `source "nope"`}},
		{"unknown cluster kind", "cluster: single", "cluster: solo", []string{"role node", "field cluster", `"solo" is not server, agent, node or single`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := strings.Replace(good, tt.old, tt.new, 1)
			require.NotEqual(t, good, src, "the test's edit must apply")
			_, err := parse(strings.NewReader(src), "user.yaml")
			require.Error(t, err)
			assert.Contains(t, err.Error(), "catalog user.yaml")
			for _, w := range tt.want {
				assert.Contains(t, err.Error(), w)
			}
		})
	}
	_, err := parse(strings.NewReader(good), "user.yaml")
	require.NoError(t, err, "the base of the table must be valid")
}

func TestParseRejectsDuplicateDistro(t *testing.T) {
	body := strings.TrimPrefix(good, "distros:\n")
	_, err := parse(strings.NewReader("distros:\n"+body+body), "dup.yaml")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "duplicate distro id")
	assert.Contains(t, err.Error(), "line 17")
}

func TestSelect(t *testing.T) {
	c, err := Default()
	require.NoError(t, err)

	s, err := c.Select([]Spec{{"k3s", "agent", ""}, {"k0s", "", ""}, {"k3s", "server", ""}})
	require.NoError(t, err)
	require.Len(t, s.Distros, 2)
	assert.Equal(t, []string{"k3s:agent", "k3s:server"}, s.Distros[0].RoleIDs())
	assert.Len(t, s.Distros[1].Roles, 3)
	assert.Len(t, c.Distro("k3s").Roles, 2, "Select must not change the catalog")

	_, err = c.Select([]Spec{{Distro: "k9s"}})
	assert.ErrorContains(t, err, `unknown distro "k9s"; valid: k3s, k3s:server`)
	_, err = c.Select([]Spec{{"k3s", "worker", ""}})
	assert.ErrorContains(t, err, `unknown role "worker" for k3s; valid: k3s:server, k3s:agent`)
}
