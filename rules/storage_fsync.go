package rules

import (
	"fmt"

	"github.com/kfit-dev/kfit/catalog"
	"github.com/kfit-dev/kfit/probe"
)

// The storage check with a measurement (kfit --measure): the roles that
// state a storage requirement are those that keep a datastore on this
// machine (k3s's SQLite or etcd, k0s's etcd, RKE2's etcd), which syncs every
// write. etcd's guidance is the one measurable figure; read 2026-11-30:
//
//   - fsyncPassMs: etcd FAQ, "What does the etcd warning 'failed to send out
//     heartbeat on time' mean?" (etcd-io/website
//     content/en/docs/v3.6/faq.md): "monitor wal_fsync_duration_seconds
//     (p99 duration should be less than 10ms) to confirm the disk is
//     reasonably fast."
//   - fsyncFailMs: etcd's hardware guide (etcd-io/website
//     content/en/docs/v3.6/op-guide/hardware.md): "etcd is very sensitive to
//     disk write latency. Typically 50 sequential IOPS (e.g., a 7200 RPM
//     disk) is required." Fifty synced writes a second is 20 ms each, on
//     average: kfit holds the 99th percentile to it, a stricter reading.
//     OpenShift's etcd-perf check (a similar fio run, 8 KB blocks) draws its
//     line there too ("Effects of disk latency on etcd", OpenShift 4.21 docs,
//     https://docs.redhat.com/zh-cn/documentation/openshift_container_platform/4.21/html/etcd/etcd-disk-latency_etcd-performance,
//     in English: "99th percentile of the fsync is greater than the
//     recommended value which is 20 ms, faster disks are recommended to
//     host etcd"); its storage practices page asks 10 ms, etcd's figure
//     (4.17 on: "at least 50 IOPS of 8KB sequentially, including
//     fdatasync, in under 10ms").
//
// Between the two the datastore runs, slowly under load: a warning.
const (
	fsyncPassMs = 10
	fsyncFailMs = 20

	etcdFAQ      = "https://etcd.io/docs/v3.6/faq/#what-does-the-etcd-warning-failed-to-send-out-heartbeat-on-time-mean"
	etcdHardware = "https://etcd.io/docs/v3.6/op-guide/hardware/#disks"
)

// fsyncJudged says whether a measurement can be judged: enough samples for
// a 99th percentile, taken in the data directory the disk facts describe.
func fsyncJudged(h probe.Host) bool {
	f := h.Disk.Fsync
	return f != nil && f.Samples >= probe.FsyncMinSamples && (h.Disk.Path == "" || f.Path == h.Disk.Path)
}

// checkFsync judges the measured disk for a role that keeps a datastore.
func checkFsync(h probe.Host, q *catalog.StorageReq) Check {
	f := h.Disk.Fsync
	c := Check{ID: CheckStorage, Source: etcdFAQ, Want: fmt.Sprintf("fdatasync p99 < %d ms", fsyncPassMs)}
	on := ""
	if h.Disk.Device != "" {
		on = " on " + h.Disk.Device
	}
	c.Got = fmt.Sprintf("fdatasync p99 %s ms (%d writes%s)", msText(f.P99Ms), f.Samples, on)
	switch {
	case f.Samples < probe.FsyncMinSamples:
		c.Verdict = Warn
		c.Reason = fmt.Sprintf("only %d writes were timed, too few for a 99th percentile (at least %d): measure again with a longer --timeout", f.Samples, probe.FsyncMinSamples)
		return c
	case h.Disk.Path != "" && f.Path != h.Disk.Path:
		c.Verdict = Warn
		c.Reason = fmt.Sprintf("the measurement is of %s, not of the data directory %s", f.Path, h.Disk.Path)
		return c
	}
	measured := fmt.Sprintf("%s syncs a small write in %s ms at the 99th percentile (measured", f.Path, msText(f.P99Ms))
	if f.TimeLimited {
		measured += fmt.Sprintf(", %d writes before the time bound", f.Samples)
	}
	measured += ")"
	const fix = "put /var/lib on a faster disk: an SSD (on a Raspberry Pi, an external USB SSD rather than the SD card), or a VPS volume with more IOPS"
	switch {
	case f.P99Ms < fsyncPassMs:
		c.Verdict = Pass
		c.Reason = fmt.Sprintf("%s; etcd asks under %d ms", measured, fsyncPassMs)
		return c
	case f.P99Ms <= fsyncFailMs:
		c.Verdict = Warn
		c.Reason = fmt.Sprintf("%s: above etcd's %d ms, within the %d ms (50 synced writes a second) etcd requires; the datastore will lag under load", measured, fsyncPassMs, fsyncFailMs)
		return fixable(c, fix)
	}
	c.Source = etcdHardware
	if q != nil && q.Datastore == "sqlite" {
		// No source sets a line for SQLite: slow, not broken.
		c.Verdict = Warn
		c.Reason = fmt.Sprintf("%s: slower than the %d ms etcd requires; this role's default datastore is SQLite, which will be slow to write, and etcd (a cluster of servers) would not keep up", measured, fsyncFailMs)
		return fixable(c, fix)
	}
	c.Verdict = Fail
	c.Reason = fmt.Sprintf("%s: slower than the %d ms (50 synced writes a second) etcd requires; expect \"apply request took too long\" and lost leader elections; it needs a faster disk (an SSD)", measured, fsyncFailMs)
	return hardware(c)
}

// msText prints a latency in milliseconds: 0.235, 1.45, 12.3, 250.
func msText(v float64) string {
	if v < 100 {
		return fmt.Sprintf("%.3g", v)
	}
	return fmt.Sprintf("%.0f", v)
}
