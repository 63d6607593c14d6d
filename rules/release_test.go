package rules

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kfit-dev/kfit/catalog"
	"github.com/kfit-dev/kfit/probe"
)

func day(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

// A cgroup v1 host fails k3s's current release; while v1.34 is still
// supported the summary can say it would fit, and after its end of support
// it says nothing.
func TestAnOlderReleaseThatStillFits(t *testing.T) {
	sel, err := defaultCatalog(t).Select([]catalog.Spec{{Distro: "k3s", Role: "server"}})
	require.NoError(t, err)
	v1 := edited(func(h *probe.Host) { h.Cgroup.Version = probe.CgroupV1 })

	r := result(t, Evaluate(v1, sel, Options{Today: day("2026-09-01")}), "k3s", "server")
	assert.Equal(t, Fail, r.Verdict)
	assert.Equal(t, "v1.36", r.Version)
	require.NotNil(t, r.Older, "v1.34 tolerated cgroup v1 and is supported until 2026-10-27")
	assert.Equal(t, OlderFit{Version: "v1.34", EndOfSupport: "2026-10-27", Source: "https://kubernetes.io/releases/1.34/"}, *r.Older)

	r = result(t, Evaluate(v1, sel, Options{Today: day("2026-11-30")}), "k3s", "server")
	assert.Nil(t, r.Older, "v1.34's support ended on 2026-10-27; v1.35 refuses cgroup v1 too")

	r = result(t, Evaluate(v1, sel, Options{}), "k3s", "server")
	assert.Nil(t, r.Older, "without a day, no release is counted on")

	r = result(t, Evaluate(typical(), sel, Options{Today: day("2026-09-01")}), "k3s", "server")
	assert.Nil(t, r.Older, "a release that fits needs no older one")

	// Hardware no release changes: no older release fits either.
	small := edited(func(h *probe.Host) { h.Cgroup.Version = probe.CgroupV1; h.CPU.Logical, h.CPU.Effective = 1, 1 })
	r = result(t, Evaluate(small, sel, Options{Today: day("2026-09-01")}), "k3s", "server")
	assert.Nil(t, r.Older)
}

// Pinning a release judges it: k3s v1.34 warns on cgroup v1 where v1.36 fails.
func TestAPinnedRelease(t *testing.T) {
	sel, err := defaultCatalog(t).Select([]catalog.Spec{{Distro: "k3s", Role: "server", Version: "v1.34"}})
	require.NoError(t, err)
	v1 := edited(func(h *probe.Host) { h.Cgroup.Version = probe.CgroupV1 })
	r := result(t, Evaluate(v1, sel, Options{}), "k3s", "server")
	assert.Equal(t, "v1.34", r.Version)
	c := check(t, r, CheckCgroup)
	assert.Equal(t, Warn, c.Verdict)
	assert.Contains(t, c.Reason, "kubelets from 1.35 refuse it by default")
}

// --purpose limits the best pick; the best of the other purposes is named;
// --strict decides what fits before the pick.
func TestPurposeAndStrictDecideThePick(t *testing.T) {
	cat := defaultCatalog(t)
	h := typical()

	rep := Evaluate(h, cat, Options{Purpose: catalog.PurposeServer})
	require.NotNil(t, rep.Best)
	assert.Equal(t, catalog.PurposeServer, rep.Best.Purpose)
	assert.Equal(t, "server", rep.Purpose)
	purposes := map[string]string{}
	for _, o := range rep.Others {
		purposes[o.Purpose] = o.Distro
	}
	assert.Contains(t, []string{"kind", "k3d", "minikube"}, purposes[catalog.PurposeDev], "the best for development is named")
	assert.Equal(t, "talos", purposes[catalog.PurposeOS])

	rep = Evaluate(h, cat, Options{Purpose: catalog.PurposeDev})
	require.NotNil(t, rep.Best)
	assert.Equal(t, catalog.PurposeDev, rep.Best.Purpose)

	rep = Evaluate(h, cat, Options{Purpose: catalog.PurposeOS})
	require.NotNil(t, rep.Best)
	assert.Equal(t, "talos", rep.Best.Distro)
	assert.Contains(t, rep.Best.Reason, "it replaces the operating system and takes the whole disk")

	rep = Evaluate(h, cat, Options{Purpose: PurposeAny})
	assert.Empty(t, rep.Others, "any purpose: one pick")

	// Under --strict a role that only warns neither fits nor is picked.
	sel, err := cat.Select([]catalog.Spec{{Distro: "k3s"}})
	require.NoError(t, err)
	warns := edited(func(h *probe.Host) { h.Memory.SwapBytes = nil })
	rep = Evaluate(warns, sel, Options{Strict: true})
	assert.True(t, rep.Strict)
	for _, r := range rep.Results {
		assert.Equal(t, Warn, r.Verdict)
		assert.False(t, r.Fits, "%s %s warns: it does not fit under --strict", r.Distro, r.Role)
	}
	assert.Nil(t, rep.Best, "no role that fails --strict is the best pick")
	rep = Evaluate(warns, sel, Options{})
	require.NotNil(t, rep.Best)
	assert.True(t, result(t, rep, "k3s", "server").Fits)
}

// Talos is not judged on macOS or Windows: it installs on a machine that
// runs Linux now (kfit cannot read a Mac's disks and firmware as Talos would
// need them).
func TestTalosOnlyWhereItInstalls(t *testing.T) {
	mac := edited(func(h *probe.Host) { h.OS.Name = "darwin" })
	r := result(t, Evaluate(mac, defaultCatalog(t), Options{}), "talos", "control-plane")
	assert.Equal(t, Fail, check(t, r, CheckOS).Verdict)
}

// minikube holds MemTotal to 1800 MiB and warns below 1900 MiB, as its
// start command does.
func TestMinikubeJudgesMemTotal(t *testing.T) {
	sel, err := defaultCatalog(t).Select([]catalog.Spec{{Distro: "minikube"}})
	require.NoError(t, err)
	tests := []struct {
		name     string
		memTotal uint64
		want     Verdict
		reason   string
	}{
		{"2 GB whose firmware keeps 253 MiB", 1795 * MiB, Fail, "its preflight needs a MemTotal of 1800 MiB, has 1.8 GiB"},
		{"MemTotal between 1800 and 1900 MiB", 1850 * MiB, Warn, "its preflight warns below a MemTotal of 1900 MiB"},
		{"MemTotal of 3.8 GiB", 3900 * MiB, Pass, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := derived(machine("amd64", "x86_64", 2, tt.memTotal, 100*GiB))
			c := check(t, result(t, Evaluate(h, sel, Options{}), "minikube", "node"), CheckMemory)
			assert.Equal(t, tt.want, c.Verdict, c.Reason)
			assert.Contains(t, c.Reason, tt.reason)
		})
	}
}

