//go:build linux

package probe

import (
	"context"
	"encoding/json"
	"math/rand"
	"os"
	"path/filepath"
	"runtime"
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
