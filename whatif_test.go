package main

import (
	"flag"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/urfave/cli/v2"

	"github.com/kfit-dev/kfit/probe"
)

// whatIfContext parses args with check's flags, as urfave/cli would.
func whatIfContext(t *testing.T, args ...string) *cli.Context {
	t.Helper()
	set := flag.NewFlagSet("check", flag.ContinueOnError)
	for _, f := range checkFlags() {
		require.NoError(t, f.Apply(set))
	}
	require.NoError(t, set.Parse(args))
	return cli.NewContext(&cli.App{}, set, nil)
}

func TestWhatIfFlags(t *testing.T) {
	probed := func() probe.Host {
		free := uint64(50e9)
		q := 1.5
		return probe.Host{SchemaVersion: 1,
			OS:     probe.OS{Name: "linux", ID: "debian", Version: "12", Arch: "amd64", Machine: "x86_64"},
			CPU:    probe.CPU{Logical: 4, Physical: 2, Online: 4, Affinity: 4, Quota: &q, Flags: []string{"lm"}},
			Memory: probe.Memory{TotalBytes: 3920124 * 1024, AvailableBytes: 3 << 30, InstalledBytes: 4 << 30, LimitBytes: 2 << 30},
			Disk:   probe.Disk{Path: "/var/lib", FreeBytes: &free, TotalBytes: 252e9, DeviceBytes: 256e9}}
	}
	tests := []struct {
		name     string
		args     []string
		describe bool
		check    func(t *testing.T, h probe.Host)
	}{
		{"a described machine", []string{"--cpus", "2", "--memory", "4GB", "--arch", "amd64", "--os", "ubuntu:22.04", "--disk", "120GB"}, true,
			func(t *testing.T, h probe.Host) {
				assert.Equal(t, probe.OS{Name: "linux", ID: "ubuntu", Version: "22.04", PrettyName: "ubuntu 22.04", Arch: "amd64", Machine: "x86_64"}, h.OS)
				assert.Equal(t, 2.0, h.CPU.Effective)
				assert.Equal(t, uint64(4e9), h.Memory.InstalledBytes, "one size rule: GB is decimal for RAM too")
				assert.Equal(t, uint64(120e9), *h.Disk.FreeBytes, "GB is decimal")
				assert.Contains(t, h.Why("cgroup"), "not described")
			}},
		{"more RAM on the probed machine keeps its cgroup limit", []string{"--memory", "8GiB"}, false,
			func(t *testing.T, h probe.Host) {
				assert.Equal(t, uint64(8<<30), h.Memory.InstalledBytes)
				assert.Equal(t, uint64(2<<30), h.Memory.EffectiveBytes)
				assert.Equal(t, "debian", h.OS.ID, "the rest of the machine stays")
			}},
		{"every memory figure becomes the what-if machine's, and the OS keeps using what it uses", []string{"--memory", "8G"}, false,
			func(t *testing.T, h probe.Host) {
				assert.Equal(t, uint64(8<<30), h.Memory.InstalledBytes, "a bare G is binary")
				assert.Equal(t, uint64(8<<30), h.Memory.TotalBytes)
				inUse := uint64(3920124*1024 - 3<<30)
				assert.Equal(t, uint64(8<<30)-inUse, h.Memory.AvailableBytes)
			}},
		{"less RAM than the OS uses leaves none available: unknown, not negative", []string{"--memory", "512MiB"}, false,
			func(t *testing.T, h probe.Host) {
				assert.Equal(t, uint64(512<<20), h.Memory.TotalBytes)
				assert.Zero(t, h.Memory.AvailableBytes)
			}},
		{"more disk free than the disk holds makes the disk that large", []string{"--disk", "1TB"}, false,
			func(t *testing.T, h probe.Host) {
				assert.Equal(t, uint64(1e12), *h.Disk.FreeBytes)
				assert.Equal(t, uint64(1e12), h.Disk.TotalBytes)
				assert.Equal(t, uint64(1e12), h.Disk.DeviceBytes)
			}},
		{"less disk free keeps the disk's size", []string{"--disk", "10GB"}, false,
			func(t *testing.T, h probe.Host) {
				assert.Equal(t, uint64(10e9), *h.Disk.FreeBytes)
				assert.Equal(t, uint64(252e9), h.Disk.TotalBytes)
			}},
		{"fractional CPUs become a quota", []string{"--cpus", "0.5"}, false,
			func(t *testing.T, h probe.Host) {
				assert.Equal(t, 1, h.CPU.Logical)
				assert.Equal(t, 0.5, h.CPU.Effective)
			}},
		{"whole CPUs keep the probed cgroup quota", []string{"--cpus", "8"}, false,
			func(t *testing.T, h probe.Host) {
				assert.Equal(t, 8, h.CPU.Logical)
				assert.Equal(t, 1.5, h.CPU.Effective)
			}},
		{"another architecture forgets the CPU flags", []string{"--arch", "armv7"}, true,
			func(t *testing.T, h probe.Host) {
				assert.Equal(t, "arm", h.OS.Arch)
				assert.Equal(t, "armv7l", h.OS.Machine)
				assert.Nil(t, h.CPU.Flags)
			}},
		{"--os darwin", []string{"--os", "macos"}, true, func(t *testing.T, h probe.Host) { assert.Equal(t, "darwin", h.OS.Name) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, err := parseWhatIf(whatIfContext(t, tt.args...))
			require.NoError(t, err)
			assert.Equal(t, tt.describe, w.describes())
			h := probed()
			if w.describes() {
				h = w.describedHost()
			}
			w.apply(&h)
			tt.check(t, h)
		})
	}
	for _, bad := range [][]string{{"--memory", "4"}, {"--disk", "-1GB"}, {"--cpus", "0"}, {"--arch", "vax"}, {"--os", ":22.04"}, {"--os", "bogus"}, {"--memory", "0GB"}} {
		_, err := parseWhatIf(whatIfContext(t, bad...))
		assert.Error(t, err, "%v", bad)
	}
}

// The help lists every architecture --arch takes, and only those.
func TestArchNamesAreKnown(t *testing.T) {
	for _, a := range archNames {
		arch, _ := archOf(a)
		assert.NotEmpty(t, arch, a)
	}
}
