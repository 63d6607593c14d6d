//go:build linux

package probe

import (
	"context"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kfit-dev/kfit/internal/fsroot"
)

// These tests pin the comparisons, bounds and arithmetic of the probe at
// their edges: each would fail if a < became <=, a limit moved by one or a
// condition were turned round (mutation testing, issue 10).

// writeRoot makes a fake root of files (path -> content; a path ending in
// "/" is an empty directory).
func writeRoot(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if strings.HasSuffix(name, "/") {
			require.NoError(t, os.MkdirAll(p, 0o755))
			continue
		}
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	}
	return dir
}

func collectFiles(t *testing.T, files map[string]string) Host {
	t.Helper()
	h, err := Collect(context.Background(), fakeSys(Options{Root: writeRoot(t, files)}))
	require.NoError(t, err)
	return h
}

func proberFor(t *testing.T, files map[string]string) prober {
	t.Helper()
	r, err := fsroot.Open(writeRoot(t, files))
	require.NoError(t, err)
	return prober{root: r, opt: fakeSys(Options{})}
}

func TestInvisibleRunesAtTheEdgesOfTheirRanges(t *testing.T) {
	for r, want := range map[rune]bool{
		0x1f: true, 0x20: false, 0x7e: false, 0x7f: true, 0x80: true, 0x85: true, 0x9f: true, 0xa0: false,
		0x2029: false, 0x202a: true, 0x202e: true, 0x202f: false,
		0x2065: false, 0x2066: true, 0x2067: true, 0x2069: true, 0x206a: false,
		0x200e: true, 0x200f: true, 0x061c: true, 'é': false, '…': false,
	} {
		assert.Equal(t, want, invisible(r), "%U", r)
	}
}

func TestIsClean(t *testing.T) {
	assert.True(t, isClean("abc", 3), "exactly at the limit")
	assert.False(t, isClean("abcd", 3))
	assert.False(t, isClean("\x01", 10), "a C0 control alone")
	assert.False(t, isClean("a\x7f", 10), "DEL")
	assert.False(t, isClean("\u0085", 10), "a C1 control, two bytes in UTF-8")
	assert.False(t, isClean("\xff", 10), "invalid UTF-8")
	assert.True(t, isClean("Raspberry Pi 4 Model B Rev 1.4 – é", 64))
}

func TestClip(t *testing.T) {
	assert.Equal(t, "abc", clip("abc", 3), "a string exactly at the limit is kept whole")
	assert.Equal(t, "a…", clip("abcde", 4), "cut to 4 bytes: one byte and the 3-byte mark")
	assert.Equal(t, "é…", clip("éééé", 6), "the cut backs off to a rune boundary")
	assert.Equal(t, "…", clip("\x80\x80\x80\x80\x80", 4), "no rune start at all before the cut")
	assert.Equal(t, "…", clip("abcdef", 2), "a limit below the mark's size")
}

func TestCleanHostFactsAtTheirLimits(t *testing.T) {
	h := Host{
		Hostname: strings.Repeat("h", 253),
		Missing:  map[string]string{"cpu\x1b[2J": "why", "k": strings.Repeat("w", 1024)},
	}
	cleanHost(&h)
	assert.Equal(t, strings.Repeat("h", 253), h.Hostname, "253 bytes is a legal hostname")
	assert.Equal(t, map[string]string{"cpu[2J": "why", "k": strings.Repeat("w", 1024)}, h.Missing)

	h = Host{Hostname: strings.Repeat("h", 254), Missing: map[string]string{"k": strings.Repeat("w", 1025)}}
	cleanHost(&h)
	assert.Equal(t, strings.Repeat("h", 250)+"…", h.Hostname)
	assert.Equal(t, strings.Repeat("w", 1021)+"…", h.Missing["k"])
}

func TestCleanValueMaps(t *testing.T) {
	type facts struct {
		ByName  map[string]int
		ByIndex map[int]string
		Counts  map[int]int
	}
	f := facts{
		ByName:  map[string]int{"ok": 1, "bad\x07": 2},
		ByIndex: map[int]string{1: "bell\x07"},
		Counts:  map[int]int{1: 2},
	}
	cleanValue(reflect.ValueOf(&f).Elem(), maxFact)
	assert.Equal(t, facts{
		ByName:  map[string]int{"ok": 1, "bad": 2},
		ByIndex: map[int]string{1: "bell"},
		Counts:  map[int]int{1: 2},
	}, f)
}

