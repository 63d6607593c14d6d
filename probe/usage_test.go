//go:build linux

package probe

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kfit-dev/kfit/internal/fakeroot"
)

// Under a cgroup memory limit, what is in use is the cgroup's working set
// (usage less inactive file cache), read where the tightest limit is, not
// the host's MemTotal - MemAvailable.
func TestCgroupUsage(t *testing.T) {
	t.Run("a v2 container: memory.current less inactive_file", func(t *testing.T) {
		h := collectRoot(t, "container-cgroup2-1g")
		assert.Equal(t, uint64(1<<30), h.Memory.LimitBytes)
		assert.Equal(t, uint64(419430400-157286400), h.Memory.CgroupUsageBytes, "250 MiB")
		assert.NotContains(t, h.Missing, "memory.cgroupUsage")
	})
	t.Run("a v1 container: memory.usage_in_bytes less total_inactive_file", func(t *testing.T) {
		h := collectRoot(t, "container-cgroup1-512m")
		assert.Equal(t, CgroupV1, h.Cgroup.Version)
		assert.Equal(t, uint64(512<<20), h.Memory.LimitBytes)
		assert.Equal(t, uint64(512<<20), h.Memory.EffectiveBytes)
		assert.Equal(t, uint64(262144000-104857600), h.Memory.CgroupUsageBytes, "150 MiB")
		assert.Equal(t, Environment{Kind: EnvContainer, Detail: "docker"}, h.Environment)
	})
	t.Run("a limit whose cgroup has no usage file: unknown, with the reason", func(t *testing.T) {
		h := collectRoot(t, "host-cgroup1-limits")
		assert.Equal(t, uint64(2<<30), h.Memory.LimitBytes)
		assert.Zero(t, h.Memory.CgroupUsageBytes)
		assert.Contains(t, h.Missing["memory.cgroupUsage"], "/sys/fs/cgroup/memory/kfit.slice/memory.usage_in_bytes")
	})
	t.Run("no limit: no usage is read", func(t *testing.T) {
		h := collectRoot(t, "host-cgroup-hybrid")
		assert.Zero(t, h.Memory.CgroupUsageBytes)
		assert.NotContains(t, h.Missing, "memory.cgroupUsage")
	})
	edit := func(t *testing.T, change func(dir string)) Host {
		dir := t.TempDir()
		cleanup, err := fakeroot.Unpack(filepath.Join("..", "testdata", "roots", "container-cgroup2-1g.txtar"), dir)
		require.NoError(t, err)
		t.Cleanup(cleanup)
		change(dir)
		h, err := Collect(context.Background(), fakeSys(Options{Root: dir}))
		require.NoError(t, err)
		return h
	}
	t.Run("no memory.stat: the whole usage counts", func(t *testing.T) {
		h := edit(t, func(dir string) { require.NoError(t, os.Remove(filepath.Join(dir, "sys/fs/cgroup/memory.stat"))) })
		assert.Equal(t, uint64(419430400), h.Memory.CgroupUsageBytes)
	})
	t.Run("a memory.current that is not a number: unknown", func(t *testing.T) {
		h := edit(t, func(dir string) {
			require.NoError(t, os.WriteFile(filepath.Join(dir, "sys/fs/cgroup/memory.current"), []byte("lots\n"), 0o644))
		})
		assert.Zero(t, h.Memory.CgroupUsageBytes)
		assert.Contains(t, h.Missing["memory.cgroupUsage"], `"lots" is not a number of bytes`)
	})
}
