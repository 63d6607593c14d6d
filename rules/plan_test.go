package rules

import (
	"fmt"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kfit-dev/kfit/catalog"
	"github.com/kfit-dev/kfit/probe"
)

func planFor(t *testing.T, distro string, hosts ...NamedHost) ClusterPlan {
	t.Helper()
	cat, err := defaultCatalog(t).Select([]catalog.Spec{{Distro: distro}})
	require.NoError(t, err)
	plans := Plan(hosts, cat, Options{})
	require.Len(t, plans, 1)
	return plans[0]
}

func named(name string, h probe.Host) NamedHost {
	h.Hostname = name
	return NamedHost{Name: name, Host: derived(h)}
}

func roles(p ClusterPlan) map[string]string {
	out := map[string]string{}
	for _, a := range p.Assignments {
		out[a.Host] = a.Role
	}
	return out
}

func TestPlan(t *testing.T) {
	big := named("nuc", machine("amd64", "x86_64", 4, 16*GiB, 200*GiB))
	laptop := named("laptop", machine("amd64", "x86_64", 4, 3920124*KiB, 100*GiB))
	pi3a := named("pi3-a", machine("arm", "armv7l", 4, 948304*1000, 20*GiB))
	pi3b := named("pi3-b", machine("arm", "armv7l", 4, 948304*1000, 20*GiB))
	netbook := named("netbook", machine("386", "i686", 2, 1*GiB, 20*GiB))

	t.Run("one big machine and many small: the big one serves", func(t *testing.T) {
		p := planFor(t, "k3s", pi3a, laptop, big, pi3b)
		assert.True(t, p.Feasible)
		assert.Equal(t, map[string]string{"nuc": "server", "laptop": "agent", "pi3-a": "agent", "pi3-b": "agent"}, roles(p))
		assert.Equal(t, "nuc", p.Assignments[0].Host, "the server comes first")
		require.NotNil(t, p.Assignments[0].LeftBytes)
		assert.Empty(t, p.Unassigned)
		assert.Contains(t, p.Note, "nuc leads as server with the most headroom; 3 agents join")
	})
	t.Run("k0s names its joiners workers", func(t *testing.T) {
		p := planFor(t, "k0s", pi3a, big, pi3b)
		assert.True(t, p.Feasible)
		assert.Contains(t, p.Note, "nuc leads as controller+worker with the most headroom; 2 workers join")
	})
	t.Run("a mixed fleet names who is left out and why", func(t *testing.T) {
		p := planFor(t, "k3s", pi3a, netbook, laptop)
		assert.Equal(t, map[string]string{"laptop": "server", "pi3-a": "agent"}, roles(p))
		require.Len(t, p.Unassigned, 1)
		assert.Equal(t, "netbook", p.Unassigned[0].Host)
		assert.Contains(t, p.Unassigned[0].Reason, "k3s agent: arch: no build for 386 (i686)")
	})
	t.Run("nobody fits the server role", func(t *testing.T) {
		p := planFor(t, "k3s", pi3a, pi3b, netbook)
		assert.False(t, p.Feasible)
		assert.Empty(t, p.Assignments)
		assert.Len(t, p.Unassigned, 3)
		assert.Contains(t, p.Unassigned[0].Reason, "k3s server: memory: needs 2 GB, has 1 GiB")
		assert.Contains(t, p.Note, "no machine meets the k3s server requirements")
	})
	t.Run("k0s: the lead also runs workloads when it can", func(t *testing.T) {
		p := planFor(t, "k0s", pi3a, big)
		assert.Equal(t, map[string]string{"nuc": "controller+worker", "pi3-a": "worker"}, roles(p))
	})
	t.Run("k0s on one machine: a controller+worker, which runs workloads", func(t *testing.T) {
		p := planFor(t, "k0s", big)
		assert.True(t, p.Feasible)
		assert.Equal(t, map[string]string{"nuc": "controller+worker"}, roles(p))
		assert.Contains(t, p.Note, "0 workers join")
	})
	v1 := named("old-nuc", edited(func(h *probe.Host) { h.Cgroup.Version = probe.CgroupV1 }))
	t.Run("k0s on one machine that fits only a controller: no workloads, no cluster", func(t *testing.T) {
		p := planFor(t, "k0s", v1)
		assert.False(t, p.Feasible)
		assert.Empty(t, p.Assignments)
		assert.Equal(t, "a k0s controller runs no workloads, and no machine can join it as worker", p.Note)
		require.Len(t, p.Unassigned, 1)
		assert.Equal(t, "fits k0s controller, which runs no workloads, but no other machine fits k0s worker", p.Unassigned[0].Reason)
	})
	t.Run("k0s: a controller that runs no workloads leads when a worker joins it", func(t *testing.T) {
		p := planFor(t, "k0s", v1, pi3a)
		assert.True(t, p.Feasible)
		assert.Equal(t, map[string]string{"old-nuc": "controller", "pi3-a": "worker"}, roles(p))
	})
	t.Run("kubeadm on one machine: a control plane alone runs no workloads", func(t *testing.T) {
		p := planFor(t, "kubeadm", big)
		assert.False(t, p.Feasible)
		assert.Equal(t, "a kubeadm control-plane runs no workloads, and no machine can join it as worker", p.Note)
	})
	t.Run("MicroK8s: peers; the 32-bit boards cannot join", func(t *testing.T) {
		p := planFor(t, "microk8s", big, laptop, pi3a)
		assert.True(t, p.Feasible)
		assert.Equal(t, map[string]string{"nuc": "node", "laptop": "node"}, roles(p))
		require.Len(t, p.Unassigned, 1)
		assert.Contains(t, p.Unassigned[0].Reason, "arch")
	})
	t.Run("minikube runs on one machine: the best one", func(t *testing.T) {
		p := planFor(t, "minikube", laptop, big)
		assert.Equal(t, map[string]string{"nuc": "node"}, roles(p))
		require.Len(t, p.Unassigned, 1)
		assert.Equal(t, "minikube runs on one machine, and nuc takes it", p.Unassigned[0].Reason)
	})
	t.Run("minikube: none fits, each says why", func(t *testing.T) {
		p := planFor(t, "minikube", netbook)
		assert.False(t, p.Feasible)
		assert.Empty(t, p.Assignments)
		assert.Equal(t, "minikube runs on one machine, and none of these fits", p.Note)
		require.Len(t, p.Unassigned, 1)
		assert.Equal(t, "minikube node: arch: no build for 386 (i686); supported: amd64, arm64, ppc64le, s390x", p.Unassigned[0].Reason)
	})
	t.Run("MicroK8s: no machine joins, so no cluster", func(t *testing.T) {
		p := planFor(t, "microk8s", pi3a)
		assert.False(t, p.Feasible)
		assert.Empty(t, p.Assignments)
		assert.Equal(t, "every MicroK8s machine is a peer; 0 of 1 join", p.Note)
		require.Len(t, p.Unassigned, 1)
	})
	t.Run("no machines", func(t *testing.T) {
		p := planFor(t, "k3s")
		assert.False(t, p.Feasible)
		assert.Empty(t, p.Assignments)
		assert.Empty(t, p.Unassigned)
	})
}

