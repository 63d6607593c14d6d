package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/kfit-dev/kfit/catalog"
	"github.com/kfit-dev/kfit/probe"
)

func checkStorage(h probe.Host, q *catalog.StorageReq) Check {
	if h.Disk.Fsync != nil {
		return checkFsync(h, q) // measured: storage_fsync.go
	}
	c := Check{ID: CheckStorage, Source: q.Cite.URL, Want: "not on " + strings.Join(q.Avoid, " or ")}
	media := map[string]string{"ssd": "an SSD", "hdd": "a rotating disk", "sd": "an SD card or eMMC", "virtual": "a virtual disk"}
	if h.Disk.Media == "" {
		c.Verdict, c.Got = Warn, "unknown"
		if h.Disk.FSType != "" {
			c.Got = h.Disk.FSType + ", unknown media"
		}
		c.Reason = "the disk under " + orUnknown(h.Disk.Path) + " is unknown: " + h.Why("disk.media") + "; kfit check --measure would time it"
		return c
	}
	c.Got = fmt.Sprintf("%s on %s (%s)", h.Disk.FSType, h.Disk.Device, h.Disk.Media)
	if virtualMedia(h) && slices.Contains(q.Avoid, "hdd") {
		// A hypervisor's disk may sit on an SSD, a rotating disk or the
		// network: buying an SSD is not the answer; a measurement is.
		c.Verdict = Warn
		c.Reason = fmt.Sprintf("%s is on a virtual disk (%s): kfit cannot tell what backs it, and the docs advise an SSD for its datastore; kfit check --measure would tell", h.Disk.Path, h.Disk.Device)
		if h.Disk.Media == "hdd" {
			c.Reason = fmt.Sprintf("%s is on %s, which says it rotates, but in a virtual machine the hypervisor sets that flag: kfit cannot tell what backs it, and the docs advise an SSD for its datastore; kfit check --measure would tell", h.Disk.Path, h.Disk.Device)
		}
		return c
	}
	if slices.Contains(q.Avoid, h.Disk.Media) {
		c.Verdict = Warn
		c.Reason = fmt.Sprintf("%s is on %s; the docs advise an SSD for its datastore (kfit check --measure times how fast it syncs)", h.Disk.Path, media[h.Disk.Media])
		fix := "put /var/lib on an SSD"
		if h.Boot.RaspberryPi != "" || h.Disk.Media == "sd" {
			fix += " (an external USB SSD on a Raspberry Pi or a board that boots from an SD card)"
		}
		return fixable(c, fix)
	}
	c.Verdict, c.Reason = Pass, h.Disk.Path+" is on "+media[h.Disk.Media]
	return c
}

// virtualMedia says whether the data directory's disk is one a hypervisor
// made up: the probe says so, or a disk that says it rotates inside a
// virtual machine (an LVM volume whose disk kfit could not follow).
func virtualMedia(h probe.Host) bool {
	return h.Disk.Media == "virtual" || (h.Disk.Media == "hdd" && h.Environment.Kind == probe.EnvVM)
}
