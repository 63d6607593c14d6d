//go:build linux

package probe

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

const (
	KiB = 1024
	MiB = 1024 * KiB
	GiB = 1024 * MiB
)

// fakeSys keeps tests off the build machine's statfs and uname.
func fakeSys(o Options) Options {
	o.Statfs = func(string) (FS, error) { return FS{FreeBytes: 7 * GiB, TotalBytes: 30 * GiB}, nil }
	o.Uname = func() (string, string, error) { return "", "", errors.New("uname must not be used for a fake root") }
	return o
}

func root(name string) string { return filepath.Join("..", "testdata", "hosts", name) }

func TestCollectFakeRoots(t *testing.T) {
	tests := []struct {
		root string
		want Host
		// Facts that must be recorded as missing.
		missing []string
	}{
		{
			root: "dell-latitude-e6410",
			want: Host{OS: OS{Name: "linux"}, CPU: CPU{Logical: 4, Physical: 2, Model: "Intel(R) Core(TM) i7 CPU       M 620  @ 2.67GHz"},
				Memory: Memory{TotalBytes: 3920124 * KiB, InstalledBytes: 4 * GiB, InstalledFrom: "memtotal"}},
			missing: []string{"os.arch", "os.id", "os.kernelVersion", "hostname"},
		},
		{
			root: "k8s-node-kvm-cgroupv1",
			want: Host{OS: OS{Name: "linux", ID: "ubuntu", IDLike: "debian", Version: "20.04", PrettyName: "Ubuntu 20.04.3 LTS", KernelVersion: "5.4.0-99-generic"},
				CPU:      CPU{Logical: 2, Physical: 2, Model: "Intel Core Processor (Haswell, no TSX, IBRS)"},
				Memory:   Memory{TotalBytes: 4026036 * KiB, InstalledBytes: 4 * GiB, InstalledFrom: "memtotal"},
				Hostname: "juju-110cc2-k8stest-4"},
			missing: []string{"os.arch"},
		},
		{
			root: "aws-graviton2-arm64",
			want: Host{OS: OS{Name: "linux", Arch: "arm64", Machine: "aarch64"}, CPU: CPU{Logical: 1, Physical: 1, Model: "Neoverse-N1"},
				Memory: Memory{TotalBytes: 1888980 * KiB, InstalledBytes: 2 * GiB, InstalledFrom: "memory-blocks"}},
		},
		{
			root:    "rpi3b-armv7",
			want:    Host{OS: OS{Name: "linux", Arch: "arm", Machine: "armv7l"}, CPU: CPU{Logical: 4, Model: "Cortex-A53"}},
			missing: []string{"memory", "cpu.physical"},
		},
		{
			root:    "rpi-zero-armv6",
			want:    Host{OS: OS{Name: "linux", Arch: "arm", Machine: "armv6l"}, CPU: CPU{Logical: 1, Model: "ARM1176"}},
			missing: []string{"memory"},
		},
		{
			root: "dell-poweredge1950-i386",
			want: Host{OS: OS{Name: "linux"}, CPU: CPU{Logical: 2, Physical: 2, Model: "Intel(R) Xeon(R) CPU            5130  @ 2.00GHz"},
				Memory: Memory{TotalBytes: 2075428 * KiB, InstalledBytes: 2 * GiB, InstalledFrom: "memtotal"}},
			missing: []string{"os.arch"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.root, func(t *testing.T) {
			h, err := Collect(context.Background(), fakeSys(Options{Root: root(tt.root)}))
			require.NoError(t, err)
			assert.Equal(t, tt.want.OS, h.OS)
			assert.Equal(t, tt.want.CPU.Logical, h.CPU.Logical)
			assert.Equal(t, tt.want.CPU.Physical, h.CPU.Physical)
			assert.Equal(t, tt.want.CPU.Model, h.CPU.Model)
			assert.Equal(t, float64(tt.want.CPU.Logical), h.CPU.Effective, "no limits in these roots")
			assert.Equal(t, tt.want.Memory.TotalBytes, h.Memory.TotalBytes)
			assert.Equal(t, tt.want.Memory.InstalledBytes, h.Memory.InstalledBytes)
			assert.Equal(t, tt.want.Memory.InstalledFrom, h.Memory.InstalledFrom)
			assert.Equal(t, tt.want.Hostname, h.Hostname)
			for _, k := range tt.missing {
				assert.Contains(t, h.Missing, k)
				assert.NotContains(t, h.Missing[k], root(""), "reasons name host paths, not where the fake root lives")
			}
			// The data directory, or its nearest parent in the root.
			assert.Contains(t, []string{"/var/lib", "/var", "/"}, h.Disk.Path)
			require.NotNil(t, h.Disk.FreeBytes)
			assert.Equal(t, uint64(7*GiB), *h.Disk.FreeBytes)
		})
	}
}

func TestCollectRejectsMissingRoot(t *testing.T) {
	_, err := Collect(context.Background(), Options{Root: filepath.Join(t.TempDir(), "nope")})
	assert.ErrorContains(t, err, "no such file or directory")
}

func TestCollectEmptyRootRecordsEveryFactMissing(t *testing.T) {
	h, err := Collect(context.Background(), fakeSys(Options{Root: t.TempDir()}))
	require.NoError(t, err)
	for _, k := range []string{"os.name", "os.id", "os.arch", "os.kernelVersion", "cpu.logical", "memory", "hostname"} {
		assert.Contains(t, h.Missing, k)
	}
	for k, why := range h.Missing {
		assert.NotContains(t, why, "\n", "%s: a reason is one line", k)
	}
	assert.Equal(t, "no kernel config in /proc/config.gz, /boot/config-$(uname -r) or 8 other usual places", h.Missing["kernel.config"],
		"absent places are not listed one by one")
	assert.Equal(t, "/", h.Disk.Path, "disk falls back to the nearest existing parent of /var/lib")
	_, err = json.Marshal(h)
	require.NoError(t, err)
}

// TestCollectThisMachine compares the probe with what the machine says
// through other doors: /proc/meminfo, uname(2), /etc/os-release, statfs.
func TestCollectThisMachine(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the live comparison reads Linux's /proc")
	}
	h, err := Collect(context.Background(), Options{Root: "/"})
	require.NoError(t, err)

	var u unix.Utsname
	require.NoError(t, unix.Uname(&u))
	assert.Equal(t, unix.ByteSliceToString(u.Release[:]), h.OS.KernelVersion)
	machine := unix.ByteSliceToString(u.Machine[:])
	switch emu := os.Getenv("KFIT_EMULATOR"); {
	case emu != "":
		// scripts/test-emulated: qemu-user's uname(2) names the emulated
		// CPU, while /proc, which the probe reads, is the host kernel's.
		t.Logf("under %s: the architecture is the host's, not compared with uname(2)", emu)
	case runtime.GOARCH == "386" && machine == "x86_64":
		// A 386 build on a 64-bit kernel: the machine is amd64, rightly.
		assert.Equal(t, machine, h.OS.Machine)
		assert.Equal(t, "amd64", h.OS.Arch)
	default:
		assert.Equal(t, machine, h.OS.Machine)
		assert.Equal(t, runtime.GOARCH, h.OS.Arch, "a native build runs on its own architecture")
	}

	f, err := os.Open("/proc/meminfo")
	require.NoError(t, err)
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) >= 2 && (fields[0] == "MemTotal:" || fields[0] == "SwapTotal:") {
			kb, _ := strconv.ParseUint(fields[1], 10, 64)
			if fields[0] == "MemTotal:" {
				assert.Equal(t, kb*1024, h.Memory.TotalBytes)
			} else {
				require.NotNil(t, h.Memory.SwapBytes)
				assert.Equal(t, kb*1024, *h.Memory.SwapBytes)
			}
		}
	}
	assert.GreaterOrEqual(t, h.Memory.InstalledBytes, h.Memory.TotalBytes)

	var cpus unix.CPUSet
	if unix.SchedGetaffinity(0, &cpus) == nil && cpus.Count() == runtime.NumCPU() {
		// Without a restricted affinity, online CPUs equal what Go sees.
		assert.Equal(t, runtime.NumCPU(), h.CPU.Logical)
	}

	if b, err := os.ReadFile("/etc/os-release"); err == nil {
		rel, err := ParseOSRelease(strings.NewReader(string(b)))
		require.NoError(t, err)
		assert.Equal(t, rel["ID"], h.OS.ID)
		assert.Equal(t, rel["VERSION_ID"], h.OS.Version)
	}
	name, err := os.Hostname()
	require.NoError(t, err)
	assert.Equal(t, name, h.Hostname)

	require.NotNil(t, h.Disk.FreeBytes)
	var st unix.Statfs_t
	require.NoError(t, unix.Statfs(h.Disk.Path, &st))
	assert.Equal(t, st.Blocks*uint64(st.Bsize), h.Disk.TotalBytes)
}

