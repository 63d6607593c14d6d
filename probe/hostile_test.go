//go:build linux

package probe

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"math/rand"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/kfit-dev/kfit/internal/fakeroot"
)

// hostileFiles are the files a broken or hostile root can spoil.
var hostileFiles = []string{
	"proc/cpuinfo", "proc/meminfo", "proc/stat", "proc/self/mountinfo", "proc/self/cgroup", "proc/cgroups",
	"proc/self/status", "proc/net/tcp", "proc/net/udp", "proc/sys/kernel/osrelease", "proc/sys/kernel/arch",
	"proc/sys/kernel/hostname", "etc/os-release", "proc/config.gz", "sys/devices/system/cpu/online",
	"sys/fs/cgroup/memory.max", "sys/fs/cgroup/cpu.max", "etc/systemd/logind.conf", "proc/net/route",
	"sys/class/dmi/id/chassis_type", "boot/firmware/cmdline.txt", "proc/modules",
}

// spoil replaces every hostile file of a good root with what kind makes.
func spoil(t *testing.T, root, kind string) {
	t.Helper()
	rng := rand.New(rand.NewSource(1))
	for _, name := range hostileFiles {
		p := filepath.Join(root, name)
		good, _ := os.ReadFile(p)
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		_ = os.RemoveAll(p)
		var err error
		switch kind {
		case "empty":
			err = os.WriteFile(p, nil, 0o644)
		case "truncated":
			err = os.WriteFile(p, good[:len(good)/3], 0o644)
		case "garbage":
			b := make([]byte, 4096)
			rng.Read(b)
			err = os.WriteFile(p, b, 0o644)
		case "enormous":
			// 1 GiB, sparse: nothing may read it whole.
			var f *os.File
			if f, err = os.Create(p); err == nil {
				err = f.Truncate(1 << 30)
				f.Close()
			}
		case "symlink loop":
			err = os.Symlink(filepath.Base(p)+".loop", p)
			if err == nil {
				err = os.Symlink(filepath.Base(p), p+".loop")
			}
		case "directory":
			err = os.MkdirAll(p, 0o755)
		case "fifo":
			err = unix.Mkfifo(p, 0o644)
		}
		require.NoError(t, err, "%s %s", kind, name)
	}
}

func TestHostileRoots(t *testing.T) {
	for _, kind := range []string{"empty", "truncated", "garbage", "enormous", "symlink loop", "directory", "fifo"} {
		t.Run(kind, func(t *testing.T) {
			root := t.TempDir()
			cleanup, err := fakeroot.Unpack(filepath.Join("..", "testdata", "roots", "container-cgroup2-1g.txtar"), root)
			require.NoError(t, err)
			defer cleanup()
			spoil(t, root, kind)

			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			done := make(chan Host, 1)
			go func() {
				h, err := Collect(context.Background(), fakeSys(Options{Root: root}))
				assert.NoError(t, err)
				done <- h
			}()
			var h Host
			select {
			case h = <-done:
			case <-time.After(30 * time.Second):
				t.Fatalf("probing a root of %s files did not finish", kind)
			}
			runtime.ReadMemStats(&after)
			assert.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(256<<20), "memory stays bounded whatever the input")

			// The facts that could not be read say why, in one line each
			// (the text report prints them on one), and the JSON stays valid.
			assert.NotEmpty(t, h.Missing)
			for k, why := range h.Missing {
				assert.NotContains(t, why, "\n", k)
			}
			out, err := json.Marshal(h)
			require.NoError(t, err)
			back, err := ReadSnapshot(out, "hostile.json")
			require.NoError(t, err)
			out2, _ := json.Marshal(back)
			var v1, v2 any
			require.NoError(t, json.Unmarshal(out, &v1))
			require.NoError(t, json.Unmarshal(out2, &v2))
			assert.Equal(t, v1, v2, "the snapshot reads back the same")
		})
	}
}

func TestNotGzipConfig(t *testing.T) {
	root := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(root, "proc"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(root, "proc", "config.gz"), []byte{0x1f, 0x8b, 'n', 'o', 't'}, 0o644))
	h, err := Collect(context.Background(), fakeSys(Options{Root: root}))
	require.NoError(t, err)
	assert.Contains(t, h.Missing["kernel.config"], "/proc/config.gz: not a valid gzip file")
}

// A read that hangs (a dead NFS server, a stuck /proc file) makes its facts
// unknown at the deadline; the others are reported.
func TestDeadline(t *testing.T) {
	root := t.TempDir()
	cleanup, err := fakeroot.Unpack(filepath.Join("..", "testdata", "roots", "container-cgroup2-1g.txtar"), root)
	require.NoError(t, err)
	defer cleanup()
	hang := make(chan struct{})
	defer close(hang)
	o := fakeSys(Options{Root: root, Timeout: 300 * time.Millisecond})
	o.Statfs = func(string) (FS, error) { <-hang; return FS{}, nil }
	start := time.Now()
	h, err := Collect(context.Background(), o)
	require.NoError(t, err)
	assert.Less(t, time.Since(start), 5*time.Second, "Collect returns at the deadline")
	assert.Equal(t, "not read within the 300ms deadline (--timeout)", h.Missing["disk"])
	assert.Nil(t, h.Disk.FreeBytes)
	assert.Equal(t, 8, h.CPU.Logical, "the facts read in time are kept")
	assert.NotEmpty(t, h.OS.KernelVersion)
}

