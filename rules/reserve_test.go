package rules

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReserve(t *testing.T) {
	cat := defaultCatalog(t)
	h := machine("amd64", "x86_64", 4, 4*GiB, 100*GiB)
	h.Memory.AvailableBytes = 3 * GiB // 1 GiB in use
	tests := []struct {
		name         string
		reserve      uint64
		distro, role string
		want         Verdict
		reason       string
		upgrade      string
	}{
		{"2 GiB remain beside a k3s agent", 2 * GiB, "k3s", "agent", Pass, "leaves 2.7 GiB", ""},
		{"2 GiB do not remain beside a k3s server", 2 * GiB, "k3s", "server", Fail, "leaves 1.7 GiB for apps, less than the 2 GiB asked", "512 MiB more RAM (4.5 GiB in all)"},
		{"no footprint: warn, with the minimum as a hint", 2 * GiB, "k0s", "worker", Warn, "were it as small as its 0.5 GB minimum, 2.5 GiB would be left", ""},
		{"a reserve larger than the machine", 8 * GiB, "k3s", "agent", Fail, "less than the 8 GiB asked", "5.5 GiB more RAM (9.5 GiB in all)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := result(t, Evaluate(h, cat, Options{ReserveBytes: tt.reserve}), tt.distro, tt.role)
			c := check(t, r, CheckReserve)
			assert.Equal(t, tt.want, c.Verdict, c.Reason)
			assert.Contains(t, c.Reason, tt.reason)
			if tt.upgrade == "" {
				assert.Nil(t, r.Upgrade)
			} else {
				require.NotNil(t, r.Upgrade)
				assert.Equal(t, tt.upgrade, r.Upgrade.String())
			}
		})
	}
	r := result(t, Evaluate(h, cat, Options{}), "k3s", "server")
	for _, c := range r.Checks {
		assert.NotEqual(t, CheckReserve, c.ID, "no reserve check without --reserve")
	}
}
