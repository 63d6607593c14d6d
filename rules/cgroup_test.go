package rules

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kfit-dev/kfit/catalog"
	"github.com/kfit-dev/kfit/probe"
)

// userCatalog is the built-in catalog with a user's catalog laid over it
// (--catalog), for requirements no built-in role states.
func userCatalog(t *testing.T, doc string) *catalog.Catalog {
	t.Helper()
	c, err := defaultCatalog(t).Merge(strings.NewReader(doc), "user.yaml")
	require.NoError(t, err)
	return c
}

// The cgroup check's whole line: what it found, what it wanted and why.
func TestCgroupCheckSaysWhatItFound(t *testing.T) {
	withCgroup := func(v probe.CgroupVersion, ctrls ...string) probe.Host {
		h := machine("amd64", "x86_64", 4, 8*GiB, 100*GiB)
		h.Cgroup.Version, h.Cgroup.Controllers = v, ctrls
		return h
	}
	// A role that accepts cgroup v1 and asks for no controller, only
	// recommends two: a user's catalog can say so.
	v1ok := userCatalog(t, `distros:
  - id: k3s
    roles:
      - name: agent
        cgroup: {v1: ok, recommend: [hugetlb, io], source: cgroups}
`)
	tests := []struct {
		name                string
		host                probe.Host
		cat                 *catalog.Catalog
		distro, role        string
		want                Verdict
		got, wanted, reason string
	}{
		{"hybrid: cpuacct is v2's cpu, and the version reads hybrid, which k3s refuses from v1.35", withCgroup(probe.CgroupHybrid, "cpuacct", "cpuset", "memory", "pids"), nil, "k3s", "server",
			Fail, "hybrid (v1 controllers) with pids, cpu, cpuset, memory", "cgroup v2 with pids, cpu, cpuset, memory",
			"this machine runs cgroup hybrid (v1 controllers), and this release refuses cgroup v1 by default"},
		{"v1: cpuacct is not cpu", withCgroup(probe.CgroupV1, "cpuacct", "cpuset", "memory", "pids"), nil, "k3s", "server",
			Fail, "v1 with pids, cpuset, memory; no cpu", "cgroup v2 with pids, cpu, cpuset, memory",
			"cpu not usable in this process's cgroup /"},
		{"v2 without any needed controller", withCgroup(probe.CgroupV2, "io"), nil, "k3s", "server",
			Fail, "v2; no pids, cpu, cpuset, memory", "cgroup v2 with pids, cpu, cpuset, memory",
			"pids, cpu, cpuset, memory not usable in this process's cgroup /"},
		{"v2 with every needed controller", withCgroup(probe.CgroupV2, "cpu", "cpuset", "memory", "pids"), nil, "k3s", "server",
			Pass, "v2 with pids, cpu, cpuset, memory", "cgroup v2 with pids, cpu, cpuset, memory", "every needed controller is usable"},
		{"kind's kubelet runs under Docker's cgroup: none of this process's controllers is needed", withCgroup(probe.CgroupV2), nil, "kind", "cluster",
			Pass, "v2 with cpu, cpuset, memory", "cgroup v2 with cpu, cpuset, memory", "every needed controller is usable"},
		{"kind on a kernel that switched memory off: its kubelet cannot start", func() probe.Host {
			h := withCgroup(probe.CgroupV2, "cpu", "cpuset", "pids")
			h.Cgroup.Disabled = []string{"memory"}
			return h
		}(), nil, "kind", "cluster",
			Fail, "v2 with cpu, cpuset; no memory", "cgroup v2 with cpu, cpuset, memory", "the kernel has disabled the memory controller"},
		{"minikube only recommends them: its VM drivers bring their own kernel", func() probe.Host {
			h := withCgroup(probe.CgroupV2, "cpu", "cpuset", "pids")
			h.Cgroup.Disabled = []string{"memory"}
			return h
		}(), nil, "minikube", "node",
			Warn, "v2", "cgroup v1 or v2", "optional controllers missing: memory"},
		{"v1 accepted: blkio is io", withCgroup(probe.CgroupV1, "blkio", "hugetlb"), v1ok, "k3s", "agent",
			Pass, "v1", "cgroup v1 or v2", "every needed controller is usable"},
		{"v1 accepted: without blkio, io is missing", withCgroup(probe.CgroupV1, "hugetlb"), v1ok, "k3s", "agent",
			Warn, "v1", "cgroup v1 or v2", "optional controllers missing: io"},
		{"v2: blkio is io", withCgroup(probe.CgroupV2, "blkio"), v1ok, "k3s", "agent",
			Warn, "v2", "cgroup v1 or v2", "optional controllers missing: hugetlb"},
		{"hybrid: blkio is io", withCgroup(probe.CgroupHybrid, "blkio", "hugetlb"), v1ok, "k3s", "agent",
			Pass, "hybrid (v1 controllers)", "cgroup v1 or v2", "every needed controller is usable"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cat := tt.cat
			if cat == nil {
				cat = defaultCatalog(t)
			}
			c := check(t, result(t, Evaluate(derived(tt.host), cat, Options{}), tt.distro, tt.role), CheckCgroup)
			assert.Equal(t, tt.want, c.Verdict, c.Reason)
			assert.Equal(t, tt.got, c.Got)
			assert.Equal(t, tt.wanted, c.Want)
			assert.Equal(t, tt.reason, c.Reason)
		})
	}
}
