package rules

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kfit-dev/kfit/probe"
)

func TestHeadroom(t *testing.T) {
	cat := defaultCatalog(t)
	h := machine("amd64", "x86_64", 4, 8*GiB, 100*GiB)
	h.Memory.AvailableBytes = 7 * GiB // the OS uses 1 GiB now
	rep := Evaluate(derived(h), cat, Options{})

	tests := []struct {
		distro, role string
		left         *float64 // nil: unknown
		footprint    string
	}{
		{"k3s", "server", f64(8*GiB - 1*GiB - 1428e6), "K3s v1.26.5 server with one agent"},
		{"k3s", "agent", f64(8*GiB - 1*GiB - 275e6), "K3s v1.26.5 agent"},
		{"k0s", "controller", f64(8*GiB - 1*GiB - 330e6), "k0s v1.22.4+k0s.2 controller"},
		{"k0s", "worker", nil, "unknown: k0s publishes a measurement for controllers only"},
		{"microk8s", "node", nil, "unknown: no published measurement"},
		{"minikube", "node", nil, "no memory figure"},
	}
	for _, tt := range tests {
		r := result(t, rep, tt.distro, tt.role)
		assert.Equal(t, tt.left, r.Headroom.LeftBytes, "%s %s", tt.distro, tt.role)
		assert.Contains(t, r.Headroom.Footprint, tt.footprint)
		require.NotNil(t, r.Headroom.OSUseBytes)
		assert.Equal(t, float64(GiB), *r.Headroom.OSUseBytes)
	}
	assert.Equal(t, 0.03, *result(t, rep, "k3s", "agent").Headroom.FootprintCPU)

	assert.Equal(t, OSUseMeminfo, result(t, rep, "k3s", "agent").Headroom.OSUseFrom)
}

// Inside a cgroup whose limit is the effective memory, what is in use is
// the cgroup's own working set, not the host's: the host's other containers
// do not use this limit.
func TestHeadroomInAContainer(t *testing.T) {
	cat := defaultCatalog(t)
	host := machine("amd64", "x86_64", 8, 16*GiB, 100*GiB)
	host.Memory.AvailableBytes = 12 * GiB // the host uses 4 GiB, more than the limit
	host.Environment = probe.Environment{Kind: probe.EnvContainer, Detail: "docker"}
	tests := []struct {
		name      string
		limit     uint64
		usage     uint64
		left      *float64
		osUse     *float64
		osUseFrom string
	}{
		{"a 1 GiB container using 250 MiB", GiB, 250 * MiB, f64(GiB - 250*MiB - 275e6), f64(250 * MiB), OSUseCgroup},
		{"a 1 GiB container whose usage is unknown: left unknown, not the host's figure", GiB, 0, nil, nil, ""},
		{"a limit above the RAM is no limit: the host's figure", 32 * GiB, 250 * MiB, f64(16*GiB - 4*GiB - 275e6), f64(4 * GiB), OSUseMeminfo},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := host
			h.Memory.LimitBytes, h.Memory.CgroupUsageBytes = tt.limit, tt.usage
			hr := result(t, Evaluate(derived(h), cat, Options{}), "k3s", "agent").Headroom
			assert.Equal(t, tt.left, hr.LeftBytes)
			assert.Equal(t, tt.osUse, hr.OSUseBytes)
			assert.Equal(t, tt.osUseFrom, hr.OSUseFrom)
		})
	}
}

func TestIgnore(t *testing.T) {
	cat := defaultCatalog(t)
	h := machine("amd64", "x86_64", 4, 8*GiB, 100*GiB)
	h.Memory.SwapBytes = u64(GiB)
	r := result(t, Evaluate(derived(h), cat, Options{Ignore: []string{CheckSwap}}), "kubeadm", "control-plane")
	c := check(t, r, CheckSwap)
	assert.Equal(t, Warn, c.Verdict)
	assert.True(t, c.Ignored)
	assert.Contains(t, c.Reason, "ignored (--ignore swap): swap is on, and the kubelet refuses to start")
	assert.Equal(t, Warn, r.Verdict)

	r = result(t, Evaluate(derived(h), cat, Options{}), "kubeadm", "control-plane")
	assert.Equal(t, Fail, r.Verdict, "kubeadm's kubelet refuses swap")
	assert.False(t, check(t, r, CheckSwap).Ignored)
}