func TestJSONErrorFromADecoder(t *testing.T) {
	// An UnmarshalJSON error is neither a syntax nor a type error: its place
	// is the byte before where the decoder stopped.
	_, err := ReadSnapshot([]byte("{\"schemaVersion\": 1,\n \"cgroup\": {\"version\": \"three\"}}"), "s.json")
	assert.EqualError(t, err, `read snapshot s.json: line 2, column 32: cgroup version "three" is not 1, 2 or "hybrid"`)
}

func TestDerive(t *testing.T) {
	q := func(f float64) *float64 { return &f }
	tests := []struct {
		name      string
		in        Host
		mem       uint64
		effective float64
	}{
		{"no limit", Host{Memory: Memory{InstalledBytes: 4 * GiB}, CPU: CPU{Logical: 4, Online: 4, Affinity: 4}}, 4 * GiB, 4},
		{"a limit above the RAM", Host{Memory: Memory{InstalledBytes: 4 * GiB, LimitBytes: 8 * GiB}}, 4 * GiB, 0},
		{"a limit below it", Host{Memory: Memory{InstalledBytes: 4 * GiB, LimitBytes: GiB}}, GiB, 0},
		{"a limit and no RAM figure", Host{Memory: Memory{LimitBytes: GiB}}, GiB, 0},
		{"the smallest CPU count", Host{CPU: CPU{Logical: 8, Online: 6, Affinity: 2}}, 0, 2},
		{"affinity first", Host{CPU: CPU{Logical: 0, Online: 0, Affinity: 3}}, 0, 3},
		{"a quota below the CPUs", Host{CPU: CPU{Logical: 4, Quota: q(1.5)}}, 0, 1.5},
		{"a quota above them", Host{CPU: CPU{Logical: 4, Quota: q(6)}}, 0, 4},
		{"only a quota", Host{CPU: CPU{Quota: q(0.5)}}, 0, 0.5},
		{"a quota of 0 is no figure", Host{CPU: CPU{Logical: 4, Quota: q(0)}}, 0, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := tt.in
			h.Derive()
			assert.Equal(t, tt.mem, h.Memory.EffectiveBytes)
			assert.Equal(t, tt.effective, h.CPU.Effective)
		})
	}
}

func TestDropNonsenseAtTheBounds(t *testing.T) {
	q := func(f float64) *float64 { return &f }
	h := Host{CPU: CPU{Quota: q(maxCPUs), Effective: maxCPUs}}
	h.dropNonsense()
	assert.Equal(t, q(maxCPUs), h.CPU.Quota, "65536 CPUs is believable")
	assert.Equal(t, float64(maxCPUs), h.CPU.Effective)
	assert.Empty(t, h.Missing)

	h = Host{CPU: CPU{Quota: q(maxCPUs + 1), Effective: maxCPUs + 1}}
	h.dropNonsense()
	assert.Nil(t, h.CPU.Quota)
	assert.Zero(t, h.CPU.Effective)
	assert.Equal(t, []string{"cpu.effective", "cpu.quota"}, sortedKeys(h.Missing))

	h = Host{CPU: CPU{Quota: q(0), Effective: 0}}
	h.dropNonsense()
	assert.Nil(t, h.CPU.Quota, "a quota of no CPU at all")
	assert.Equal(t, []string{"cpu.quota"}, sortedKeys(h.Missing), "an effective 0 is unknown, not nonsense")

	h = Host{CPU: CPU{Quota: q(-1), Effective: -1}}
	h.dropNonsense()
	assert.Nil(t, h.CPU.Quota)
	assert.Zero(t, h.CPU.Effective)
	assert.Equal(t, []string{"cpu.effective", "cpu.quota"}, sortedKeys(h.Missing))
}

func sortedKeys(m map[string]string) []string { return slices.Sorted(maps.Keys(m)) }

func TestEstimateInstalledAtGranuleBoundaries(t *testing.T) {
	// The granule doubles when twice it fits in a quarter of MemTotal.
	assert.Equal(t, uint64(GiB), EstimateInstalled(GiB), "1 GiB: granule 256 MiB")
	assert.Equal(t, uint64(GiB+256*MiB), EstimateInstalled(GiB+1), "one byte more rounds up a 256 MiB granule")
	assert.Equal(t, uint64(GiB), EstimateInstalled(GiB-1), "one byte less: a 128 MiB granule")
	assert.Equal(t, uint64(128*MiB), EstimateInstalled(1), "at least 128 MiB")
}