// On macOS and Windows the kubelet runs in a Linux VM: the host's cgroups,
// kernel options and swap are not checked, and a stopped Docker is Docker
// Desktop's to start.
func TestNoLinuxChecksOnAMacOrAPC(t *testing.T) {
	for _, name := range []string{"darwin", "windows"} {
		h := edited(func(h *probe.Host) {
			h.OS = probe.OS{Name: name, Arch: "amd64"}
			h.Cgroup = probe.Cgroup{}
			h.Memory.SwapBytes = u64(2 * GiB)
			h.Runtime.Tools = map[string]probe.Tool{"docker": {Path: "/usr/local/bin/docker"}}
		})
		r := result(t, Evaluate(h, defaultCatalog(t), Options{}), "kind", "cluster")
		for _, c := range r.Checks {
			assert.NotContains(t, []string{CheckCgroup, CheckKernel, CheckSwap}, c.ID, "%s: %s is the VM's, not this machine's", name, c.ID)
		}
		rt := check(t, r, CheckRuntime)
		assert.Equal(t, "start Docker Desktop (or the Docker engine you use)", rt.Fix, name)
	}
}

// Talos is judged from the machine's own OS, not from a container or WSL,
// whose CPU and memory limits are not the machine's.
func TestTalosNotFromAContainer(t *testing.T) {
	for _, kind := range []string{probe.EnvContainer, probe.EnvWSL} {
		h := edited(func(h *probe.Host) { h.Environment = probe.Environment{Kind: kind} })
		c := check(t, result(t, Evaluate(h, defaultCatalog(t), Options{}), "talos", "control-plane"), CheckOS)
		assert.Equal(t, Fail, c.Verdict, kind)
		assert.Contains(t, c.Reason, "kfit judges it only from that OS")
	}
}

// A pinned release past its end of support warns, and says which release
// is current; one still supported passes; the current release has no such
// check.
func TestReleaseCheckSaysWhenSupportEnded(t *testing.T) {
	cat := defaultCatalog(t)
	judge := func(version string) (Result, bool) {
		sel, err := cat.Select([]catalog.Spec{{Distro: "k3s", Role: "agent", Version: version}})
		require.NoError(t, err)
		r := result(t, Evaluate(typical(), sel, Options{Today: day("2026-11-30")}), "k3s", "agent")
		for _, c := range r.Checks {
			if c.ID == CheckRelease {
				return r, true
			}
		}
		return r, false
	}
	r, ok := judge("v1.33")
	require.True(t, ok)
	c := check(t, r, CheckRelease)
	assert.Equal(t, Warn, c.Verdict)
	assert.Equal(t, "v1.33's support ended on 2026-06-28: it gets no more fixes; the current release is v1.36", c.Reason)
	assert.Equal(t, "https://kubernetes.io/releases/1.33/", c.Source)

	r, ok = judge("v1.35")
	require.True(t, ok)
	assert.Equal(t, Pass, check(t, r, CheckRelease).Verdict)

	_, ok = judge("")
	assert.False(t, ok, "the current release is not checked")
}
