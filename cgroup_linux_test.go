package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRealCgroupLimits runs the kfit binary inside a cgroup of its own,
// limited to 512 MiB and half a CPU, and checks that kfit reports those
// limits and judges against them. It needs root and a writable cgroup
// hierarchy (v1 memory and cpu, or v2 with both controllers enabled at the
// root); it removes its cgroups afterwards.
func TestRealCgroupLimits(t *testing.T) {
	if os.Geteuid() != 0 {
		skipUnlessCI(t, "creating a cgroup needs root")
	}
	memDir, cpuDir, v2, err := cgroupParents()
	if err != nil {
		skipUnlessCI(t, "no writable cgroup hierarchy with memory and cpu: %v", err)
	}
	name := fmt.Sprintf("kfit-test-%d", os.Getpid())
	var dirs []string
	mk := func(parent string) string {
		d := filepath.Join(parent, name)
		if err := os.Mkdir(d, 0o755); err != nil && !os.IsExist(err) {
			skipUnlessCI(t, "cannot create a cgroup: %v", err)
		}
		dirs = append(dirs, d)
		return d
	}
	t.Cleanup(func() {
		for _, d := range dirs {
			if err := os.Remove(d); err != nil && !os.IsNotExist(err) {
				t.Errorf("remove cgroup %s: %v", d, err)
			}
		}
	})
	mem := mk(memDir)
	cpu := mem
	if !v2 {
		cpu = mk(cpuDir)
	}
	write := func(dir, file, value string) {
		require.NoError(t, os.WriteFile(filepath.Join(dir, file), []byte(value), 0o644), "%s/%s", dir, file)
	}
	if v2 {
		write(mem, "memory.max", "536870912")
		write(cpu, "cpu.max", "50000 100000")
	} else {
		write(mem, "memory.limit_in_bytes", "536870912")
		write(cpu, "cpu.cfs_period_us", "100000")
		write(cpu, "cpu.cfs_quota_us", "50000")
	}

	bin := buildKfit(t)

	// The shell moves itself into the cgroups, then becomes kfit.
	script := fmt.Sprintf("echo $$ > %s/cgroup.procs && echo $$ > %s/cgroup.procs && exec %s check -o json --distro k3s", mem, cpu, bin)
	cmd := exec.Command("sh", "-c", script)
	stdout, err := cmd.Output()
	ee, ok := err.(*exec.ExitError)
	require.True(t, ok, "kfit must exit 1: no k3s role fits half a CPU (err: %v)", err)
	require.Equal(t, 1, ee.ExitCode(), "stderr: %s", ee.Stderr)

	var rep struct {
		Host struct {
			CPU struct {
				Quota     *float64 `json:"quota"`
				Effective float64  `json:"effective"`
			} `json:"cpu"`
			Memory struct {
				LimitBytes     uint64 `json:"limitBytes"`
				EffectiveBytes uint64 `json:"effectiveBytes"`
			} `json:"memory"`
		} `json:"host"`
		Results []struct {
			Role    string `json:"role"`
			Verdict string `json:"verdict"`
			Checks  []struct {
				ID, Verdict, Got, Reason string
			} `json:"checks"`
		} `json:"results"`
	}
	require.NoError(t, json.Unmarshal(stdout, &rep))
	assert.Equal(t, uint64(512<<20), rep.Host.Memory.LimitBytes)
	assert.Equal(t, uint64(512<<20), rep.Host.Memory.EffectiveBytes)
	require.NotNil(t, rep.Host.CPU.Quota)
	assert.Equal(t, 0.5, *rep.Host.CPU.Quota)
	assert.Equal(t, 0.5, rep.Host.CPU.Effective)

	checks := map[string]map[string][2]string{}
	for _, r := range rep.Results {
		checks[r.Role] = map[string][2]string{}
		for _, c := range r.Checks {
			checks[r.Role][c.ID] = [2]string{c.Verdict, c.Reason}
		}
	}
	assert.Equal(t, "fail", checks["server"]["memory"][0])
	assert.Contains(t, checks["server"]["memory"][1], "limited to 512 MiB")
	assert.Equal(t, "fail", checks["server"]["cpu"][0])
	assert.Contains(t, checks["server"]["cpu"][1], "limited to 0.5 CPUs")
	assert.Equal(t, "fail", checks["agent"]["cpu"][0], "half a CPU is below the agent's 1 core")
	assert.Equal(t, "pass", checks["agent"]["memory"][0], "512 MiB meets the agent's 512 MB")
}

// buildKfit builds the kfit binary for tests that watch a real process.
func buildKfit(t *testing.T) string {
	t.Helper()
	// Not t.TempDir: its parent is private, and one test runs the binary
	// as another user.
	dir, err := os.MkdirTemp("", "kfit-bin-")
	require.NoError(t, err)
	t.Cleanup(func() { os.RemoveAll(dir) })
	require.NoError(t, os.Chmod(dir, 0o755))
	bin := filepath.Join(dir, "kfit")
	build := exec.Command("go", "build", "-o", bin, ".")
	// For the architecture these tests run as: under scripts/test-emulated,
	// an arm or 386 kfit, not the machine's own.
	build.Env = append(os.Environ(), "CGO_ENABLED=0", "GOARCH="+runtime.GOARCH)
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, s := range info.Settings {
			if s.Key == "GOARM" || s.Key == "GO386" {
				build.Env = append(build.Env, s.Key+"="+s.Value)
			}
		}
	}
	out, err := build.CombinedOutput()
	require.NoError(t, err, string(out))
	return bin
}

// cgroupParents finds where to create test cgroups: the v1 memory and cpu
// hierarchies, or the v2 root when it delegates memory and cpu to children.
// cgroupMount is a cgroup mount of this process's mount table.
type cgroupMount struct {
	point, fstype string
	opts          string // its super options, as ",a,b,"
}

// cgroupMounts lists the cgroup and cgroup2 mounts of this process.
func cgroupMounts() ([]cgroupMount, error) {
	f, err := os.Open("/proc/self/mountinfo")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []cgroupMount
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		sep := slices.Index(fields, "-")
		if sep < 5 || len(fields) < sep+4 {
			continue
		}
		if fstype := fields[sep+1]; fstype == "cgroup" || fstype == "cgroup2" {
			out = append(out, cgroupMount{fields[4], fstype, "," + fields[sep+3] + ","})
		}
	}
	return out, sc.Err()
}

func cgroupParents() (mem, cpu string, v2 bool, err error) {
	mounts, err := cgroupMounts()
	if err != nil {
		return "", "", false, err
	}
	var unified string
	for _, m := range mounts {
		switch {
		case m.fstype == "cgroup" && strings.Contains(m.opts, ",memory,"):
			mem = m.point
		case m.fstype == "cgroup" && strings.Contains(m.opts, ",cpu,"):
			cpu = m.point
		case m.fstype == "cgroup2" && m.point == "/sys/fs/cgroup":
			unified = m.point
		}
	}
	if mem != "" && cpu != "" {
		return mem, cpu, false, nil
	}
	if unified != "" {
		b, err := os.ReadFile(filepath.Join(unified, "cgroup.subtree_control"))
		if err == nil && strings.Contains(" "+string(b)+" ", " memory ") && strings.Contains(" "+strings.TrimSpace(string(b))+" ", " cpu ") {
			return unified, unified, true, nil
		}
		return "", "", false, fmt.Errorf("cgroup v2 root does not delegate memory and cpu (cgroup.subtree_control: %q)", strings.TrimSpace(string(b)))
	}
	return "", "", false, fmt.Errorf("no cgroup mounts with memory and cpu")
}