func TestEstimateInstalled(t *testing.T) {
	tests := []struct {
		name     string
		memTotal uint64
		want     uint64
	}{
		{"4 GB laptop (Latitude E6410)", 3920124 * KiB, 4 * GiB},
		{"4 GB VM", 4026036 * KiB, 4 * GiB},
		{"2 GB VM", 2007536 * KiB, 2 * GiB},
		{"2 GB board showing 1.8 GiB", 1843 * MiB, 2 * GiB},
		{"3 GB machine stays 3 GiB", 2936 * MiB, 3 * GiB},
		{"1 GB Pi 3", 948304 * 1000, 1 * GiB},
		{"512 MB Pi Zero", 427 * MiB, 512 * MiB},
		{"16 GB desktop", 16 * 1000 * 1000 * KiB, 16 * GiB},
		{"8 GB desktop (hp i7-2600)", 8144960 * KiB, 8 * GiB},
		{"exact", 2 * GiB, 2 * GiB},
		{"unknown", 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, EstimateInstalled(tt.memTotal))
		})
	}
}

func TestParseOSRelease(t *testing.T) {
	got, err := ParseOSRelease(strings.NewReader(`# comment
NAME="Debian GNU/Linux"
ID=debian
VERSION_ID="12"
PRETTY_NAME='Raspbian "bookworm"'
ESCAPED="a \"quoted\" \$word"
broken line
=novalue
`))
	require.NoError(t, err)
	assert.Equal(t, map[string]string{
		"NAME": "Debian GNU/Linux", "ID": "debian", "VERSION_ID": "12",
		"PRETTY_NAME": `Raspbian "bookworm"`, "ESCAPED": `a "quoted" $word`,
	}, got)
}

