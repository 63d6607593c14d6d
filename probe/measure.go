package probe

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/kfit-dev/kfit/internal/units"
)

// Fsync is how long the disk under the data directory takes to make a small
// write durable: the latency of fdatasync(2) after each of a series of small
// sequential writes to a new file, the pattern of etcd's write-ahead log
// (its metric wal_fsync_duration_seconds times the same call). Only
// `kfit --measure` fills it; every other fact is read, this one is made.
type Fsync struct {
	// Path is the directory written in, on the probed machine (Disk.Path).
	Path    string  `json:"path" clean:"1024"`
	Samples int     `json:"samples"` // fdatasync calls timed
	Seconds float64 `json:"seconds"` // the whole measurement, writes included
	P50Ms   float64 `json:"p50Ms"`
	P99Ms   float64 `json:"p99Ms"`
	MaxMs   float64 `json:"maxMs"`
	// TimeLimited is set when the time bound ended the measurement before
	// its count of samples: the figures are of what was gathered by then.
	TimeLimited bool `json:"timeLimited,omitempty"`
}

// The measurement's shape and bounds: the writes of the usual recipe for
// etcd, `fio --rw=write --ioengine=sync --fdatasync=1 --size=22m --bs=2300`
// (IBM's "Using fio to tell whether your storage is fast enough for etcd",
// 2019, which etcd's FAQ and hardware guide link to through a copy on
// prog.world): 22 MiB in blocks of
// 2,300 bytes, 10,029 writes. That many take seconds on a good disk rather
// than a fraction of one, so the periodic stalls (journal commits,
// writeback) land in the tail. On the VM kfit is built on, three runs each
// of fio and kfit, interleaved in /var/lib: fio p50 0.20-0.26 ms, p99
// 4.7-10.2 ms; kfit p50 0.22-0.23 ms, p99 4.6-6.7 ms (2026-11-30).
const (
	FsyncBlockBytes = 2300
	FsyncSamples    = 22 << 20 / FsyncBlockBytes
	// FsyncMinSamples is the fewest samples a measurement is asked for.
	FsyncMinSamples = 100
	// FsyncLimit bounds the time a measurement takes (about: one
	// fdatasync still running is waited for at most fsyncGrace more).
	FsyncLimit = 10 * time.Second
	// FsyncMarginBytes must remain free after the test file is written, so
	// that the test never takes space another program needs.
	FsyncMarginBytes = 64 << 20
)

// fsyncGrace is how long a stopped measurement waits for the fdatasync in
// flight before it counts it with the time it has taken so far.
const fsyncGrace = time.Second

// MeasureOptions says where and how much to measure.
type MeasureOptions struct {
	// Root is the probed machine's root, as in Options; Dir the directory
	// on that machine to write in (Host.Disk.Path), resolved inside Root.
	Root, Dir string
	// Samples (FsyncSamples when 0, at least FsyncMinSamples), BlockBytes
	// (FsyncBlockBytes when 0) and Limit (FsyncLimit when 0) shape it.
	Samples    int
	BlockBytes int
	Limit      time.Duration
	// Started, when set, is told the temporary file's path as this process
	// sees it and the most bytes that will be written to it, once the file
	// exists and before the first write.
	Started func(path string, bytes int64)
}

// SpaceError is the refusal to measure on a filesystem without room for the
// test file and the margin.
type SpaceError struct {
	Dir                  string
	FreeBytes, TestBytes uint64
	MarginBytes          uint64
}

func (e *SpaceError) Error() string {
	return fmt.Sprintf("%s has %s free; the measurement writes %s and must leave %s free, so it did not run",
		e.Dir, units.Bytes(float64(e.FreeBytes)), units.Bytes(float64(e.TestBytes)), units.Bytes(float64(e.MarginBytes)))
}

// measureDir is the directory a measurement writes in (measure_linux.go).
type measureDir interface {
	freeBytes() (uint64, error)
	// create makes a new file of size bytes (preallocated where the
	// filesystem can) that did not exist before, readable by its owner
	// alone, and returns it and its name in the directory.
	create(size int64) (syncFile, string, error)
	remove(name string) error
	close() error
}

// syncFile is the temporary file: written at an offset, then fdatasync'd.
type syncFile interface {
	writeAt(p []byte, off int64) error
	datasync() error
	close() error
}

