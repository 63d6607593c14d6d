package catalog

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSameRelease(t *testing.T) {
	tests := []struct {
		asked, version string
		want           bool
	}{
		{"v1.34", "v1.34", true},
		{"1.34", "v1.34", true},
		{"V1.34", "v1.34", true},
		{"v1.34.5+k3s1", "v1.34", true}, // INSTALL_K3S_VERSION
		{"v1.34.5-k3s1", "v1.34", true}, // k3d's image tag
		{"v1.3", "v1.34", false},
		{"v1.340", "v1.34", false},
		{"v1.34", "v1.34.5", false},
		{"", "v1.34", false},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, sameRelease(tt.asked, tt.version), "%q names %q", tt.asked, tt.version)
	}
}

func TestOlderThan(t *testing.T) {
	assert.True(t, OlderThan("v1.34", "v1.35"))
	assert.True(t, OlderThan("v1.9", "v1.10"), "numbers, not strings")
	assert.True(t, OlderThan("4.18", "4.22"))
	assert.True(t, OlderThan("v1.35", "v1.35.2"))
	assert.False(t, OlderThan("v1.36", "v1.35"))
	assert.False(t, OlderThan("v1.35", "v1.35"))
}

func TestReleasesOfTheBuiltInCatalog(t *testing.T) {
	c, err := Default()
	require.NoError(t, err)
	k3s := c.Distro("k3s")
	assert.Equal(t, "v1.36", k3s.Version)
	require.NotNil(t, k3s.VersionCite, "the current release is cited")
	assert.Equal(t, []string{"v1.36", "v1.37", "v1.35", "v1.34", "v1.33"}, k3s.Versions())

	cur := k3s.Role("server").Cgroup
	assert.Equal(t, "fail", cur.V1, "kubelets from 1.35 refuse cgroup v1")
	assert.Contains(t, cur.V1OptOut, "/var/lib/rancher/k3s/agent/etc/kubelet.conf.d/")

	old, err := k3s.At("v1.34.5+k3s1")
	require.NoError(t, err)
	assert.Equal(t, "v1.34", old.Version)
	assert.Equal(t, "warn", old.Role("server").Cgroup.V1)
	assert.Equal(t, "warn", old.Role("agent").Cgroup.V1)
	require.NotNil(t, old.Role("server").Cgroup.Cite, "an older release's requirements are resolved")
	assert.Equal(t, k3s.Role("server").Memory, old.Role("server").Memory, "what the release does not state is the current one's")
	assert.Equal(t, "fail", k3s.Role("server").Cgroup.V1, "At does not change the current release")

	same, err := k3s.At("1.36")
	require.NoError(t, err)
	assert.Same(t, k3s, same)

	_, err = k3s.At("v1.29")
	assert.EqualError(t, err, `unknown release "v1.29" of k3s; known: v1.36, v1.37, v1.35, v1.34, v1.33`)

	for _, d := range c.Distros {
		assert.NotEmpty(t, d.VersionSource, "%s names why its version is current", d.ID)
		assert.Contains(t, Purposes(), d.PurposeOf(), d.ID)
	}
	assert.Equal(t, PurposeOS, c.Distro("talos").PurposeOf())
	assert.Equal(t, PurposeDev, c.Distro("kind").PurposeOf())
}

func TestSupportedOn(t *testing.T) {
	r := Release{Version: "v1.34", EndOfSupport: "2026-10-27"}
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	assert.True(t, r.SupportedOn(day("2026-10-27")), "the last day is still supported")
	assert.False(t, r.SupportedOn(day("2026-10-28")))
	assert.False(t, Release{Version: "v1"}.SupportedOn(day("2000-01-01")), "no end of support: not counted on")
}