// A panic while reading a fact group (a parser bug, a dependency) makes that
// group's facts unknown, with the reason; the program goes on.
func TestPanicInAProbe(t *testing.T) {
	root := t.TempDir()
	cleanup, err := fakeroot.Unpack(filepath.Join("..", "testdata", "roots", "container-cgroup2-1g.txtar"), root)
	require.NoError(t, err)
	defer cleanup()
	o := fakeSys(Options{Root: root})
	o.Statfs = func(string) (FS, error) { var m map[string]int; m["x"]++; return FS{}, nil }
	h, err := Collect(context.Background(), o)
	require.NoError(t, err)
	assert.Contains(t, h.Missing["disk"], "kfit failed while reading the disk facts (assignment to entry in nil map)")
	assert.Equal(t, 8, h.CPU.Logical)
}

// gopsutil read /proc/zoneinfo, unchecked, when meminfo had no
// MemAvailable: a FIFO there hung kfit, an empty line panicked. kfit reads
// meminfo itself and never opens zoneinfo.
func TestOldKernelMeminfo(t *testing.T) {
	for _, zone := range []string{"fifo", "empty line", "/dev/zero"} {
		t.Run(zone, func(t *testing.T) {
			root := t.TempDir()
			cleanup, err := fakeroot.Unpack(filepath.Join("..", "testdata", "roots", "container-cgroup2-1g.txtar"), root)
			require.NoError(t, err)
			defer cleanup()
			require.NoError(t, os.WriteFile(filepath.Join(root, "proc/meminfo"), []byte("MemTotal:  1000000 kB\nMemFree:  500000 kB\nSwapTotal:  0 kB\n"), 0o644))
			zi := filepath.Join(root, "proc/zoneinfo")
			switch zone {
			case "fifo":
				require.NoError(t, unix.Mkfifo(zi, 0o644))
			case "empty line":
				require.NoError(t, os.WriteFile(zi, []byte("Node 0, zone   Normal\n\n  pages free 1\n"), 0o644))
			default:
				require.NoError(t, os.Symlink("/dev/zero", zi))
			}
			h, err := Collect(context.Background(), fakeSys(Options{Root: root, Timeout: 5 * time.Second}))
			require.NoError(t, err)
			assert.Equal(t, uint64(1000000*1024), h.Memory.TotalBytes)
			assert.Equal(t, uint64(500000*1024), h.Memory.AvailableBytes, "MemFree + Buffers + Cached, as before MemAvailable")
		})
	}
}

// Facts are made printable and bounded where they are read: a hostname of
// a megabyte with escape sequences, an arch of NULs, a PRETTY_NAME that
// would clear the screen.
func TestFactsAreCleaned(t *testing.T) {
	root := t.TempDir()
	cleanup, err := fakeroot.Unpack(filepath.Join("..", "testdata", "roots", "container-cgroup2-1g.txtar"), root)
	require.NoError(t, err)
	defer cleanup()
	write := func(name, content string) {
		require.NoError(t, os.MkdirAll(filepath.Dir(filepath.Join(root, name)), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(root, name), []byte(content), 0o644))
	}
	write("proc/sys/kernel/hostname", "\x1b]0;owned\x07"+strings.Repeat("h", 900000)+"\n")
	write("proc/sys/kernel/arch", strings.Repeat("\x00", 1<<20-1))
	write("etc/os-release", "ID=debian\nPRETTY_NAME=\"\x1b[2JDebian\x9b\u202e\r\"\n")
	write("proc/sys/kernel/osrelease", "x/../../../etc/passwd\n")
	h, err := Collect(context.Background(), fakeSys(Options{Root: root}))
	require.NoError(t, err)
	assert.Len(t, h.Hostname, 253)
	assert.True(t, strings.HasPrefix(h.Hostname, "]0;ownedhhh"), h.Hostname[:20])
	assert.Equal(t, "[2JDebian", h.OS.PrettyName)
	assert.Contains(t, h.Missing["os.arch"], "empty")
	assert.Empty(t, h.OS.KernelVersion)
	assert.Contains(t, h.Missing["os.kernelVersion"], "is not one")
}

// A snapshot's absurd figures are unknown, never judged or printed.
func TestSnapshotNonsense(t *testing.T) {
	h, err := ReadSnapshot([]byte(`{"schemaVersion":1,"hostname":"a\u001b[2Jb","cpu":{"logical":-4,"quota":1e308,"effective":-2}}`), "s.json")
	require.NoError(t, err)
	assert.Equal(t, "a[2Jb", h.Hostname)
	assert.Zero(t, h.CPU.Logical)
	assert.Nil(t, h.CPU.Quota)
	assert.Zero(t, h.CPU.Effective)
	for _, k := range []string{"cpu.logical", "cpu.quota", "cpu.effective"} {
		assert.Contains(t, h.Missing, k)
	}
}