// MeasureFsync writes a new temporary file in opt.Dir under opt.Root, in
// etcd's pattern (each small sequential write followed by fdatasync), times
// every fdatasync, and removes the file: when done, when ctx is cancelled
// (then it returns ctx's error) and on every error. It stops after
// opt.Samples writes or opt.Limit, whichever comes first, and refuses to run
// (a *SpaceError) when the filesystem has less free than the file needs
// plus FsyncMarginBytes. It is the one function of kfit that writes.
func MeasureFsync(ctx context.Context, opt MeasureOptions) (_ *Fsync, err error) {
	if opt.Root == "" {
		opt.Root = "/"
	}
	if opt.Samples == 0 {
		opt.Samples = FsyncSamples
	}
	opt.Samples = max(opt.Samples, FsyncMinSamples)
	if opt.BlockBytes <= 0 {
		opt.BlockBytes = FsyncBlockBytes
	}
	if opt.Limit <= 0 {
		opt.Limit = FsyncLimit
	}
	if opt.Dir == "" {
		return nil, errors.New("no directory to measure in")
	}
	shown := filepath.Join(opt.Root, opt.Dir)
	d, err := openMeasureDir(opt.Root, opt.Dir)
	if err != nil {
		return nil, err
	}
	defer d.close()
	size := int64(opt.Samples) * int64(opt.BlockBytes)
	free, err := d.freeBytes()
	if err != nil {
		return nil, fmt.Errorf("statfs %s: %w", shown, err)
	}
	if free < uint64(size)+FsyncMarginBytes {
		return nil, &SpaceError{Dir: shown, FreeBytes: free, TestBytes: uint64(size), MarginBytes: FsyncMarginBytes}
	}
	f, name, err := d.create(size)
	if err != nil {
		return nil, fmt.Errorf("create a temporary file in %s: %w", shown, err)
	}
	file := filepath.Join(shown, name)
	defer func() {
		if rerr := d.remove(name); rerr != nil && err == nil {
			err = fmt.Errorf("remove %s: %w", file, rerr)
		}
	}()
	if opt.Started != nil {
		opt.Started(file, size)
	}
	res, err := sample(ctx, f, opt)
	if err != nil {
		return nil, fmt.Errorf("measure in %s: %w", file, err)
	}
	res.Path = opt.Dir
	return res, nil
}

// sampler is what the writing goroutine shares with the one that waits.
type sampler struct {
	mu       sync.Mutex
	durs     []time.Duration
	inFlight time.Time // when the write or fdatasync running now began
	err      error
}

// sample runs the writes in a goroutine of their own, so that a write or an
// fdatasync that never returns (a dying SD card, a hung network volume)
// cannot hold kfit past its bound: such a call counts with the time it has
// taken so far.
func sample(ctx context.Context, f syncFile, opt MeasureOptions) (*Fsync, error) {
	var s sampler
	stop, done := make(chan struct{}), make(chan struct{})
	buf := make([]byte, opt.BlockBytes)
	for i := range buf {
		// Not zeros: some drives compress or skip writing them.
		buf[i] = byte(rand.Uint32())
	}
	start := time.Now()
	go func() {
		defer close(done)
		defer f.close()
		for i := range opt.Samples {
			select {
			case <-stop:
				return
			default:
			}
			s.begin()
			if err := f.writeAt(buf, int64(i)*int64(len(buf))); err != nil {
				s.end(0, fmt.Errorf("write: %w", err))
				return
			}
			t0 := s.begin()
			err := f.datasync()
			if err != nil {
				err = fmt.Errorf("fdatasync: %w", err)
			}
			if s.end(time.Since(t0), err) != nil {
				return
			}
		}
	}()
	timer := time.NewTimer(opt.Limit)
	defer timer.Stop()
	var cancelled error
	select {
	case <-done:
	case <-timer.C:
	case <-ctx.Done():
		cancelled = ctx.Err()
	}
	close(stop)
	select {
	case <-done:
	case <-time.After(fsyncGrace):
	}
	elapsed := time.Since(start)
	s.mu.Lock()
	defer s.mu.Unlock()
	if cancelled != nil {
		return nil, cancelled
	}
	if s.err != nil {
		return nil, s.err
	}
	durs := slices.Clone(s.durs)
	if !s.inFlight.IsZero() {
		durs = append(durs, time.Since(s.inFlight))
	}
	if len(durs) == 0 {
		return nil, errors.New("no fdatasync was timed")
	}
	res := summarise(durs)
	res.Seconds = math.Round(elapsed.Seconds()*1000) / 1000
	res.TimeLimited = len(durs) < opt.Samples
	return res, nil
}

func (s *sampler) begin() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.inFlight = time.Now()
	return s.inFlight
}

// end records a timed fdatasync (d > 0) or an error, and returns the error.
func (s *sampler) end(d time.Duration, err error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.inFlight = time.Time{}
	if err != nil {
		s.err = err
		return err
	}
	s.durs = append(s.durs, d)
	return nil
}

// summarise gives the percentiles of the samples by nearest rank: the p-th
// percentile of n sorted values is the ceil(p/100·n)-th.
func summarise(durs []time.Duration) *Fsync {
	slices.Sort(durs)
	rank := func(p float64) time.Duration {
		i := int(math.Ceil(p/100*float64(len(durs)))) - 1
		return durs[max(0, min(i, len(durs)-1))]
	}
	return &Fsync{Samples: len(durs), P50Ms: ms(rank(50)), P99Ms: ms(rank(99)), MaxMs: ms(durs[len(durs)-1])}
}

// ms is a duration in milliseconds, to the microsecond.
func ms(d time.Duration) float64 { return math.Round(float64(d)/float64(time.Microsecond)) / 1000 }

// dropNonsenseFsync makes unknown a snapshot's measurement that no
// measurement gives: no samples, negative or unordered figures.
func (h *Host) dropNonsenseFsync() {
	f := h.Disk.Fsync
	if f == nil {
		return
	}
	if f.Samples > 0 && f.Seconds >= 0 && 0 <= f.P50Ms && f.P50Ms <= f.P99Ms && f.P99Ms <= f.MaxMs {
		return
	}
	h.miss("disk.fsync", fmt.Errorf("the snapshot's disk.fsync (%d samples, p50 %g ms, p99 %g ms, max %g ms) is not a measurement", f.Samples, f.P50Ms, f.P99Ms, f.MaxMs))
	h.Disk.Fsync = nil
}
