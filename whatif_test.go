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
			Disk:   probe.Disk{Path: "/var/lib", FreeBytes: &free}}
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
				assert.Equal(t, uint64(4<<30), h.Memory.InstalledBytes, "RAM sizes are binary: 4GB is 4 GiB")
				assert.Equal(t, uint64(120e9), *h.Disk.FreeBytes, "disk sizes are decimal")
				assert.Contains(t, h.Why("cgroup"), "not described")
			}},
		{"more RAM on the probed machine keeps its cgroup limit", []string{"--memory", "8GB"}, false,
			func(t *testing.T, h probe.Host) {
				assert.Equal(t, uint64(8<<30), h.Memory.InstalledBytes)
				assert.Equal(t, uint64(2<<30), h.Memory.EffectiveBytes)
				assert.Equal(t, "debian", h.OS.ID, "the rest of the machine stays")
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
	for _, bad := range [][]string{{"--memory", "4"}, {"--disk", "-1GB"}, {"--cpus", "0"}, {"--arch", "vax"}, {"--os", ":22.04"}} {
		_, err := parseWhatIf(whatIfContext(t, bad...))
		assert.Error(t, err, "%v", bad)
	}
}
