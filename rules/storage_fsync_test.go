package rules

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/kfit-dev/kfit/probe"
)

// measured is typical with a measured disk of that p99 (and a p50 a third of it).
func measured(p99 float64, edit ...func(h *probe.Host)) probe.Host {
	return edited(func(h *probe.Host) {
		h.Disk.Fsync = &probe.Fsync{Path: "/var/lib", Samples: 1000, Seconds: 1.5, P50Ms: p99 / 3, P99Ms: p99, MaxMs: p99 * 2}
		for _, e := range edit {
			e(h)
		}
	})
}

// The storage check with a measurement: etcd's 10 ms passes, its 20 ms
// (50 synced writes a second) warns, slower fails; the media no longer
// decide.
func TestStorageWithAMeasurement(t *testing.T) {
	cat := defaultCatalog(t)
	tests := []struct {
		name         string
		host         probe.Host
		distro, role string
		want         Verdict
		got, reason  string
		source       string
		fixable      *bool
	}{
		{"a fast disk passes", measured(1.5), "k3s", "server", Pass,
			"fdatasync p99 1.5 ms (1000 writes on sda)",
			"/var/lib syncs a small write in 1.5 ms at the 99th percentile (measured); etcd asks under 10 ms", etcdFAQ, nil},
		{"a fast disk the kernel calls rotational passes: measured beats guessed", measured(0.8, func(h *probe.Host) { h.Disk.Media, h.Disk.Device = "hdd", "vda" }), "k0s", "controller", Pass,
			"fdatasync p99 0.8 ms (1000 writes on vda)", "", etcdFAQ, nil},
		{"just under 10 ms passes", measured(9.999), "rke2", "server", Pass, "", "", etcdFAQ, nil},
		{"10 ms warns", measured(10), "k3s", "server", Warn, "",
			"/var/lib syncs a small write in 10 ms at the 99th percentile (measured): above etcd's 10 ms, within the 20 ms (50 synced writes a second) etcd requires; the datastore will lag under load", etcdFAQ, boolp(true)},
		{"20 ms still warns", measured(20), "k0s", "controller+worker", Warn, "", "", etcdFAQ, boolp(true)},
		{"a worn SD card fails a k0s controller (etcd)", measured(85, func(h *probe.Host) { h.Disk.Media, h.Disk.Device = "sd", "mmcblk0" }), "k0s", "controller", Fail,
			"fdatasync p99 85 ms (1000 writes on mmcblk0)",
			"/var/lib syncs a small write in 85 ms at the 99th percentile (measured): slower than the 20 ms (50 synced writes a second) etcd requires; expect \"apply request took too long\" and lost leader elections; it needs a faster disk (an SSD)",
			etcdHardware, boolp(false)},
		{"just over 20 ms fails an RKE2 server (etcd)", measured(20.01), "rke2", "server", Fail, "", "", etcdHardware, boolp(false)},
		{"a k3s server's default datastore is SQLite: slow, not broken", measured(85), "k3s", "server", Warn, "",
			"this role's default datastore is SQLite, which will be slow to write", etcdHardware, boolp(true)},
		{"a measurement cut short by the time bound says so", measured(450, func(h *probe.Host) { h.Disk.Fsync.Samples, h.Disk.Fsync.TimeLimited = 150, true }), "k0s", "controller", Fail,
			"fdatasync p99 450 ms (150 writes on sda)", "/var/lib syncs a small write in 450 ms at the 99th percentile (measured, 150 writes before the time bound): slower", etcdHardware, boolp(false)},
		{"too few writes for a 99th percentile: unknown", measured(3.8, func(h *probe.Host) { h.Disk.Fsync.Samples, h.Disk.Fsync.TimeLimited = 2, true }), "k0s", "controller", Warn,
			"fdatasync p99 3.8 ms (2 writes on sda)", "only 2 writes were timed, too few for a 99th percentile (at least 100)", etcdFAQ, nil},
		{"a measurement of another directory is not this one's", measured(1.5, func(h *probe.Host) { h.Disk.Fsync.Path = "/mnt/usb" }), "k0s", "controller", Warn,
			"", "the measurement is of /mnt/usb, not of the data directory /var/lib", etcdFAQ, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := check(t, result(t, Evaluate(derived(tt.host), cat, Options{}), tt.distro, tt.role), CheckStorage)
			assert.Equal(t, tt.want, c.Verdict, c.Reason)
			assert.Equal(t, "fdatasync p99 < 10 ms", c.Want)
			if tt.got != "" {
				assert.Equal(t, tt.got, c.Got)
			}
			if tt.reason != "" {
				assert.Contains(t, c.Reason, tt.reason)
			}
			assert.Equal(t, tt.source, c.Source)
			assert.Equal(t, tt.fixable, c.Fixable)
			if tt.want == Warn && tt.fixable != nil {
				assert.Contains(t, c.Fix, "a faster disk")
			} else {
				assert.Empty(t, c.Fix, "a passing check or hardware has no fix command")
			}
		})
	}
}

// Roles that keep no datastore here state no storage requirement and get
// no storage check, measured or not; a slow disk fails only the roles that
// keep one.
func TestAMeasurementJudgesOnlyDatastoreRoles(t *testing.T) {
	rep := Evaluate(derived(measured(85)), defaultCatalog(t), Options{})
	for _, r := range rep.Results {
		hasStorage := false
		for _, c := range r.Checks {
			if c.ID == CheckStorage {
				hasStorage = true
				want := Fail
				if r.Distro == "k3s" {
					want = Warn // SQLite by default: slow, not broken
				}
				assert.Equal(t, want, c.Verdict, "%s %s", r.Distro, r.Role)
			}
		}
		datastore := map[string]bool{"k3s server": true, "k0s controller": true, "k0s controller+worker": true, "rke2 server": true}[r.Distro+" "+r.Role]
		assert.Equal(t, datastore, hasStorage, "%s %s", r.Distro, r.Role)
	}
	assert.Equal(t, Pass, result(t, rep, "k3s", "agent").Verdict, "an agent keeps no datastore")
	assert.Equal(t, Fail, result(t, rep, "k0s", "controller").Verdict)
}

func TestMsText(t *testing.T) {
	for v, want := range map[float64]string{0.235: "0.235", 1.446: "1.45", 12.34: "12.3", 99.94: "99.9", 250.4: "250", 10: "10", 1234.5: "1234"} {
		assert.Equal(t, want, msText(v), "%g", v)
	}
}