func BenchmarkPlan1000(b *testing.B) {
	cat := defaultCatalog(b)
	hosts := make([]NamedHost, 1000)
	for i := range hosts {
		mem := uint64(1+i%16) * GiB
		hosts[i] = named(fmt.Sprintf("host-%04d", i), machine("amd64", "x86_64", 1+i%8, mem, 50*GiB))
	}
	b.ReportAllocs()
	for b.Loop() {
		Plan(hosts, cat, Options{})
	}
}

// A fleet keeps a few KB of each machine, not its Report (~72 KB), so that
// kfit plan over 10,000 snapshots fits in a small container.
func TestFleetKeepsLittleOfEachMachine(t *testing.T) {
	const n = 300
	f := NewFleet(defaultCatalog(t), Options{})
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for i := range n {
		f.Add(fmt.Sprintf("host-%04d", i), derived(machine("arm", "armv7l", 4, 948304*1000, 20*GiB)))
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	perMachine := (int64(after.HeapAlloc) - int64(before.HeapAlloc)) / n
	t.Logf("%d bytes kept per machine", perMachine)
	assert.Less(t, perMachine, int64(8<<10), "bytes kept per machine")
	require.Len(t, f.Plan(), len(defaultCatalog(t).Distros))
	runtime.KeepAlive(f)
}