// memRoot is a root with MemTotal and n memory blocks of 128 MiB.
func memRoot(memTotalKiB string, blocks int) map[string]string {
	files := map[string]string{
		"proc/meminfo": "MemTotal:       " + memTotalKiB + " kB\nMemFree:          100000 kB\nMemAvailable:     200000 kB\nSwapTotal:             0 kB\n",
		"sys/devices/system/memory/block_size_bytes": "8000000\n",
		"sys/devices/system/memory/power/":           "",
	}
	for i := range blocks {
		files["sys/devices/system/memory/memory"+strconv.Itoa(i)+"/online"] = "1\n"
	}
	return files
}

func TestInstalledFromMemoryBlocks(t *testing.T) {
	tests := []struct {
		name      string
		memTotal  string // kB
		blocks    int
		installed uint64
		from      string
	}{
		{"blocks exactly MemTotal", "1048576", 8, GiB, "memory-blocks"},
		{"blocks exactly twice MemTotal", "524288", 8, GiB, "memory-blocks"},
		{"blocks more than twice MemTotal", "524288", 9, 512 * MiB, "memtotal"},
		{"blocks fewer than MemTotal", "1048576", 7, GiB, "memtotal"},
		{"a 4 GB machine", "3920124", 32, 4 * GiB, "memory-blocks"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := proberFor(t, memRoot(tt.memTotal, tt.blocks))
			var h Host
			p.memory(&h)
			assert.Equal(t, tt.installed, h.Memory.InstalledBytes)
			assert.Equal(t, tt.from, h.Memory.InstalledFrom)
		})
	}
}

func TestParseCPUInfoSections(t *testing.T) {
	// Two sockets of one core each (kvm-xeon-2vcpu-2g): each section's
	// physical id keeps its own cpu cores.
	f, err := os.Open(filepath.Join(root("kvm-xeon-2vcpu-2g"), "proc", "cpuinfo"))
	require.NoError(t, err)
	defer f.Close()
	ci, err := ParseCPUInfo(f)
	require.NoError(t, err)
	assert.Equal(t, 2, ci.Processors)
	assert.Equal(t, 2, ci.Cores)

	ci, err = ParseCPUInfo(strings.NewReader("processor\t: 0\nphysical id\t: 0\n\nprocessor\t: 1\nphysical id\t: 1\n\n"))
	require.NoError(t, err)
	assert.Equal(t, 0, ci.Cores, "a physical id without cpu cores says nothing of the cores")
}

func TestStatCPUs(t *testing.T) {
	var b strings.Builder
	b.WriteString("cpu  2255 34 2290 22625563 6290 127 456 0 0 0\n")
	for i := range 12 {
		b.WriteString("cpu" + strconv.Itoa(i) + " 1132 34 1441 11311718 3675 127 438 0 0 0\n")
	}
	b.WriteString("cpu\nintr 1462898 0 0\nctxt 115315\n")
	p := proberFor(t, map[string]string{"proc/stat": b.String()})
	n, err := p.statCPUs()
	require.NoError(t, err)
	assert.Equal(t, 12, n, "cpu0 to cpu11, cpu9 among them; not the total line nor a bare cpu")
}

func TestTopologyCoresFromThreadSiblings(t *testing.T) {
	// Kernels before 5.3 have no core_cpus_list.
	files := map[string]string{}
	for i, l := range []string{"0-1", "0-1", "2-3", "2-3"} {
		files["sys/devices/system/cpu/cpu"+strconv.Itoa(i)+"/topology/thread_siblings_list"] = l + "\n"
	}
	assert.Equal(t, 2, proberFor(t, files).topologyCores())
}

