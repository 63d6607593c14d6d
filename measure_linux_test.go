package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// measuredReport is what these tests read of `kfit check -o json --measure`.
type measuredReport struct {
	Host struct {
		Disk struct {
			Fsync *struct {
				Samples     int     `json:"samples"`
				Seconds     float64 `json:"seconds"`
				P50Ms       float64 `json:"p50Ms"`
				P99Ms       float64 `json:"p99Ms"`
				MaxMs       float64 `json:"maxMs"`
				TimeLimited bool    `json:"timeLimited"`
			} `json:"fsync"`
		} `json:"disk"`
	} `json:"host"`
	Results []struct {
		Role   string `json:"role"`
		Checks []struct {
			ID, Verdict, Got, Reason string
		} `json:"checks"`
	} `json:"results"`
}

func (r measuredReport) storage(t *testing.T) (verdict, reason string) {
	t.Helper()
	for _, res := range r.Results {
		for _, c := range res.Checks {
			if c.ID == "storage" {
				return c.Verdict, c.Reason
			}
		}
	}
	t.Fatal("no storage check in the report")
	return "", ""
}

// measureRoot makes a root whose data directory, /var/lib, is a real
// directory on this machine's disk (not t.TempDir: a throttled process
// must reach it whatever the test's user).
func measureRoot(t *testing.T) (root, dataDir string) {
	t.Helper()
	root, err := os.MkdirTemp("", "kfit-measure-")
	require.NoError(t, err)
	t.Cleanup(func() { os.RemoveAll(root) })
	dataDir = filepath.Join(root, "var", "lib")
	require.NoError(t, os.MkdirAll(dataDir, 0o755))
	// A root without /proc holds no Linux machine (exit 2).
	require.NoError(t, os.MkdirAll(filepath.Join(root, "proc"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(root, "proc", "version"), []byte("Linux version 6.1.0\n"), 0o644))
	return root, dataDir
}

func dirEntries(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	require.NoError(t, err)
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

// TestMeasureThrottledDisk throttles the write IOPS of the disk under a
// temporary directory with a real cgroup (v1 blkio.throttle.write_iops_device,
// or v2 io.max), runs kfit --measure inside it, and expects a slow p99 and a
// storage verdict that is not pass; the same measurement outside the cgroup
// is the baseline. Page-cache writes escape blkio v1, but fdatasync sends
// them to the device from the calling task, where the throttle counts them.
// It also interrupts a throttled measurement with SIGINT: the file is gone
// and kfit exits 2. It needs root; it removes its cgroup.
func TestMeasureThrottledDisk(t *testing.T) {
	if os.Geteuid() != 0 {
		skipUnlessCI(t, "creating a cgroup needs root")
	}
	root, dataDir := measureRoot(t)
	dev, err := wholeDisk(dataDir)
	if err != nil {
		skipUnlessCI(t, "%s is not on a block device a cgroup can throttle: %v", dataDir, err)
	}
	// Fast enough for the 100 samples a 99th percentile needs within the
	// bound, slow enough to be past etcd's 20 ms: each fdatasync waits for
	// a few throttled writes.
	const iops = 100
	procs, how, err := throttle(t, dev, iops)
	if err != nil {
		skipUnlessCI(t, "no cgroup that can throttle %s: %v", dev, err)
	}
	bin := buildKfit(t)
	// --timeout, shorter than the 10 s bound, bounds the measurement.
	args := []string{"check", "--measure", "--timeout", "6s", "--root", root, "--distro", "k0s:controller", "-o", "json"}

	measure := func(cmd *exec.Cmd) measuredReport {
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		var ee *exec.ExitError
		if err != nil && !(errors.As(err, &ee) && ee.ExitCode() == 1) {
			t.Fatalf("kfit: %v\n%s", err, stderr.String())
		}
		var rep measuredReport
		require.NoError(t, json.Unmarshal(stdout.Bytes(), &rep), stderr.String())
		require.NotNil(t, rep.Host.Disk.Fsync, "measured")
		assert.Contains(t, stderr.String(), "kfit: --measure writes "+dataDir+"/.kfit-measure-")
		assert.Empty(t, dirEntries(t, dataDir), "the file is removed")
		return rep
	}

	free := measure(exec.Command(bin, args...)).Host.Disk.Fsync
	t.Logf("unthrottled: %d fdatasyncs in %.3f s, p50 %.3f ms, p99 %.3f ms, max %.3f ms", free.Samples, free.Seconds, free.P50Ms, free.P99Ms, free.MaxMs)

	inCgroup := func(args ...string) *exec.Cmd {
		// The shell moves itself into the cgroup, then becomes kfit.
		return exec.Command("sh", append([]string{"-c", fmt.Sprintf(`echo $$ > %s && exec "$0" "$@"`, procs), bin}, args...)...)
	}
	rep := measure(inCgroup(args...))
	slow := rep.Host.Disk.Fsync
	verdict, reason := rep.storage(t)
	t.Logf("throttled to %d write IOPS (%s): %d fdatasyncs in %.3f s, p50 %.3f ms, p99 %.3f ms, max %.3f ms; storage %s: %s",
		iops, how, slow.Samples, slow.Seconds, slow.P50Ms, slow.P99Ms, slow.MaxMs, verdict, reason)
	assert.Greater(t, slow.P99Ms, 1000.0/iops, "each fdatasync waits for at least one throttled write")
	assert.NotEqual(t, "pass", verdict)
	assert.Equal(t, "fail", verdict, "%g ms is past etcd's 20 ms", slow.P99Ms)
	assert.GreaterOrEqual(t, slow.Samples, 100, "enough writes for a 99th percentile (probe.FsyncMinSamples)")
	assert.True(t, slow.TimeLimited, "%d writes at %d IOPS cannot finish in 6 s", slow.Samples, iops)
	assert.Less(t, slow.Seconds, 6+2.0, "--timeout 6s bounds the measurement (plus the grace for the fdatasync in flight)")

	t.Run("SIGINT, SIGTERM, SIGHUP and SIGQUIT remove the file, and kfit exits 2", func(t *testing.T) {
		for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGQUIT} {
			cmd := inCgroup("probe", "--measure", "--root", root)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			require.NoError(t, cmd.Start())
			deadline := time.Now().Add(5 * time.Second)
			for len(dirEntries(t, dataDir)) == 0 && time.Now().Before(deadline) {
				time.Sleep(5 * time.Millisecond)
			}
			require.Len(t, dirEntries(t, dataDir), 1, "the measurement started")
			time.Sleep(300 * time.Millisecond)
			require.NoError(t, cmd.Process.Signal(sig))
			err := cmd.Wait()
			var ee *exec.ExitError
			require.ErrorAs(t, err, &ee, stderr.String())
			assert.Equal(t, 2, ee.ExitCode(), "%s: %s", sig, stderr.String())
			assert.Regexp(t, `kfit: flag --measure: interrupted; \S+/\.kfit-measure-\S+ was removed`, stderr.String())
			assert.Empty(t, dirEntries(t, dataDir), "%s: the file is removed before kfit exits", sig)
		}
	})
}

// TestMeasureRefusesAFullDisk: on a filesystem with less free than the test
// file and the 64 MiB margin, kfit writes nothing and exits 2, saying why.
// The filesystem is a 32 MiB tmpfs, which needs root to mount.
func TestMeasureRefusesAFullDisk(t *testing.T) {
	if os.Geteuid() != 0 {
		skipUnlessCI(t, "mounting a small tmpfs needs root")
	}
	root, dataDir := measureRoot(t)
	if err := unix.Mount("kfit-test", dataDir, "tmpfs", unix.MS_NOSUID|unix.MS_NODEV, "size=32m,mode=0755"); err != nil {
		skipUnlessCI(t, "mount a tmpfs: %v", err)
	}
	defer unix.Unmount(dataDir, 0)
	cmd := exec.Command(buildKfit(t), "check", "--measure", "--root", root)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var ee *exec.ExitError
	require.ErrorAs(t, err, &ee)
	assert.Equal(t, 2, ee.ExitCode())
	assert.Equal(t, "kfit: flag --measure: "+dataDir+" has 32 MiB free; the measurement writes 22 MiB and must leave 64 MiB free, so it did not run\n", stderr.String())
	assert.Empty(t, stdout.String())
	assert.Empty(t, dirEntries(t, dataDir))
}

// TestMeasureAsAnOrdinaryUser: a data directory kfit may not write in is a
// refusal (exit 2) that says what to do, not an unknown fact.
func TestMeasureAsAnOrdinaryUser(t *testing.T) {
	if os.Geteuid() != 0 {
		skipUnlessCI(t, "running kfit as another user needs root")
	}
	root, dataDir := measureRoot(t)
	bin := buildKfit(t)
	require.NoError(t, os.Chmod(root, 0o755)) // nobody reaches /var/lib, owned by root, 0755
	cmd := exec.Command(bin, "probe", "--measure", "--root", root)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	var ee *exec.ExitError
	require.ErrorAs(t, err, &ee)
	assert.Equal(t, 2, ee.ExitCode())
	assert.Equal(t, "kfit: flag --measure: create a temporary file in "+dataDir+": permission denied (measure as the user that will install, root)\n", stderr.String())
	assert.Empty(t, dirEntries(t, dataDir))
}

// wholeDisk gives the MAJ:MIN of the whole disk that holds dir (a
// partition's parent), as the cgroup throttle files take it.
func wholeDisk(dir string) (string, error) {
	var st unix.Stat_t
	if err := unix.Stat(dir, &st); err != nil {
		return "", err
	}
	dev := fmt.Sprintf("%d:%d", unix.Major(st.Dev), unix.Minor(st.Dev))
	sys := "/sys/dev/block/" + dev
	if _, err := os.Stat(sys); err != nil {
		return "", fmt.Errorf("device %s is not a block device (%v)", dev, err)
	}
	if _, err := os.Stat(sys + "/partition"); err == nil {
		b, err := os.ReadFile(sys + "/../dev")
		if err != nil {
			return "", err
		}
		dev = strings.TrimSpace(string(b))
	}
	return dev, nil
}

// throttle creates a cgroup that limits writes to dev to iops a second and
// returns its cgroup.procs; the cgroup is removed when the test ends.
func throttle(t *testing.T, dev string, iops int) (procs, how string, err error) {
	v1, v2, err := ioCgroupParents()
	if err != nil {
		return "", "", err
	}
	parent, file, value := v1, "blkio.throttle.write_iops_device", fmt.Sprintf("%s %d", dev, iops)
	if v1 == "" {
		parent, file, value = v2, "io.max", fmt.Sprintf("%s wiops=%d", dev, iops)
	}
	dir := filepath.Join(parent, fmt.Sprintf("kfit-measure-test-%d", os.Getpid()))
	if err := os.Mkdir(dir, 0o755); err != nil {
		return "", "", err
	}
	t.Cleanup(func() {
		// The processes have exited; the cgroup must go, whatever happened.
		for i := 0; ; i++ {
			err := os.Remove(dir)
			if err == nil || os.IsNotExist(err) {
				return
			}
			if i == 50 {
				t.Errorf("remove cgroup %s: %v", dir, err)
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
	})
	if err := os.WriteFile(filepath.Join(dir, file), []byte(value), 0o644); err != nil {
		return "", "", fmt.Errorf("%s/%s: %w", dir, file, err)
	}
	return filepath.Join(dir, "cgroup.procs"), fmt.Sprintf("%s/%s = %q", parent, file, value), nil
}

// ioCgroupParents finds the v1 blkio hierarchy, or the v2 root when it
// delegates the io controller to children.
func ioCgroupParents() (v1, v2 string, err error) {
	mounts, err := cgroupMounts()
	if err != nil {
		return "", "", err
	}
	var unified string
	for _, m := range mounts {
		switch {
		case m.fstype == "cgroup" && strings.Contains(m.opts, ",blkio,"):
			return m.point, "", nil
		case m.fstype == "cgroup2" && m.point == "/sys/fs/cgroup":
			unified = m.point
		}
	}
	if unified == "" {
		return "", "", errors.New("neither a cgroup v1 blkio hierarchy nor cgroup v2 at /sys/fs/cgroup")
	}
	b, err := os.ReadFile(filepath.Join(unified, "cgroup.subtree_control"))
	if err != nil || !strings.Contains(" "+strings.TrimSpace(string(b))+" ", " io ") {
		return "", "", fmt.Errorf("the cgroup v2 root does not delegate io (cgroup.subtree_control: %q, %v)", strings.TrimSpace(string(b)), err)
	}
	return "", unified, nil
}
