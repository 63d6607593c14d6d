package rules

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kfit-dev/kfit/catalog"
	"github.com/kfit-dev/kfit/probe"
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
			r := result(t, Evaluate(derived(h), cat, Options{ReserveBytes: tt.reserve}), tt.distro, tt.role)
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
	r := result(t, Evaluate(derived(h), cat, Options{}), "k3s", "server")
	for _, c := range r.Checks {
		assert.NotEqual(t, CheckReserve, c.ID, "no reserve check without --reserve")
	}
}

// The reserve check at its threshold, and the line it prints: a reserve of
// exactly what the role leaves passes, one byte more fails.
func TestReserveAtItsThreshold(t *testing.T) {
	cat := defaultCatalog(t)
	const left = 4*GiB - GiB - 275e6 // a k3s agent on 4 GiB with 1 GiB in use
	h := machine("amd64", "x86_64", 4, 4*GiB, 100*GiB)
	h.Memory.AvailableBytes = 3 * GiB
	unknownUse := h
	unknownUse.Memory.AvailableBytes = 0
	tests := []struct {
		name         string
		host         probe.Host
		reserve      uint64
		distro, role string
		want         Verdict
		got, reason  string
		upgrade      string
	}{
		{"exactly what the agent leaves", h, left, "k3s", "agent", Pass, "2.7 GiB left",
			"leaves 2.7 GiB: 4 GiB effective, less 1 GiB the OS uses and the role's 262 MiB footprint", ""},
		{"a byte more", h, left + 1, "k3s", "agent", Fail, "2.7 GiB left",
			"leaves 2.7 GiB for apps, less than the 2.7 GiB asked: 4 GiB effective, less 1 GiB the OS uses and the role's 262 MiB footprint", "512 MiB more RAM (4.5 GiB in all)"},
		{"the OS's use unknown is said and not counted", unknownUse, left, "k3s", "agent", Pass, "3.7 GiB left",
			"leaves 3.7 GiB: 4 GiB effective, less the role's 262 MiB footprint (the OS's own use is unknown and not counted)", ""},
		{"no footprint and no minimum: no guess", h, GiB, "kubeadm", "worker", Warn, "unknown",
			"no published footprint for this role (unknown: Kubernetes publishes no idle measurement for a kubeadm node)", ""},
		{"no footprint: the minimum gives a guess", h, GiB, "k0s", "worker", Warn, "unknown",
			"no published footprint for this role (unknown: k0s publishes a measurement for controllers only); were it as small as its 0.5 GB minimum, 2.5 GiB would be left", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := result(t, Evaluate(derived(tt.host), cat, Options{ReserveBytes: tt.reserve}), tt.distro, tt.role)
			c := check(t, r, CheckReserve)
			assert.Equal(t, tt.want, c.Verdict, c.Reason)
			assert.Equal(t, tt.got, c.Got)
			assert.Equal(t, tt.reason, c.Reason)
			if tt.upgrade == "" {
				assert.Nil(t, r.Upgrade)
			} else {
				require.NotNil(t, r.Upgrade)
				assert.Equal(t, tt.upgrade, r.Upgrade.String())
			}
		})
	}
}