func TestNewDistributions(t *testing.T) {
	cat := defaultCatalog(t)
	core2 := machine("amd64", "x86_64", 2, 4*GiB, 100*GiB)
	core2.CPU.Model = "Intel(R) Core(TM)2 Duo CPU P8600 @ 2.40GHz"
	core2.CPU.Flags = []string{"fpu", "lm", "cx16", "lahf_lm", "pni", "ssse3", "sse4_1"}
	core2.Disk.DeviceBytes = 250e9
	c := check(t, result(t, Evaluate(derived(core2), cat, Options{}), "talos", "control-plane"), CheckCPUFlags)
	assert.Equal(t, Fail, c.Verdict)
	assert.Contains(t, c.Reason, "is not x86-64-v2: it lacks popcnt, sse4_2")
	require.NotNil(t, c.Fixable)
	assert.False(t, *c.Fixable)

	westmere := core2
	westmere.CPU.Flags = []string{"fpu", "lm", "cx16", "lahf_lm", "popcnt", "pni", "ssse3", "sse4_1", "sse4_2"}
	assert.Equal(t, Pass, check(t, result(t, Evaluate(derived(westmere), cat, Options{}), "talos", "control-plane"), CheckCPUFlags).Verdict)

	noflags := core2
	noflags.CPU.Flags = nil
	assert.Equal(t, Warn, check(t, result(t, Evaluate(derived(noflags), cat, Options{}), "talos", "worker"), CheckCPUFlags).Verdict, "a snapshot without flags leaves the check unknown")

	pi := machine("arm64", "aarch64", 4, 8*GiB, 100*GiB)
	pi.Disk.DeviceBytes = 32e9
	assert.Equal(t, Pass, check(t, result(t, Evaluate(derived(pi), cat, Options{}), "talos", "worker"), CheckCPUFlags).Verdict, "no flags needed on arm64")
	d := check(t, result(t, Evaluate(derived(pi), cat, Options{}), "talos", "worker"), CheckDisk)
	assert.Equal(t, Warn, d.Verdict, "32 GB disk: above 10 GiB, below the 100 GiB recommendation")
	assert.Contains(t, d.Got, "disk (sda)")

	mac := westmere
	mac.OS = probe.OS{Name: "darwin", Arch: "amd64", Machine: "x86_64"}
	assert.Equal(t, Fail, check(t, result(t, Evaluate(derived(mac), cat, Options{}), "talos", "worker"), CheckOS).Verdict, "Talos is judged only where it installs: not on macOS")
	linux := westmere
	linux.OS = probe.OS{Name: "linux", ID: "debian", Arch: "amd64", Machine: "x86_64"}
	assert.Equal(t, Pass, check(t, result(t, Evaluate(derived(linux), cat, Options{}), "talos", "worker"), CheckOS).Verdict, "Talos replaces Debian: only the hardware matters")
	assert.Equal(t, Fail, check(t, result(t, Evaluate(derived(mac), cat, Options{}), "rke2", "server"), CheckOS).Verdict)

	ubuntu := machine("amd64", "x86_64", 4, 8*GiB, 100*GiB)
	ubuntu.OS.ID, ubuntu.OS.IDLike = "ubuntu", "debian"
	c = check(t, result(t, Evaluate(derived(ubuntu), cat, Options{}), "microshift", "node"), CheckOS)
	assert.Equal(t, Fail, c.Verdict)
	assert.Contains(t, c.Reason, "runs on rhel only, not ubuntu")
	rocky := ubuntu
	rocky.OS.ID, rocky.OS.IDLike = "rocky", "rhel centos fedora"
	assert.Equal(t, Pass, check(t, result(t, Evaluate(derived(rocky), cat, Options{}), "microshift", "node"), CheckOS).Verdict, "ID_LIKE rhel counts")

	kubeadm := result(t, Evaluate(derived(machine("amd64", "x86_64", 2, 1700*MiB, 100*GiB)), cat, Options{}), "kubeadm", "control-plane")
	assert.Equal(t, Warn, check(t, kubeadm, CheckMemory).Verdict, "1700 MiB meets the preflight's 1700 MB, not the docs' 2 GB")
	assert.Contains(t, check(t, kubeadm, CheckMemory).Source, "install-kubeadm", "the recommendation cites the docs")
}

