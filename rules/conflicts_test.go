package rules

import (
	"testing"

	"github.com/stretchr/testify/assert"

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
			got := ids.Conflicts(names)
			for i := range got {
				assert.NotEmpty(t, got[i].Reason)
				got[i].Reason = ""
			}
			assert.Equal(t, tt.want, got)
		})
	}
}
