package rules

import (
	"github.com/kfit-dev/kfit/catalog"
	"github.com/kfit-dev/kfit/internal/units"
	"github.com/kfit-dev/kfit/probe"
)

// freeDisk is what the disk check counts: the free space under /var/lib (a
// whole disk's size for a distribution that takes one).
var freeDisk = measure{noun: "free disk space", unit: "bytes", format: units.Bytes}

func checkDisk(h probe.Host, q *catalog.Requirement) Check {
	c := Check{ID: CheckDisk, Got: "unknown"}
	if q != nil && q.WholeDisk {
		// The OS installs on, and takes, a whole disk: its size matters.
		got := float64(h.Disk.DeviceBytes)
		if got > 0 {
			c.Got = units.Bytes(got) + " disk (" + h.Disk.Device + ")"
		}
		c = compare(c, q, freeDisk, got, got > 0, h.Why("disk.media"))
		c.Want += " (whole disk)"
		if got == 0 {
			c.Reason = "the size of the disk is unknown: " + h.Why("disk.media")
		}
		if c.Verdict == Fail {
			c = hardware(c)
		}
		return c
	}
	got := 0.0
	if h.Disk.FreeBytes != nil {
		got = float64(*h.Disk.FreeBytes)
		c.Got = units.Bytes(got) + " free"
		if h.Disk.Path != "" {
			c.Got += " on " + h.Disk.Path
		}
	}
	c = compare(c, q, freeDisk, got, h.Disk.FreeBytes != nil, h.Why("disk"))
	if c.Verdict == Fail {
		c = fixable(c, "free space on "+orUnknown(h.Disk.Path)+", or mount a larger disk at /var/lib")
	}
	return c
}