// MemAvailable of 0 is memory exhausted, not an old kernel: it stays 0.
func TestMemAvailableZero(t *testing.T) {
	m, err := ParseMeminfo(strings.NewReader("MemTotal: 1000 kB\nMemFree: 600 kB\nMemAvailable: 0 kB\nCached: 300 kB\n"))
	require.NoError(t, err)
	assert.Zero(t, m.Available)
	m, err = ParseMeminfo(strings.NewReader("MemTotal: 1000 kB\nMemFree: 600 kB\nBuffers: 50 kB\nCached: 300 kB\n"))
	require.NoError(t, err)
	assert.Equal(t, uint64(950*1024), m.Available, "before 3.14: MemFree + Buffers + Cached")
}

// What the red team found: a fact that could not be read, or was cut at a
// limit, was taken as a fact. Each is unknown now.
func TestUnreadableIsUnknown(t *testing.T) {
	for _, tt := range []struct {
		name    string
		spoil   func(root string) error
		missing string
		check   func(t *testing.T, h Host)
		root    string
	}{
		{"garbage /proc/self/cgroup: the limits are unknown", func(root string) error {
			return os.WriteFile(filepath.Join(root, "proc/self/cgroup"), []byte("garbage\n"), 0o644)
		}, "memory.limit", func(t *testing.T, h Host) { assert.Zero(t, h.Memory.EffectiveBytes); assert.Zero(t, h.CPU.Effective) }, ""},
		{"a FIFO at /proc/self/cgroup: the limits are unknown", func(root string) error {
			p := filepath.Join(root, "proc/self/cgroup")
			os.Remove(p)
			return unix.Mkfifo(p, 0o644)
		}, "cpu.quota", func(t *testing.T, h Host) { assert.Zero(t, h.CPU.Effective) }, ""},
		{"memory.max of 0: unknown", func(root string) error {
			return os.WriteFile(filepath.Join(root, "sys/fs/cgroup/memory.max"), []byte("0\n"), 0o644)
		}, "memory.limit", func(t *testing.T, h Host) { assert.Zero(t, h.Memory.EffectiveBytes) }, ""},
		{"memory.max a dangling link: unknown", func(root string) error {
			p := filepath.Join(root, "sys/fs/cgroup/memory.max")
			os.Remove(p)
			return os.Symlink("/nowhere", p)
		}, "memory.limit", func(t *testing.T, h Host) { assert.Zero(t, h.Memory.EffectiveBytes) }, ""},
		{"cgroup.controllers unreadable: unknown", func(root string) error {
			p := filepath.Join(root, "sys/fs/cgroup/cgroup.controllers")
			os.Remove(p)
			return unix.Mkfifo(p, 0o644)
		}, "cgroup.controllers", func(t *testing.T, h Host) { assert.Empty(t, h.Cgroup.Controllers) }, ""},
		{"a FIFO at /proc/net/tcp: the ports are unknown", func(root string) error {
			p := filepath.Join(root, "proc/net/tcp")
			os.MkdirAll(filepath.Dir(p), 0o755)
			os.Remove(p)
			return unix.Mkfifo(p, 0o644)
		}, "ports", func(t *testing.T, h Host) { assert.Nil(t, h.Ports) }, "software-docker-ports"},
		{"a kernel config past 8 MiB: unknown, not 'not set'", func(root string) error {
			if err := os.Remove(filepath.Join(root, "boot/config-6.1.0-18-amd64")); err != nil {
				return err
			}
			f, err := os.Create(filepath.Join(root, "proc/config.gz"))
			if err != nil {
				return err
			}
			defer f.Close()
			zw := gzip.NewWriter(f)
			zw.Write([]byte("CONFIG_NAMESPACES=y\n"))
			zw.Write(bytes.Repeat([]byte("# pad\n"), 9<<20/6))
			zw.Write([]byte("CONFIG_VETH=m\n"))
			return zw.Close()
		}, "kernel.config", func(t *testing.T, h Host) {
			assert.Contains(t, h.Missing["kernel.config"], "more than 8 MiB")
			_, known := h.Kernel.Has("VETH")
			assert.False(t, known)
		}, "kernel-config-full"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			if tt.root == "" {
				tt.root = "container-cgroup2-1g"
			}
			cleanup, err := fakeroot.Unpack(filepath.Join("..", "testdata", "roots", tt.root+".txtar"), root)
			require.NoError(t, err)
			defer cleanup()
			// The good root knows the fact.
			good, err := Collect(context.Background(), fakeSys(Options{Root: root}))
			require.NoError(t, err)
			require.NotContains(t, good.Missing, tt.missing)
			require.NoError(t, tt.spoil(root))
			h, err := Collect(context.Background(), fakeSys(Options{Root: root}))
			require.NoError(t, err)
			assert.Contains(t, h.Missing, tt.missing)
			tt.check(t, h)
		})
	}
}
