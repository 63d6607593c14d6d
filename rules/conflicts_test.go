package rules

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kfit-dev/kfit/catalog"
	"github.com/kfit-dev/kfit/probe"
)

func TestConflicts(t *testing.T) {
	host := func(name, id string) probe.Host {
		h := typical()
		h.Hostname, h.Identity = name, &probe.Identity{MachineID: id, MachineIDState: "ok"}
		return h
	}
	tests := []struct {
		name  string
		hosts []probe.Host
		want  []Conflict
	}{
		{"distinct machines have no conflict", []probe.Host{host("a", "1"), host("b", "2")}, []Conflict{}},
		{"one hostname on two machines breaks the cluster", []probe.Host{host("pi", "1"), host("PI", "2"), host("c", "3")},
			[]Conflict{{Check: CheckHostname, Hosts: []string{"m0", "m1"}, Breaks: true}}},
		{"a cloned machine-id warns", []probe.Host{host("a", "1"), host("b", "1")},
			[]Conflict{{Check: CheckIdentity, Hosts: []string{"m0", "m1"}}}},
		{"a clone that was not renamed has both", []probe.Host{host("a", "1"), host("b", "2"), host("a", "1")},
			[]Conflict{{Check: CheckHostname, Hosts: []string{"m0", "m2"}, Breaks: true}, {Check: CheckIdentity, Hosts: []string{"m0", "m2"}}}},
		{"unknown identities conflict with nothing", []probe.Host{{}, {}}, []Conflict{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var ids Identities
			var names []string
			for i, h := range tt.hosts {
				ids.Add(h)
				names = append(names, "m"+string(rune('0'+i)))
			}
			got := ids.Conflicts(names, nil)
			for i := range got {
				assert.NotEmpty(t, got[i].Reason)
				got[i].Reason = ""
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestNetworkConflicts(t *testing.T) {
	cat := defaultCatalog(t)
	k3s, err := cat.Select([]catalog.Spec{{Distro: "k3s"}})
	require.NoError(t, err)
	lan := typical()
	lan.Hostname, lan.Identity = "lan", &probe.Identity{MachineID: "1"}
	vpn := typical()
	vpn.Hostname, vpn.Identity = "vpn", &probe.Identity{MachineID: "2"}
	vpn.Routes = &probe.Routes{Default: true, Networks: []string{"192.168.1.0/24 eth0", "10.0.0.0/8 tun0"}}
	own := typical()
	own.Hostname, own.Identity = "own", &probe.Identity{MachineID: "3"}
	own.Routes = &probe.Routes{Default: true, Networks: []string{"10.42.0.0/24 cni0"}}
	var ids Identities
	for _, h := range []probe.Host{lan, vpn, own} {
		ids.Add(h)
	}
	got := ids.Conflicts([]string{"lan", "vpn", "own"}, k3s)
	require.Len(t, got, 2, "the VPN overlaps both k3s networks; a cluster's own interface is no conflict")
	assert.Equal(t, []string{"vpn"}, got[0].Hosts)
	assert.Equal(t, CheckCIDR, got[0].Check)
	assert.False(t, got[0].Breaks)
	assert.Contains(t, got[0].Reason, "vpn's network 10.0.0.0/8 (tun0) overlaps K3s's default pod network 10.42.0.0/16")
	assert.Contains(t, got[0].Reason, "--cluster-cidr")
	assert.Contains(t, got[1].Reason, "service network 10.43.0.0/16")
}
