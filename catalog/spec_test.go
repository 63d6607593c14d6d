package catalog

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseSpecs(t *testing.T) {
	tests := []struct {
		name   string
		values []string
		want   []Spec
		err    string
	}{
		{"a distro", []string{"k3s"}, []Spec{{"k3s", "", ""}}, ""},
		{"a role", []string{"k3s:agent"}, []Spec{{"k3s", "agent", ""}}, ""},
		{"several, with spaces and empty items", []string{" k3s:server , ,k0s", "", "microk8s"},
			[]Spec{{"k3s", "server", ""}, {"k0s", "", ""}, {"microk8s", "", ""}}, ""},
		{"no values", nil, nil, ""},
		{"a role without a distro", []string{"k3s,:agent"}, nil, `":agent" is not ID, ID:ROLE, ID@VERSION or ID@VERSION:ROLE`},
		{"a colon without a role", []string{"k3s:"}, nil, `"k3s:" is not ID, ID:ROLE, ID@VERSION or ID@VERSION:ROLE`},
		{"a colon alone", []string{"k0s, :"}, nil, `":" is not ID, ID:ROLE, ID@VERSION or ID@VERSION:ROLE`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseSpecs(tt.values)
			if tt.err != "" {
				assert.EqualError(t, err, tt.err)
				assert.Nil(t, got)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestSpecString(t *testing.T) {
	assert.Equal(t, "k3s", Spec{Distro: "k3s"}.String())
	assert.Equal(t, "k3s:agent", Spec{Distro: "k3s", Role: "agent"}.String())
	for _, s := range []Spec{{"k3s", "", ""}, {"k0s", "controller+worker", ""}} {
		back, err := ParseSpecs([]string{s.String()})
		require.NoError(t, err)
		assert.Equal(t, []Spec{s}, back, "String reads back")
	}
}

func TestSelectKeepsEachRoleOnce(t *testing.T) {
	c, err := Default()
	require.NoError(t, err)
	all, err := c.Select(nil)
	require.NoError(t, err)
	assert.Same(t, c, all, "no spec keeps all")

	s, err := c.Select([]Spec{{"k3s", "server", ""}, {"k3s", "", ""}, {"k3s", "server", ""}})
	require.NoError(t, err)
	require.Len(t, s.Distros, 1)
	assert.Equal(t, []string{"k3s:server", "k3s:agent"}, s.Distros[0].RoleIDs(), "in the order asked, once each")
	assert.Nil(t, c.Distro("k9s"))
	assert.Nil(t, c.Distro("k3s").Role("worker"))
}
