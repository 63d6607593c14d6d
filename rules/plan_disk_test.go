package rules

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/kfit-dev/kfit/probe"
)

// withDisk gives a machine a measured disk of that p99.
func withDisk(h NamedHost, p99 float64) NamedHost {
	h.Host.Disk.Fsync = &probe.Fsync{Path: "/var/lib", Samples: 1000, Seconds: 1, P50Ms: p99 / 2, P99Ms: p99, MaxMs: p99}
	return h
}

func TestPlanPrefersTheFastestMeasuredDisk(t *testing.T) {
	big := named("nuc", machine("amd64", "x86_64", 4, 16*GiB, 200*GiB))
	laptop := named("laptop", machine("amd64", "x86_64", 4, 3920124*KiB, 100*GiB))
	mini := named("mini", machine("amd64", "x86_64", 2, 8*GiB, 100*GiB))
	pi3 := named("pi3", machine("arm", "armv7l", 4, 948304*1000, 20*GiB))

	t.Run("every server measured: the fastest disk serves, though another has more headroom", func(t *testing.T) {
		p := planFor(t, "k3s", withDisk(big, 6.5), withDisk(laptop, 1.2), withDisk(mini, 3), withDisk(pi3, 90))
		assert.Equal(t, map[string]string{"laptop": "server", "nuc": "agent", "mini": "agent", "pi3": "agent"}, roles(p))
		assert.Equal(t, "laptop leads as server with the fastest measured disk (fdatasync p99 1.2 ms) of the 3 that can serve; 3 agents join", p.Note)
	})
	t.Run("a disk that warns goes after one that passes, however fast", func(t *testing.T) {
		p := planFor(t, "k3s", withDisk(big, 15), withDisk(mini, 9))
		assert.Equal(t, "mini", p.Assignments[0].Host)
		assert.Contains(t, p.Note, "fdatasync p99 9 ms")
	})
	t.Run("a disk too slow for a datastore cannot serve at all", func(t *testing.T) {
		p := planFor(t, "k0s", withDisk(big, 45), withDisk(mini, 4))
		assert.Equal(t, map[string]string{"mini": "controller+worker", "nuc": "worker"}, roles(p))
		assert.Equal(t, "mini leads as controller+worker with the most headroom; 1 worker joins", p.Note, "the only machine that can serve")
	})
	t.Run("not every server measured: headroom decides, and the plan says why", func(t *testing.T) {
		p := planFor(t, "k3s", big, withDisk(mini, 0.5))
		assert.Equal(t, "nuc", p.Assignments[0].Host)
		assert.Equal(t, "nuc leads as server with the most headroom; 1 agent joins (1 of the 2 machines that can serve had their disk measured; measure all with kfit probe --measure to compare them)", p.Note)
	})
	t.Run("no disk measured: the plan is as before", func(t *testing.T) {
		p := planFor(t, "k3s", mini, big)
		assert.Equal(t, "nuc leads as server with the most headroom; 1 agent joins", p.Note)
	})
	t.Run("equal disks: headroom breaks the tie", func(t *testing.T) {
		p := planFor(t, "k3s", withDisk(mini, 2), withDisk(big, 2))
		assert.Equal(t, "nuc", p.Assignments[0].Host)
	})
}