func TestDefaultRoute(t *testing.T) {
	const head = "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n"
	route := func(iface, metric string) string {
		return iface + "\t00000000\t0102A8C0\t0003\t0\t0\t" + metric + "\t00000000\t0\t0\t0\n"
	}
	tests := []struct {
		name, table, want string
	}{
		{"the lowest metric", route("wlp2s0", "600") + route("enp0s25", "100"), "enp0s25"},
		{"a metric of 0 first", route("enp0s25", "0") + route("wlp2s0", "600"), "enp0s25"},
		{"equal metrics: the first", route("wlp2s0", "600") + route("enp0s25", "600"), "wlp2s0"},
		{"the fields up to the mask are enough", "eth0\t00000000\t0102A8C0\t0003\t0\t0\t0\t00000000\n", "eth0"},
		{"a line cut before the mask", "eth0\t00000000\t0102A8C0\t0003\t0\t0\t0\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := proberFor(t, map[string]string{"proc/net/route": head + tt.table}).defaultRoute()
			if tt.want == "" {
				assert.Nil(t, r)
				return
			}
			require.NotNil(t, r)
			assert.Equal(t, tt.want, r.Interface)
		})
	}
}

func TestFactsReadFromSingleFiles(t *testing.T) {
	h := collectFiles(t, map[string]string{
		"proc/cmdline":        "BOOT_IMAGE=/vmlinuz-6.1.0-18-amd64 root=UUID=0b5c ro quiet\n",
		"sys/hypervisor/type": "xen\n",
		"proc/1/environ":      "HOME=/\x00container=lxc\x00TERM=linux\x00",
		"proc/1/comm":         "init\n",
	})
	assert.Equal(t, "BOOT_IMAGE=/vmlinuz-6.1.0-18-amd64 root=UUID=0b5c ro quiet", h.Boot.Cmdline)
	assert.Equal(t, Environment{Kind: EnvContainer, Detail: "lxc"}, h.Environment)
	assert.Equal(t, "init", h.Runtime.Init)

	h = collectFiles(t, map[string]string{"sys/hypervisor/type": "xen\n"})
	assert.Equal(t, Environment{Kind: EnvVM, Detail: "xen"}, h.Environment)
}

func TestOrNone(t *testing.T) {
	assert.Equal(t, "an unknown filesystem", orNone(""))
	assert.Equal(t, "ext4", orNone("ext4"))
}

func TestCgroupParsersAtTheirEdges(t *testing.T) {
	mounts, err := parseMountinfo(strings.NewReader(
		"30 23 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot\n"+
			"31 23 0:27 / /sys/fs/cgroup/a - cgroup2 cgroup2 rw\n"+ // no mount options: the separator at its lowest place
			"32 23 0:28 / /sys/fs/cgroup/b rw - cgroup2 cgroup2\n"+ // no super options
			"33 23 0:29 / /sys/fs/cgroup/c\\040d\\040 rw - cgroup2 cgroup2 rw\n"), nil)
	require.NoError(t, err)
	assert.Equal(t, []mount{
		{root: "/", point: "/sys/fs/cgroup", fstype: "cgroup2", opts: []string{"rw", "nsdelegate", "memory_recursiveprot"}},
		{root: "/", point: "/sys/fs/cgroup/a", fstype: "cgroup2", opts: []string{"rw"}},
		{root: "/", point: "/sys/fs/cgroup/c d ", fstype: "cgroup2", opts: []string{"rw"}},
	}, mounts)

	mounts, err = parseMounts(strings.NewReader(
		"cgroup2 /sys/fs/cgroup cgroup2 rw,nosuid,nodev,noexec,relatime,nsdelegate 0 0\n"+
			"cgroup /sys/fs/cgroup/memory cgroup rw,nosuid,nodev,noexec,relatime,memory 0 0\n"+
			"cgroup /sys/fs/cgroup/pids cgroup rw\n"+
			"cgroup /sys/fs/cgroup/cpu cgroup\n"), nil)
	require.NoError(t, err)
	assert.Equal(t, []mount{
		{root: "/", point: "/sys/fs/cgroup", fstype: "cgroup2", opts: []string{"rw", "nosuid", "nodev", "noexec", "relatime", "nsdelegate"}},
		{root: "/", point: "/sys/fs/cgroup/memory", fstype: "cgroup", opts: []string{"rw", "nosuid", "nodev", "noexec", "relatime", "memory"}},
		{root: "/", point: "/sys/fs/cgroup/pids", fstype: "cgroup", opts: []string{"rw"}},
	}, mounts)

	assert.Equal(t, `a\04`, unescapeMount(`a\04`), "an escape cut short is kept")
	assert.Equal(t, "a ", unescapeMount(`a\040`), "an escape at the very end")

	_, err = parseCgroupsFile(strings.NewReader("#subsys_name\thierarchy\tnum_cgroups\tenabled\n"))
	assert.EqualError(t, err, "no controller listed")
}