func TestArchNames(t *testing.T) {
	for machine, want := range map[string]string{
		"x86_64": "amd64", "i686": "386", "i386": "386", "aarch64": "arm64", "armv7l": "arm", "armv6l": "arm", "ppc64le": "ppc64le", "riscv64": "riscv64",
	} {
		assert.Equal(t, want, GoArch(machine), machine)
	}
	for machine, want := range map[string]int{"armv7l": 7, "armv6l": 6, "armv8l": 7, "armv5tel": 5, "aarch64": 0, "": 0} {
		assert.Equal(t, want, ArmVariant(machine), machine)
	}
}

func TestMachineFromCPUInfo(t *testing.T) {
	for name, want := range map[string]string{
		"rpi3b-armv7": "armv7l", "rpi-zero-armv6": "armv6l", "aws-graviton2-arm64": "aarch64", "dell-latitude-e6410": "",
	} {
		b, err := os.ReadFile(filepath.Join(root(name), "proc", "cpuinfo"))
		require.NoError(t, err)
		assert.Equal(t, want, MachineFromCPUInfo(string(b)), name)
	}
}

func TestParseCPUInfo(t *testing.T) {
	tests := []struct {
		host              string
		processors, cores int
		model             string
		flag              string // one flag the first processor has
	}{
		{"dell-latitude-e6410", 4, 2, "Intel(R) Core(TM) i7 CPU       M 620  @ 2.67GHz", "vmx"},
		{"dell-poweredge1950-i386", 2, 2, "Intel(R) Xeon(R) CPU            5130  @ 2.00GHz", "lm"},
		{"rpi3b-armv7", 4, 0, "Cortex-A53", "neon"},           // model name says "ARMv7 Processor rev 4 (v7l)"
		{"rpi-zero-armv6", 1, 0, "ARM1176", "vfp"},            // CPU part 0xb76
		{"aws-graviton2-arm64", 1, 0, "Neoverse-N1", "asimd"}, // no model name line at all
	}
	for _, tt := range tests {
		t.Run(tt.host, func(t *testing.T) {
			f, err := os.Open(filepath.Join(root(tt.host), "proc", "cpuinfo"))
			require.NoError(t, err)
			defer f.Close()
			ci, err := ParseCPUInfo(f)
			require.NoError(t, err)
			assert.Equal(t, tt.processors, ci.Processors)
			assert.Equal(t, tt.cores, ci.Cores)
			assert.Equal(t, tt.model, ci.Model)
			assert.Contains(t, ci.Flags, tt.flag)
		})
	}
}

