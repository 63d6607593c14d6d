package rules

import (
	"encoding/json"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kfit-dev/kfit/catalog"
	"github.com/kfit-dev/kfit/probe"
)

const (
	kB  = 1000
	KiB = 1024
	MiB = 1024 * KiB
	GiB = 1024 * MiB
)

func u64(v uint64) *uint64 { return &v }

// machine builds a Linux host; memTotal is MemTotal, installed is derived
// the way a snapshot without installedBytes is.
// The software of a machine ready for every distribution: cgroup v2 with
// every controller, a kernel with every option, systemd, snapd and Docker,
// no port in use, an SSD, booted by GRUB.
func healthy(h probe.Host) probe.Host {
	h.Cgroup = probe.Cgroup{Version: probe.CgroupV2, Path: "/", Controllers: []string{"cpu", "cpuset", "hugetlb", "io", "memory", "pids"}}
	h.Kernel = probe.Kernel{Config: "/proc/config.gz", Options: map[string]string{}}
	for opt := range probe.KernelOptions {
		h.Kernel.Options[opt] = "y"
	}
	yes := true
	h.Runtime = probe.Runtime{Init: "systemd", KVM: &yes, Tools: map[string]probe.Tool{
		"docker": {Path: "/usr/bin/docker", Socket: "/run/docker.sock"}, "snap": {Path: "/usr/bin/snap", Socket: "/run/snapd.socket"}}}
	h.Ports = &probe.Ports{Listening: []string{"22/tcp"}}
	h.Disk.FSType, h.Disk.Device, h.Disk.Media = "ext4", "sda", "ssd"
	h.Boot.Loader, h.Boot.LoaderFiles = probe.LoaderGRUB, []string{"/etc/default/grub", "/boot/grub/grub.cfg"}
	return healthyConditions(h)
}

func machine(arch, uname string, cpus int, memTotal uint64, freeDisk uint64) probe.Host {
	return healthy(probe.Host{
		SchemaVersion: 1,
		OS:            probe.OS{Name: "linux", ID: "debian", Version: "12", Arch: arch, Machine: uname},
		CPU:           probe.CPU{Logical: cpus},
		Memory:        probe.Memory{TotalBytes: memTotal, InstalledBytes: probe.EstimateInstalled(memTotal), SwapBytes: u64(0)},
		Disk:          probe.Disk{Path: "/var/lib", FreeBytes: u64(freeDisk), TotalBytes: 2 * freeDisk},
	})
}

// derived fills the figures a Host gets where it is made (probe.Collect,
// probe.ReadSnapshot): Evaluate takes them as given.
func derived(h probe.Host) probe.Host {
	h.Derive()
	return h
}

// typical is the 4-CPU, 8 GiB machine the exact-line tests start from.
func typical() probe.Host { return machine("amd64", "x86_64", 4, 8*GiB, 100*GiB) }

// edited is typical with edit applied.
func edited(edit func(h *probe.Host)) probe.Host {
	h := typical()
	edit(&h)
	return h
}

func defaultCatalog(t testing.TB) *catalog.Catalog {
	t.Helper()
	c, err := catalog.Default()
	require.NoError(t, err)
	return c
}

func result(t *testing.T, rep Report, distro, role string) Result {
	t.Helper()
	for _, r := range rep.Results {
		if r.Distro == distro && r.Role == role {
			return r
		}
	}
	t.Fatalf("no result for %s %s", distro, role)
	return Result{}
}

func check(t *testing.T, r Result, id string) Check {
	t.Helper()
	for _, c := range r.Checks {
		if c.ID == id {
			return c
		}
	}
	t.Fatalf("no check %s in %s %s", id, r.Distro, r.Role)
	return Check{}
}

