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
	media := map[string]string{"ssd": "an SSD", "hdd": "a rotating disk", "sd": "an SD card or eMMC"}
	if h.Disk.Media == "" {
		c.Verdict, c.Got = Warn, "unknown"
		if h.Disk.FSType != "" {
			c.Got = h.Disk.FSType + ", unknown media"
		}
		c.Reason = "the disk under " + orUnknown(h.Disk.Path) + " is unknown: " + h.Why("disk.media")
		return c
	}
	c.Got = fmt.Sprintf("%s on %s (%s)", h.Disk.FSType, h.Disk.Device, h.Disk.Media)
	if slices.Contains(q.Avoid, h.Disk.Media) {
		c.Verdict = Warn
		c.Reason = fmt.Sprintf("%s is on %s; the docs advise an SSD for its datastore", h.Disk.Path, media[h.Disk.Media])
		return fixable(c, "put /var/lib on an SSD (an external USB SSD on a Raspberry Pi)")
	}
	c.Verdict, c.Reason = Pass, h.Disk.Path+" is on "+media[h.Disk.Media]
	return c
}