func TestFoundAll(t *testing.T) {
	v2 := mount{root: "/", point: "/sys/fs/cgroup", fstype: "cgroup2", opts: []string{"rw"}}
	unified := mount{root: "/", point: "/sys/fs/cgroup/unified", fstype: "cgroup2", opts: []string{"rw"}}
	elsewhere := mount{root: "/", point: "/run/cg", fstype: "cgroup2", opts: []string{"rw"}}
	mem := mount{root: "/", point: "/sys/fs/cgroup/memory", fstype: "cgroup", opts: []string{"rw", "memory"}}
	own := map[string]string{"": "/user.slice"}
	assert.True(t, foundAll(own)([]mount{v2}))
	assert.True(t, foundAll(own)([]mount{unified}))
	assert.False(t, foundAll(own)([]mount{elsewhere}), "cgroup2 away from the usual places")
	assert.False(t, foundAll(own)([]mount{mem}), "the v2 entry needs a cgroup2 mount")
	hybrid := map[string]string{"": "/", "memory": "/", "name=systemd": "/"}
	assert.True(t, foundAll(hybrid)([]mount{mem, unified}), "named hierarchies are not waited for")
	assert.False(t, foundAll(hybrid)([]mount{unified}))
}

func TestParseCPUMaxAndMemoryMaxBounds(t *testing.T) {
	cpus, ok, err := ParseCPUMax(strings.NewReader("6553600000 100000\n"))
	require.NoError(t, err)
	assert.True(t, ok)
	assert.Equal(t, float64(maxCPUs), cpus, "65536 CPUs is believable")
	_, _, err = ParseCPUMax(strings.NewReader("6553700000 100000\n"))
	assert.EqualError(t, err, `cpu.max "6553700000 100000" is not a believable number of CPUs`)
	_, _, err = ParseCPUMax(strings.NewReader("100 0\n"))
	assert.EqualError(t, err, `cpu.max period "0" is not a positive number`)
	_, _, err = ParseCPUMax(strings.NewReader("0 100000\n"))
	assert.EqualError(t, err, `cpu.max quota "0" is not a positive number`)
	_, _, err = ParseCPUMax(strings.NewReader("1e-300 1e300\n"))
	assert.EqualError(t, err, `cpu.max "1e-300 1e300" is not a believable number of CPUs`, "a quota that rounds to no CPU")

	for in, want := range map[string]struct {
		limit uint64
		ok    bool
	}{
		"4611686018427387904": {0, false}, // 1<<62: no limit
		"4611686018427387903": {1<<62 - 1, true},
		"1":                   {1, true},
	} {
		limit, ok, err := ParseMemoryMax(strings.NewReader(in))
		require.NoError(t, err, in)
		assert.Equal(t, want.limit, limit, in)
		assert.Equal(t, want.ok, ok, in)
	}
	for _, bad := range []string{"0", "-2"} {
		_, _, err := ParseMemoryMax(strings.NewReader(bad))
		assert.EqualError(t, err, `memory limit "`+bad+`" is not a believable limit`)
	}
}

func TestParseCPUListBounds(t *testing.T) {
	for in, want := range map[string]int{"3-3": 1, "0-2": 3, "0-3": 4, "0-65536": 65537, "65536-65536": 1, "65536-131072": 65537} {
		n, err := ParseCPUList(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, n, in)
	}
	_, err := ParseCPUList("0-65537")
	assert.EqualError(t, err, `CPU list "0-65537": range "0-65537" is too large`)
	_, err = ParseCPUList("3-2")
	assert.EqualError(t, err, `CPU list "3-2": "3-2" is not a range`)
}