func TestCatalogHasTheWholeField(t *testing.T) {
	cat := defaultCatalog(t)
	for _, id := range []string{"k3s", "k0s", "microk8s", "minikube", "rke2", "kubeadm", "kind", "k3d", "microshift", "talos"} {
		d := cat.Distro(id)
		require.NotNil(t, d, id)
		assert.NotEmpty(t, d.Version, id)
		for _, r := range d.Roles {
			assert.NotNil(t, r.Footprint, "%s:%s says its footprint or why there is none", id, r.Name)
		}
	}
}

// The figures behind the headroom, exactly: what the OS uses, what the role
// leaves, and how far the machine is above what the role asks. A figure
// that cannot be known is nil, never a number made from a zero.
func TestHeadroomFigures(t *testing.T) {
	cat := defaultCatalog(t)
	mem := func(total, available uint64) probe.Host {
		h := machine("amd64", "x86_64", 4, total, 100*GiB)
		h.Memory.InstalledBytes, h.Memory.AvailableBytes = total, available
		return h
	}
	noCPU := mem(8*GiB, 7*GiB)
	noCPU.CPU = probe.CPU{}
	tests := []struct {
		name                   string
		host                   probe.Host
		distro, role           string
		osUse, left, fp, fpCPU *float64
		aboveMem, aboveCPUs    *float64
	}{
		{"k3s server: 1 GiB in use, 1428 MB footprint, 2 GB and 2 CPUs asked", mem(8*GiB, 7*GiB), "k3s", "server",
			f64(GiB), f64(8*GiB - GiB - 1428e6), f64(1428e6), f64(0.05), f64(8*GiB - 2e9), f64(2)},
		{"k0s controller publishes memory but no CPU figure", mem(8*GiB, 7*GiB), "k0s", "controller",
			f64(GiB), f64(8*GiB - GiB - 330e6), f64(330e6), nil, f64(8*GiB - 1e9), f64(3)},
		{"MicroK8s asks no CPUs: nothing above", mem(8*GiB, 7*GiB), "microk8s", "node",
			f64(GiB), nil, nil, nil, f64(8*GiB - 4e9), nil},
		{"all of MemTotal available: the OS uses 0, which is known", mem(8*GiB, 8*GiB), "k3s", "server",
			f64(0), f64(8*GiB - 1428e6), f64(1428e6), f64(0.05), f64(8*GiB - 2e9), f64(2)},
		{"MemAvailable unknown: the OS's use is unknown, not MemTotal", mem(8*GiB, 0), "k3s", "server",
			nil, f64(8*GiB - 1428e6), f64(1428e6), f64(0.05), f64(8*GiB - 2e9), f64(2)},
		{"MemAvailable above MemTotal is nonsense: unknown", mem(8*GiB, 8*GiB+1), "k3s", "server",
			nil, f64(8*GiB - 1428e6), f64(1428e6), f64(0.05), f64(8*GiB - 2e9), f64(2)},
		{"memory unknown: nothing left or above is known", mem(0, 0), "k3s", "server",
			nil, nil, f64(1428e6), f64(0.05), nil, f64(2)},
		{"CPUs unknown: nothing above is known", noCPU, "k3s", "server",
			f64(GiB), f64(8*GiB - GiB - 1428e6), f64(1428e6), f64(0.05), f64(8*GiB - 2e9), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := result(t, Evaluate(derived(tt.host), cat, Options{}), tt.distro, tt.role)
			assert.Equal(t, tt.osUse, r.Headroom.OSUseBytes, "OS use")
			assert.Equal(t, tt.left, r.Headroom.LeftBytes, "left")
			assert.Equal(t, tt.fp, r.Headroom.FootprintBytes, "footprint")
			assert.Equal(t, tt.fpCPU, r.Headroom.FootprintCPU, "footprint CPU")
			assert.Equal(t, tt.aboveMem, r.HeadroomBytes, "memory above")
			assert.Equal(t, tt.aboveCPUs, r.HeadroomCPUs, "CPUs above")
		})
	}
}
