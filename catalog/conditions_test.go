package catalog

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestConditionsAreValidated(t *testing.T) {
	base, err := Default()
	require.NoError(t, err)
	doc := func(cond string) string {
		return "distros:\n  - id: k3s\n    conditions:\n      " + cond + "\n"
	}
	tests := []struct{ name, cond, want string }{
		{"a verdict that is not warn or fail", "dns: {verdict: maybe, setting: --x, source: resolvconf}", `conditions.dns.verdict: "maybe" is not warn or fail`},
		{"a source that is not under sources", "firewall: {verdict: warn, source: nope}", `conditions.firewall.source: source "nope" is not under sources`},
		{"a network that is not CIDR", "cidr: {pod: 10.42.0.1/16, podFlag: --cluster-cidr, source: firewall}", `conditions.cidr.pod: "10.42.0.1/16" is not a network`},
		{"a network without its flag", "cidr: {service: 10.43.0.0/16, source: firewall}", `conditions.cidr.serviceFlag: missing`},
		{"leftovers without an uninstall command", "leftovers: {verdict: warn, source: uninstall}", `conditions.leftovers.uninstall: missing`},
		{"a refused path that is not absolute", "leftovers: {verdict: fail, refuse: [var/lib/etcd], uninstall: x, source: uninstall}", `"var/lib/etcd" is not a clean absolute path`},
		{"inotify limits of zero", "inotify: {verdict: warn, instances: 0, watches: 1, source: firewall}", `instances and watches must be positive`},
		{"an unknown condition", "weather: {verdict: warn, source: firewall}", `field weather not found`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := base.Merge(strings.NewReader(doc(tt.cond)), "user.yaml")
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
	t.Run("a user's conditions replace the built-in ones and resolve", func(t *testing.T) {
		c, err := base.Merge(strings.NewReader(doc("route: {verdict: fail, source: airgap}")), "user.yaml")
		require.NoError(t, err)
		d := c.Distro("k3s")
		require.NotNil(t, d.Conditions.Route)
		assert.Equal(t, "fail", d.Conditions.Route.Verdict)
		assert.Equal(t, "https://docs.k3s.io/installation/airgap#default-network-route", d.Conditions.Route.Cite.URL)
		assert.Nil(t, d.Conditions.DNS, "the block is replaced whole")
		again, err := Default()
		require.NoError(t, err)
		assert.Equal(t, "warn", again.Distro("k3s").Conditions.Route.Verdict, "the built-in catalog is untouched")
	})
}