func TestCgroupDirAndV2Mount(t *testing.T) {
	ns := mount{root: "/kubepods/pod1", point: "/sys/fs/cgroup", fstype: "cgroup2"}
	for cg, want := range map[string]string{
		"/kubepods/pod1/c1": "/sys/fs/cgroup/c1",
		"/kubepods/pod1":    "/sys/fs/cgroup",
		"/other":            "/sys/fs/cgroup/other",
	} {
		dir, err := cgroupDir(ns, cg)
		require.NoError(t, err)
		assert.Equal(t, want, dir, cg)
	}
	dir, err := cgroupDir(mount{root: "/", point: "/sys/fs/cgroup"}, "/user.slice/session-2.scope")
	require.NoError(t, err)
	assert.Equal(t, "/sys/fs/cgroup/user.slice/session-2.scope", dir)

	run := mount{point: "/run/cg"}
	assert.Equal(t, "/sys/fs/cgroup", pickV2Mount([]mount{run, {point: "/sys/fs/cgroup"}}).point)
	assert.Equal(t, "/sys/fs/cgroup/unified", pickV2Mount([]mount{run, {point: "/sys/fs/cgroup/unified"}}).point)
	assert.Equal(t, "/run/cg", pickV2Mount([]mount{run}).point)
}

func TestReadQuotaV1(t *testing.T) {
	p := proberFor(t, map[string]string{
		"cg/none/cpu.cfs_quota_us": "-1\n", "cg/none/cpu.cfs_period_us": "100000\n",
		"cg/zero/cpu.cfs_quota_us": "0\n", "cg/zero/cpu.cfs_period_us": "100000\n",
		"cg/half/cpu.cfs_quota_us": "50000\n", "cg/half/cpu.cfs_period_us": "100000\n",
		"cg/bad/cpu.cfs_quota_us": "50000\n", "cg/bad/cpu.cfs_period_us": "0\n",
	})
	for dir, want := range map[string]struct {
		q  float64
		ok bool
	}{"none": {0, false}, "zero": {0, false}, "half": {0.5, true}} {
		q, ok, err := p.readQuota("/cg/"+dir, "cpu.cfs_quota_us")
		require.NoError(t, err, dir)
		assert.Equal(t, want.q, q, dir)
		assert.Equal(t, want.ok, ok, dir)
	}
	_, _, err := p.readQuota("/cg/bad", "cpu.cfs_quota_us")
	assert.EqualError(t, err, `/cg/bad/cpu.cfs_period_us: "0" is not a positive number`)
}

// v2Root is a cgroup v2 machine whose process lives in /a/b.
func v2Root(extra map[string]string) map[string]string {
	files := map[string]string{
		"proc/self/mountinfo":                  "30 23 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,nsdelegate\n",
		"proc/self/cgroup":                     "0::/a/b\n",
		"sys/fs/cgroup/cgroup.controllers":     "cpuset cpu io memory pids\n",
		"sys/fs/cgroup/a/cgroup.controllers":   "cpu memory pids\n",
		"sys/fs/cgroup/a/b/cgroup.controllers": "cpu memory pids\n",
	}
	maps.Copy(files, extra)
	return files
}

func TestCgroupV2LimitsOnTheWayUp(t *testing.T) {
	h := collectFiles(t, v2Root(map[string]string{
		"sys/fs/cgroup/a/b/memory.max": "2147483648\n", "sys/fs/cgroup/a/memory.max": "1073741824\n",
		"sys/fs/cgroup/a/b/cpu.max": "50000 100000\n", "sys/fs/cgroup/a/cpu.max": "150000 100000\n",
	}))
	assert.Equal(t, uint64(GiB), h.Memory.LimitBytes, "the parent's tighter limit")
	require.NotNil(t, h.CPU.Quota)
	assert.Equal(t, 0.5, *h.CPU.Quota, "the leaf's tighter quota")
	assert.NotContains(t, h.Missing, "cgroup.limits", "the root cgroup has no limit files, and need not")

	h = collectFiles(t, v2Root(map[string]string{
		"sys/fs/cgroup/a/b/memory.max": "1073741824\n", "sys/fs/cgroup/a/memory.max": "2147483648\n",
		"sys/fs/cgroup/a/cpu.max": "150000 100000\n",
	}))
	assert.Equal(t, uint64(GiB), h.Memory.LimitBytes, "the leaf's tighter limit")
	require.NotNil(t, h.CPU.Quota)
	assert.Equal(t, 1.5, *h.CPU.Quota)
	assert.Contains(t, h.Missing["cgroup.limits"], "/sys/fs/cgroup/a/b/cpu.max", "the own cgroup's missing cpu.max is noted")
}