func TestEvaluateChecks(t *testing.T) {
	cat := defaultCatalog(t)
	laptop4GB := machine("amd64", "x86_64", 4, 3920124*KiB, 100*GiB) // Dell Latitude E6410 MemTotal
	withMem := func(h probe.Host, total uint64) probe.Host {
		h.Memory.TotalBytes, h.Memory.InstalledBytes = total, probe.EstimateInstalled(total)
		return h
	}
	// withBlocks sets the installed RAM as the memory blocks tell it, apart
	// from MemTotal (firmware or graphics may take a large share).
	withBlocks := func(h probe.Host, total, installed uint64) probe.Host {
		h.Memory.TotalBytes, h.Memory.InstalledBytes = total, installed
		return h
	}
	tests := []struct {
		name          string
		host          probe.Host
		distro, role  string
		id            string
		want          Verdict
		reasonContain string
	}{
		{"a 4 GB laptop showing 3.7 GiB meets MicroK8s's 4 GB recommendation", laptop4GB, "microk8s", "node", CheckMemory, Pass, "meets the 4 GB recommendation"},
		{"a 3 GB machine showing 2.8 GiB does not meet 4 GB", withMem(laptop4GB, 2936*MiB), "microk8s", "node", CheckMemory, Warn, "below the 4 GB recommendation"},
		{"a 2 GB board showing 1.8 GiB meets k3s server's 2 GB", withMem(laptop4GB, 1843*MiB), "k3s", "server", CheckMemory, Pass, "meets the 2 GB minimum"},
		{"a 1 GB Pi showing 0.9 GiB fails k3s server on memory", withMem(laptop4GB, 948304*kB), "k3s", "server", CheckMemory, Fail, "needs 2 GB, has 1 GiB"},
		{"a 1 GB Pi meets k3s agent's 512 MB", withMem(laptop4GB, 948304*kB), "k3s", "agent", CheckMemory, Pass, ""},
		{"a 512 MB Pi Zero 2 showing 427 MiB meets k3s agent's 512 MB", withMem(laptop4GB, 427*MiB), "k3s", "agent", CheckMemory, Pass, ""},
		{"a 512 MB board fails MicroK8s's 540 MB", withMem(laptop4GB, 427*MiB), "microk8s", "node", CheckMemory, Fail, "needs 540 MB"},
		{"unknown memory warns", withMem(laptop4GB, 0), "k3s", "server", CheckMemory, Warn, "unknown"},
		{"kubeadm's preflight passes a 2 GB board showing 1.8 GiB", withMem(laptop4GB, 1843*MiB), "kubeadm", "control-plane", CheckMemory, Pass, "meets the 2 GB recommendation"},
		{"kubeadm's preflight holds MemTotal, not the installed RAM, to 1700 MiB", withBlocks(laptop4GB, 1650*MiB, 2*GiB), "kubeadm", "control-plane", CheckMemory, Fail, "needs a MemTotal of 1700 MiB, has 1.6 GiB (of 2 GiB installed)"},
		{"kubeadm's MemTotal check warns when only the installed RAM is known", withBlocks(laptop4GB, 0, 4*GiB), "kubeadm", "control-plane", CheckMemory, Warn, "MemTotal is unknown"},
		{"1 CPU fails k3s server", machine("amd64", "x86_64", 1, 4*GiB, 100*GiB), "k3s", "server", CheckCPU, Fail, "needs 2 CPUs, has 1 CPU"},
		{"1 CPU is enough for a k3s agent", machine("amd64", "x86_64", 1, 4*GiB, 100*GiB), "k3s", "agent", CheckCPU, Pass, ""},
		{"unknown CPU count warns", machine("amd64", "x86_64", 0, 4*GiB, 100*GiB), "minikube", "node", CheckCPU, Warn, "unknown"},
		{"MicroK8s documents no CPU minimum", machine("amd64", "x86_64", 1, 4*GiB, 100*GiB), "microk8s", "node", CheckCPU, Pass, "no minimum"},
		{"a 32-bit x86 netbook fails k3s on arch", machine("386", "i686", 2, 1*GiB, 100*GiB), "k3s", "server", CheckArch, Fail, "no build for 386 (i686)"},
		{"ARMv7 runs k3s's armhf build", machine("arm", "armv7l", 4, 1*GiB, 100*GiB), "k3s", "agent", CheckArch, Pass, ""},
		{"ARMv6 does not run k3s's armhf build", machine("arm", "armv6l", 1, 512*MiB, 100*GiB), "k3s", "agent", CheckArch, Fail, ""},
		{"32-bit ARM without a version warns", machine("arm", "", 4, 1*GiB, 100*GiB), "k0s", "worker", CheckArch, Warn, "ARM version is unknown"},
		{"MicroK8s has no armhf build", machine("arm", "armv7l", 4, 4*GiB, 100*GiB), "microk8s", "node", CheckArch, Fail, ""},
		{"unknown arch warns", machine("", "", 4, 4*GiB, 100*GiB), "k3s", "server", CheckArch, Warn, "unknown"},
		{"too little free disk fails minikube", machine("amd64", "x86_64", 2, 4*GiB, 10*GiB), "minikube", "node", CheckDisk, Fail, "needs 20 GB"},
		{"a full disk fails k0s", machine("amd64", "x86_64", 2, 4*GiB, 0), "k0s", "worker", CheckDisk, Fail, "needs 1.6 GB, has 0 B"},
		{"MicroK8s's disk figure is only a recommendation", machine("amd64", "x86_64", 2, 4*GiB, 10*GiB), "microk8s", "node", CheckDisk, Warn, "below the 20 GB recommendation"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := check(t, result(t, Evaluate(derived(tt.host), cat, Options{}), tt.distro, tt.role), tt.id)
			assert.Equal(t, tt.want, c.Verdict, c.Reason)
			assert.Contains(t, c.Reason, tt.reasonContain)
			if c.Want != "not documented" {
				assert.NotEmpty(t, c.Source, "a judged requirement carries its source")
			}
		})
	}
}