func TestCPUsFromProcStatWhenCPUInfoListsNone(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) {
		require.NoError(t, os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644))
	}
	write("proc/cpuinfo", "Processor\t: ARMv6-compatible processor rev 7 (v6l)\nFeatures\t: half thumb fastmult vfp edsp java tls\n")
	// The intr line is longer than the reader's 4096-byte buffer, and its
	// second piece starts with "cpu7": a piece of a line is not a line.
	intr := "intr " + strings.Repeat("0", 4096-len("intr ")) + "cpu7 1 2 " + strings.Repeat("0 ", 5000)
	write("proc/stat", "cpu  1 2 3 4\ncpu0 1 2 3 4\ncpu1 1 2 3 4\n"+intr+"\nctxt 5\n")
	h, err := Collect(context.Background(), Options{Root: dir})
	require.NoError(t, err)
	assert.Equal(t, 2, h.CPU.Logical, "cpu0 and cpu1; not the summary line, nor the cpu7 inside the long intr line")
	assert.Equal(t, "ARMv6-compatible processor rev 7 (v6l)", h.CPU.Model)
	assert.Contains(t, h.Missing["cpu.physical"], "neither the CPU topology")

	write("proc/stat", "intr 1 2 3\n")
	h, err = Collect(context.Background(), Options{Root: dir})
	require.NoError(t, err)
	assert.Zero(t, h.CPU.Logical)
	assert.Contains(t, h.Missing["cpu.logical"], "no processor in /proc/cpuinfo or /proc/stat")
}

func TestSnapshotRoundTrip(t *testing.T) {
	h, err := Collect(context.Background(), fakeSys(Options{Root: root("k8s-node-kvm-cgroupv1")}))
	require.NoError(t, err)
	b, err := json.Marshal(h)
	require.NoError(t, err)
	back, err := ReadSnapshot(b, "rt.json")
	require.NoError(t, err)
	assert.Equal(t, h, back)
}

func TestReadSnapshot(t *testing.T) {
	tests := []struct {
		name, in, err string
	}{
		{"not JSON", "hello", "read snapshot s.json: line 1, column 1: invalid character 'h'"},
		{"wrong type", "{\"schemaVersion\": 1,\n \"cpu\": {\"logical\": \"four\"}}", "line 2, column 26: cpu.logical is a JSON string, want a whole number"},
		{"unknown schema", `{"schemaVersion": 2}`, "schemaVersion 2 is not supported"},
		{"no schema", `{"cpu": {"logical": 2}}`, "schemaVersion 0 is not supported"},
		{"truncated", "{\"schemaVersion\": 1,\n \"cpu\": {", "line 2, column 10: unexpected end of file"},
		{"trailing data", `{"schemaVersion": 1} {}`, "line 1, column 22: unexpected data after the JSON object"},
		{"empty", "", "empty file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadSnapshot([]byte(tt.in), "s.json")
			assert.ErrorContains(t, err, tt.err)
		})
	}

	h, err := ReadSnapshot([]byte(`{"schemaVersion": 1, "memory": {"totalBytes": 3920124000}}`), "partial.json")
	require.NoError(t, err)
	assert.Equal(t, uint64(4*GiB), h.Memory.InstalledBytes, "installedBytes is derived from totalBytes")
	assert.Nil(t, h.Disk.FreeBytes, "absent free disk stays unknown, not zero")
}

func BenchmarkCollect(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Collect(context.Background(), Options{Root: "/"}); err != nil {
			b.Fatal(err)
		}
	}
}
