//go:build linux

package probe

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// entries lists a directory's names, to see that a measurement left nothing.
func entries(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	require.NoError(t, err)
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

// TestMeasureFsyncInATemporaryDirectory measures a real directory on this
// machine's disk: every fdatasync is timed, the file exists only while it is
// written (new, 0600, the announced size), and is gone afterwards.
func TestMeasureFsyncInATemporaryDirectory(t *testing.T) {
	dir := t.TempDir()
	var file string
	var size int64
	f, err := MeasureFsync(context.Background(), MeasureOptions{Dir: dir, Started: func(path string, bytes int64) {
		file, size = path, bytes
		st, err := os.Lstat(path)
		require.NoError(t, err, "the file exists while it is written")
		assert.True(t, st.Mode().IsRegular())
		assert.Equal(t, os.FileMode(0o600), st.Mode().Perm())
		assert.Equal(t, size, st.Size(), "preallocated as etcd does its WAL")
	}})
	require.NoError(t, err)
	assert.Equal(t, filepath.Dir(file), dir)
	assert.Equal(t, int64(FsyncSamples*FsyncBlockBytes), size)
	assert.Empty(t, entries(t, dir), "the file is removed")
	assert.Equal(t, dir, f.Path)
	if f.TimeLimited {
		assert.Less(t, f.Samples, FsyncSamples)
	} else {
		assert.Equal(t, FsyncSamples, f.Samples)
	}
	assert.Positive(t, f.P50Ms)
	assert.LessOrEqual(t, f.P50Ms, f.P99Ms)
	assert.LessOrEqual(t, f.P99Ms, f.MaxMs)
	assert.Positive(t, f.Seconds)
	assert.LessOrEqual(t, f.Seconds, (FsyncLimit + fsyncGrace + time.Second).Seconds())
	t.Logf("fdatasync in %s: %d samples in %.3f s, p50 %.3f ms, p99 %.3f ms, max %.3f ms", dir, f.Samples, f.Seconds, f.P50Ms, f.P99Ms, f.MaxMs)
}

// The directory is resolved inside the root like every path kfit reads: an
// absolute link under the root leads to the root's own directory, never the
// machine's.
func TestMeasureFsyncStaysInTheRoot(t *testing.T) {
	root := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(root, "data"), 0o755))
	require.NoError(t, os.MkdirAll(filepath.Join(root, "var"), 0o755))
	outside := t.TempDir()
	// /var/lib -> /data, which outside the root would be the machine's /data;
	// and a second link that climbs out with "..".
	require.NoError(t, os.Symlink("/data", filepath.Join(root, "var", "lib")))
	require.NoError(t, os.Symlink("../../../../../../.."+outside, filepath.Join(root, "up")))
	var file string
	_, err := MeasureFsync(context.Background(), MeasureOptions{Root: root, Dir: "/var/lib", Samples: FsyncMinSamples,
		Started: func(path string, _ int64) {
			file = path
			names := entries(t, filepath.Join(root, "data"))
			assert.Len(t, names, 1, "the file is in the root's /data")
		}})
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(root, "var", "lib"), filepath.Dir(file), "reported as the path asked for")
	assert.Empty(t, entries(t, filepath.Join(root, "data")))

	// ".." stops at the root, so /up is the root's own path to a
	// directory it does not hold.
	_, err = MeasureFsync(context.Background(), MeasureOptions{Root: root, Dir: "/up", Samples: FsyncMinSamples})
	assert.ErrorIs(t, err, unix.ENOENT)
	assert.Empty(t, entries(t, outside), "nothing is written outside the root")
}

func TestMeasureFsyncRefuses(t *testing.T) {
	dir := t.TempDir()
	var sf unix.Statfs_t
	require.NoError(t, unix.Statfs(dir, &sf))
	free := sf.Bavail * uint64(sf.Bsize)
	started := false
	onStart := func(string, int64) { started = true }

	t.Run("a filesystem without room for the file and the margin", func(t *testing.T) {
		// As many blocks as there is free space: the file would fit, the
		// margin would not.
		_, err := MeasureFsync(context.Background(), MeasureOptions{Dir: dir, Samples: int(free / FsyncBlockBytes), Started: onStart})
		var se *SpaceError
		require.ErrorAs(t, err, &se)
		assert.Contains(t, err.Error(), "must leave 64 MiB free, so it did not run")
		assert.False(t, started)
		assert.Empty(t, entries(t, dir))
	})
	t.Run("a directory that does not exist", func(t *testing.T) {
		_, err := MeasureFsync(context.Background(), MeasureOptions{Dir: filepath.Join(dir, "nope"), Started: onStart})
		assert.ErrorIs(t, err, unix.ENOENT)
		assert.False(t, started)
	})
	t.Run("a file instead of a directory", func(t *testing.T) {
		file := filepath.Join(dir, "file")
		require.NoError(t, os.WriteFile(file, nil, 0o600))
		defer os.Remove(file)
		_, err := MeasureFsync(context.Background(), MeasureOptions{Dir: file, Started: onStart})
		assert.ErrorIs(t, err, unix.ENOTDIR)
		assert.False(t, started)
	})
	t.Run("a directory kfit may not write in", func(t *testing.T) {
		if os.Geteuid() == 0 {
			t.Skip("root writes in a 0555 directory")
		}
		ro := filepath.Join(dir, "ro")
		require.NoError(t, os.Mkdir(ro, 0o555))
		_, err := MeasureFsync(context.Background(), MeasureOptions{Dir: ro, Started: onStart})
		assert.ErrorIs(t, err, unix.EACCES)
		assert.Contains(t, err.Error(), "create a temporary file in "+ro)
	})
}