func TestMissingDiskWarnsWithTheReason(t *testing.T) {
	h := machine("amd64", "x86_64", 2, 4*GiB, 0)
	h.Disk = probe.Disk{}
	h.Missing = map[string]string{"disk": "statfs /var/lib: permission denied"}
	c := check(t, result(t, Evaluate(derived(h), defaultCatalog(t), Options{}), "minikube", "node"), CheckDisk)
	assert.Equal(t, Warn, c.Verdict)
	assert.Equal(t, "free disk space is unknown: statfs /var/lib: permission denied", c.Reason)
}

func TestRoleVerdictIsItsWorstCheck(t *testing.T) {
	cat := defaultCatalog(t)
	// 1 CPU, 4 GB, amd64: minikube fails on CPU only.
	r := result(t, Evaluate(derived(machine("amd64", "x86_64", 1, 3920124*KiB, 100*GiB)), cat, Options{}), "minikube", "node")
	assert.Equal(t, Fail, r.Verdict)
	for _, c := range r.Checks {
		if c.ID != CheckCPU {
			assert.Equal(t, Pass, c.Verdict, c.ID)
		}
	}
	// Unknown disk only: warn, still fits.
	h := machine("amd64", "x86_64", 2, 3920124*KiB, 0)
	h.Disk = probe.Disk{}
	r = result(t, Evaluate(derived(h), cat, Options{}), "minikube", "node")
	assert.Equal(t, Warn, r.Verdict)
	assert.True(t, r.Verdict.Fits(false))
	assert.False(t, r.Verdict.Fits(true), "--strict: a warning does not fit")
}

func TestEvaluateIsDeterministic(t *testing.T) {
	cat := defaultCatalog(t)
	h := machine("amd64", "x86_64", 2, 3920124*KiB, 100*GiB)
	assert.Equal(t, Evaluate(derived(h), cat, Options{}), Evaluate(derived(h), cat, Options{}))
}

func BenchmarkEvaluate(b *testing.B) {
	cat := defaultCatalog(b)
	h := derived(machine("amd64", "x86_64", 4, 3920124*KiB, 100*GiB))
	b.ReportAllocs()
	for b.Loop() {
		Evaluate(h, cat, Options{})
	}
}