func TestSelectARelease(t *testing.T) {
	c, err := Default()
	require.NoError(t, err)
	specs, err := ParseSpecs([]string{"K3s@v1.34:Server,k3s:server"})
	require.NoError(t, err)
	assert.Equal(t, []Spec{{"k3s", "server", "v1.34"}, {"k3s", "server", ""}}, specs, "ids and roles without regard to case")
	s, err := c.Select(specs)
	require.NoError(t, err)
	require.Len(t, s.Distros, 2, "two releases of one distribution are judged apart")
	assert.Equal(t, "v1.34", s.Distros[0].Version)
	assert.Equal(t, "v1.36", s.Distros[1].Version)

	_, err = c.Select([]Spec{{Distro: "kind", Version: "v0.20"}})
	assert.ErrorContains(t, err, `unknown release "v0.20" of kind; known: v0.33, v0.32, v0.31, v0.30`)

	_, err = ParseSpecs([]string{"k3s@"})
	assert.ErrorContains(t, err, `"k3s@" is not ID, ID:ROLE, ID@VERSION or ID@VERSION:ROLE`)
	assert.True(t, Spec{"k3s", "", "v1.34.2"}.Matches("k3s", "v1.34", "agent"))
	assert.False(t, Spec{"k3s", "", "v1.34"}.Matches("k3s", "v1.36", "agent"))
	assert.Equal(t, "k3s@v1.34:server", Spec{"k3s", "server", "v1.34"}.String())
}

func TestReleaseErrorsNameTheField(t *testing.T) {
	base, err := Default()
	require.NoError(t, err)
	tests := []struct{ name, doc, want string }{
		{"an unknown role", "distros:\n  - id: k3s\n    releases: [{version: v1.30, roles: [{name: worker}]}]\n",
			`line 3, column 41: distro k3s: field releases[0].roles[0].name: "worker" is not a role of k3s; valid: server, agent`},
		{"a bad date", "distros:\n  - id: k3s\n    releases: [{version: v1.30, endOfSupport: soon, source: eol-134}]\n",
			`field releases[0].endOfSupport: "soon" is not a date (YYYY-MM-DD)`},
		{"a date without a source", "distros:\n  - id: k3s\n    releases: [{version: v1.30, endOfSupport: 2020-01-01}]\n",
			`field releases[0].source: an end of support needs a source`},
		{"the current release again", "distros:\n  - id: k3s\n    releases: [{version: 1.36}]\n",
			`field releases[0].version: "1.36" is listed twice`},
		{"an uncited requirement in a release", "distros:\n  - id: k3s\n    releases: [{version: v1.30, roles: [{name: server, memory: {min: 1GB, source: nope}}]}]\n",
			`field memory.source: source "nope" is not under sources`},
		{"an unknown purpose", "distros:\n  - id: k3s\n    purpose: fun\n",
			`field purpose: "fun" is not server, dev or os`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := base.Merge(strings.NewReader(tt.doc), "user.yaml")
			require.Error(t, err)
			assert.Contains(t, err.Error(), "catalog user.yaml")
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

// A user's catalog adds releases to the built-in ones (and replaces one of
// the same version); its mistakes name the release, the role and the line.
func TestAUserCatalogAddsReleases(t *testing.T) {
	base, err := Default()
	require.NoError(t, err)
	doc := "distros:\n  - id: k3s\n    sources:\n      ours: {url: https://wiki.example.org/k3s, quote: \"we run v1.32\", seen: \"2026-11-30\"}\n    releases:\n      - {version: v1.32, endOfSupport: \"2026-02-28\", source: ours}\n      - {version: V1.34}\n"
	c, err := base.Merge(strings.NewReader(doc), "user.yaml")
	require.NoError(t, err)
	k3s := c.Distro("k3s")
	assert.ElementsMatch(t, []string{"v1.36", "v1.32", "V1.34", "v1.37", "v1.35", "v1.33"}, k3s.Versions(), "added to, not replacing, the built-in releases; V1.34 replaces v1.34")
	old, err := k3s.At("v1.34")
	require.NoError(t, err)
	assert.Equal(t, "fail", old.Role("server").Cgroup.V1, "the user's v1.34 states no difference")

	for _, tt := range []struct{ doc, want string }{
		{"distros:\n  - id: k3s\n    releases: [{version: V1.36}]\n", `"V1.36" is listed twice`},
		{"distros:\n  - id: k3s\n    releases: [{version: \"1.32:server\"}]\n", `holds a character --distro ID@VERSION:ROLE cannot carry`},
		{"distros:\n  - id: k3s\n    releases:\n      - version: v1.30\n        roles:\n          - name: server\n            memory: {min: 1GB, source: nope}\n",
			`line 7, column 21: distro "k3s@v1.30": role server: field memory.source: source "nope" is not under sources`},
	} {
		_, err := base.Merge(strings.NewReader(tt.doc), "user.yaml")
		require.Error(t, err, tt.doc)
		assert.Contains(t, err.Error(), tt.want)
	}
}