// A role never fits with negative memory left: without --reserve the
// reserve check applies once a role would leave less than nothing, and
// fails; under a cgroup limit the fix is the limit, not more RAM.
func TestNothingLeft(t *testing.T) {
	cat := defaultCatalog(t)
	agent := func(t *testing.T) catalog.Role {
		for _, d := range cat.Distros {
			for _, r := range d.Roles {
				if d.ID == "k3s" && r.Name == "agent" {
					return r
				}
			}
		}
		t.Fatal("no k3s agent")
		return catalog.Role{}
	}(t)
	container := func(usage uint64) probe.Host {
		h := machine("amd64", "x86_64", 8, 16*GiB, 100*GiB)
		h.Memory.AvailableBytes = 12 * GiB
		h.Memory.LimitBytes, h.Memory.CgroupUsageBytes = 512*MiB, usage
		return derived(h)
	}
	small := machine("amd64", "x86_64", 2, 512*MiB, 100*GiB)
	small.Memory.AvailableBytes = 100 * MiB // 412 MiB in use
	tests := []struct {
		name    string
		host    probe.Host
		applies bool
		want    Verdict
		reason  string
		fix     string
		fixable bool
	}{
		{"a container with room: no check without --reserve", container(150 * MiB), false, Pass,
			"leaves 99.7 MiB: 512 MiB effective, less 150 MiB this container or cgroup uses and the role's 262 MiB footprint", "", false},
		{"a container that would be left short: fails, the limit is the fix", container(400 * MiB), true, Fail,
			"leaves nothing for workloads, 150 MiB short: 512 MiB effective, less 400 MiB this container or cgroup uses and the role's 262 MiB footprint",
			"raise the memory limit of this container or cgroup (memory.max / memory.limit_in_bytes), or stop what uses memory in it", true},
		{"a small machine that would be left short: fails, no command fixes it", derived(small), true, Fail,
			"leaves nothing for workloads, 162 MiB short: 512 MiB effective, less 412 MiB the OS uses and the role's 262 MiB footprint", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hr := headroom(tt.host, agent)
			assert.Equal(t, tt.applies, reserveApplies(hr, 0))
			c := checkReserve(tt.host, agent, hr, 0)
			assert.Equal(t, tt.want, c.Verdict)
			assert.Equal(t, tt.reason, c.Reason)
			assert.Equal(t, "memory left for workloads", c.Want)
			assert.Equal(t, tt.fix, c.Fix)
			if tt.want == Fail {
				require.NotNil(t, c.Fixable)
				assert.Equal(t, tt.fixable, *c.Fixable)
			}
		})
	}
	// With --reserve it always applies.
	assert.True(t, reserveApplies(Headroom{}, 1))
	// Under a limit whose use is unknown, the reserve is unknown too.
	h := machine("amd64", "x86_64", 8, 16*GiB, 100*GiB)
	h.Memory.LimitBytes = 512 * MiB
	h.Missing = map[string]string{"memory.cgroupUsage": "no memory.current"}
	h = derived(h)
	c := checkReserve(h, agent, headroom(h, agent), GiB)
	assert.Equal(t, Warn, c.Verdict)
	assert.Equal(t, "the memory this container or cgroup already uses is unknown: no memory.current", c.Reason)
}

// A role with no published footprint but a cited lower bound (a k0s
// controller+worker runs at least a controller) does not fit where even
// the bound leaves less than nothing; the controller alone, which has the
// figure, fails the same way.
func TestALowerBoundFootprintKeepsMemoryFromGoingNegative(t *testing.T) {
	sel, err := defaultCatalog(t).Select([]catalog.Spec{{Distro: "k0s"}})
	require.NoError(t, err)
	h := edited(func(h *probe.Host) {
		h.Memory.LimitBytes = 2 * GiB
		h.Memory.CgroupUsageBytes = 1843 * MiB
		h.Memory.EffectiveBytes = 0 // derived again from the limit
	})
	rep := Evaluate(derived(h), sel, Options{})
	for _, role := range []string{"controller", "controller+worker"} {
		c := check(t, result(t, rep, "k0s", role), CheckReserve)
		assert.Equal(t, Fail, c.Verdict, "%s: %s", role, c.Reason)
		assert.Contains(t, c.Reason, "leaves nothing for workloads")
	}
	cw := result(t, rep, "k0s", "controller+worker")
	assert.Nil(t, cw.Headroom.LeftBytes, "a bound is not a figure to rank by")
	require.NotNil(t, cw.Headroom.LeftAtMostBytes)

	// With room to spare, the bound asks nothing and the role is not
	// ranked by it.
	roomy := Evaluate(typical(), sel, Options{})
	for _, c := range result(t, roomy, "k0s", "controller+worker").Checks {
		assert.NotEqual(t, CheckReserve, c.ID, "no reserve check without --reserve when the bound leaves room")
	}
}