// Cancelling (kfit cancels on SIGINT and SIGTERM) stops the writes and
// removes the file before MeasureFsync returns.
func TestMeasureFsyncCancelledRemovesTheFile(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	_, err := MeasureFsync(ctx, MeasureOptions{Dir: dir, Samples: 1 << 20, BlockBytes: 16, Started: func(string, int64) {
		go func() { time.Sleep(20 * time.Millisecond); cancel() }()
	}})
	assert.ErrorIs(t, err, context.Canceled)
	assert.Empty(t, entries(t, dir))
}

// The time bound ends a measurement before its count, and says so.
func TestMeasureFsyncTimeBound(t *testing.T) {
	dir := t.TempDir()
	f, err := MeasureFsync(context.Background(), MeasureOptions{Dir: dir, Samples: 1 << 20, BlockBytes: 16, Limit: 100 * time.Millisecond})
	require.NoError(t, err)
	assert.True(t, f.TimeLimited)
	assert.Less(t, f.Samples, 1<<20)
	assert.Positive(t, f.Samples)
	assert.Less(t, f.Seconds, 1.5)
	assert.Empty(t, entries(t, dir))
}

// stuckFile is a disk whose fdatasync never returns after the first few.
type stuckFile struct {
	n       int
	release chan struct{}
}

func (f *stuckFile) writeAt([]byte, int64) error { return nil }
func (f *stuckFile) close() error                { return nil }
func (f *stuckFile) datasync() error {
	if f.n++; f.n > 3 {
		<-f.release
	}
	return nil
}

// An fdatasync that never returns cannot hold kfit past the bound: it counts
// with the time it has taken so far.
func TestAStuckFdatasyncCountsAsSlow(t *testing.T) {
	f := &stuckFile{release: make(chan struct{})}
	defer close(f.release)
	begin := time.Now()
	res, err := sample(context.Background(), f, MeasureOptions{Samples: 100, BlockBytes: 8, Limit: 200 * time.Millisecond})
	require.NoError(t, err)
	assert.Less(t, time.Since(begin), 200*time.Millisecond+fsyncGrace+500*time.Millisecond)
	assert.Equal(t, 4, res.Samples, "three timed, one still running")
	assert.True(t, res.TimeLimited)
	assert.GreaterOrEqual(t, res.MaxMs, float64((200*time.Millisecond+fsyncGrace)/time.Millisecond))
	assert.Equal(t, res.MaxMs, res.P99Ms)
}

type failingFile struct{ stuckFile }

func (f *failingFile) datasync() error { return unix.EIO }

func TestAFailingFdatasyncIsAnError(t *testing.T) {
	_, err := sample(context.Background(), &failingFile{}, MeasureOptions{Samples: 100, BlockBytes: 8, Limit: time.Second})
	assert.ErrorIs(t, err, unix.EIO)
	assert.Contains(t, err.Error(), "fdatasync")
}

func TestFsyncPercentiles(t *testing.T) {
	tests := []struct {
		name          string
		ms            []int
		p50, p99, max float64
	}{
		{"one sample is every percentile", []int{7}, 7, 7, 7},
		{"of 100, p99 is the 99th value", seq(100), 50, 99, 100},
		{"of 1000, p99 is the 990th value", seq(1000), 500, 990, 1000},
		{"of 150, p99 is the 149th value (rank 148.5 rounds up)", seq(150), 75, 149, 150},
		{"order does not matter", []int{9, 1, 5, 3, 7}, 5, 9, 9},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var durs []time.Duration
			for _, m := range tt.ms {
				durs = append(durs, time.Duration(m)*time.Millisecond)
			}
			f := summarise(durs)
			assert.Equal(t, len(tt.ms), f.Samples)
			assert.Equal(t, []float64{tt.p50, tt.p99, tt.max}, []float64{f.P50Ms, f.P99Ms, f.MaxMs})
		})
	}
	assert.Equal(t, 1.235, ms(1234567*time.Nanosecond), "to the microsecond")
}

func seq(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i + 1
	}
	return s
}

func TestSnapshotFsync(t *testing.T) {
	for _, tt := range []struct {
		name, fsync string
		keep        bool
	}{
		{"a measurement reads back", `{"path":"/var/lib","samples":1000,"seconds":1.2,"p50Ms":0.8,"p99Ms":2.5,"maxMs":9}`, true},
		{"no samples is no measurement", `{"path":"/var/lib","samples":0,"p50Ms":0.8,"p99Ms":2.5,"maxMs":9}`, false},
		{"a p99 above the max is no measurement", `{"path":"/var/lib","samples":10,"p50Ms":0.8,"p99Ms":12,"maxMs":9}`, false},
		{"a negative latency is no measurement", `{"path":"/var/lib","samples":10,"p50Ms":-1,"p99Ms":2,"maxMs":9}`, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h, err := ReadSnapshot([]byte(`{"schemaVersion":1,"disk":{"path":"/var/lib","fsync":`+tt.fsync+`}}`), "s.json")
			require.NoError(t, err)
			if tt.keep {
				require.NotNil(t, h.Disk.Fsync)
				assert.Equal(t, Fsync{Path: "/var/lib", Samples: 1000, Seconds: 1.2, P50Ms: 0.8, P99Ms: 2.5, MaxMs: 9}, *h.Disk.Fsync)
				return
			}
			assert.Nil(t, h.Disk.Fsync)
			assert.Contains(t, h.Missing["disk.fsync"], "is not a measurement")
		})
	}
}