// A cgroup limit that could not be read may be the tightest: the effective
// figure is unknown, so the check warns, but a host that is too small
// without any limit still fails.
func TestUnknownLimitIsNeverEnough(t *testing.T) {
	for _, tt := range []struct {
		name      string
		memTotal  uint64
		cpus      int
		miss      string
		check     string
		want      Verdict
		reasonHas string
	}{
		{"8 GB host, unreadable memory limit: warns", 7800 * MiB, 4, "memory.limit", CheckMemory, Warn, "permission denied"},
		{"1 GB host, unreadable memory limit: still fails", 900 * MiB, 4, "memory.limit", CheckMemory, Fail, "has at most 1 GiB installed on the host"},
		{"4 CPUs, unreadable quota: warns", 7800 * MiB, 4, "cpu.quota", CheckCPU, Warn, "permission denied"},
		{"1 CPU, unreadable quota: still fails", 7800 * MiB, 1, "cpu.quota", CheckCPU, Fail, "has at most 1 logical on the host"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h := machine("amd64", "x86_64", tt.cpus, tt.memTotal, 50*GiB)
			h.Missing = map[string]string{tt.miss: "the cgroup limit is unknown: open /sys/fs/cgroup/memory.max: permission denied"}
			h.Derive()
			require.Zero(t, map[string]float64{"memory.limit": float64(h.Memory.EffectiveBytes), "cpu.quota": h.CPU.Effective}[tt.miss], "the effective figure is unknown")
			rep := Evaluate(derived(h), defaultCatalog(t), Options{})
			c := check(t, result(t, rep, "k3s", "server"), tt.check)
			assert.Equal(t, tt.want, c.Verdict, c.Reason)
			assert.Contains(t, c.Reason, tt.reasonHas)
		})
	}
}

// A CPU figure no machine has (from a what-if flag or a broken probe) is
// unknown: no NaN or infinity reaches a report, which JSON cannot hold.
func TestNonFiniteCPUsAreUnknown(t *testing.T) {
	for _, v := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		h := machine("amd64", "x86_64", 4, 16*GiB, 200*GiB)
		h.CPU.Effective = v
		rep := Evaluate(derived(h), defaultCatalog(t), Options{})
		_, err := json.Marshal(rep)
		require.NoError(t, err, "effective %v", v)
		r := result(t, rep, "k3s", "server")
		assert.Nil(t, r.HeadroomCPUs, "effective %v", v)
		assert.Equal(t, Warn, check(t, r, CheckCPU).Verdict, "effective %v", v)
	}
}

// The table of checks is the one list of ids: every check a role gets is
// in CheckIDs, in its order, and every id in CheckIDs is some role's check.
func TestChecksFollowTheTable(t *testing.T) {
	h := machine("amd64", "x86_64", 4, 8*GiB, 100*GiB)
	cat := defaultCatalog(t)
	rep := Evaluate(derived(h), cat, Options{ReserveBytes: GiB, Today: time.Now()})
	// An older release adds the release check.
	old, err := cat.Select([]catalog.Spec{{Distro: "k3s", Version: "v1.34"}})
	require.NoError(t, err)
	rep.Results = append(rep.Results, Evaluate(derived(h), old, Options{ReserveBytes: GiB, Today: time.Now()}).Results...)
	seen := map[string]bool{}
	for _, r := range rep.Results {
		last := -1
		for _, c := range r.Checks {
			i := slices.Index(CheckIDs, c.ID)
			require.GreaterOrEqual(t, i, 0, "%s %s: %s is not in CheckIDs", r.Distro, r.Role, c.ID)
			assert.Greater(t, i, last, "%s %s: %s out of order", r.Distro, r.Role, c.ID)
			last = i
			seen[c.ID] = true
		}
	}
	for _, id := range CheckIDs {
		assert.True(t, seen[id], "no role gets the %s check", id)
	}
}

// A v2 cgroup whose controllers could not be read warns; a controller the
// kernel has switched off still fails, since /proc/cgroups says so.
func TestUnknownControllers(t *testing.T) {
	h := machine("amd64", "x86_64", 4, 8*GiB, 100*GiB)
	h.Cgroup = probe.Cgroup{Version: probe.CgroupV2, Path: "/"}
	h.Missing = map[string]string{"cgroup.controllers": "open /sys/fs/cgroup/cgroup.controllers: not a regular file (a named pipe)"}
	c := check(t, result(t, Evaluate(derived(h), defaultCatalog(t), Options{}), "k3s", "server"), CheckCgroup)
	assert.Equal(t, Warn, c.Verdict)
	assert.Equal(t, "v2 with unknown controllers", c.Got)
	assert.Equal(t, "the controllers of this process's cgroup are unknown: open /sys/fs/cgroup/cgroup.controllers: not a regular file (a named pipe)", c.Reason)

	h.Cgroup.Disabled = []string{"cpu", "cpuset", "memory", "pids"}
	c = check(t, result(t, Evaluate(derived(h), defaultCatalog(t), Options{}), "k3s", "server"), CheckCgroup)
	assert.Equal(t, Fail, c.Verdict, c.Reason)
}
