package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/kfit-dev/kfit/catalog"
	"github.com/kfit-dev/kfit/probe"
)

// layerless are filesystems under which containerd's default overlayfs
// snapshotter cannot keep container layers: overlayfs refuses them as its
// upper layer (k3s then refuses to start its agent: "\"overlayfs\"
// snapshotter cannot be enabled for ..., try using \"fuse-overlayfs\" or
// \"native\"", pkg/agent/config/config_linux.go).
var layerless = map[string]string{
	"nfs": "a network filesystem", "nfs4": "a network filesystem", "cifs": "a network filesystem", "smb3": "a network filesystem",
	"overlay": "an overlay itself",
}

// volatile are filesystems that keep container layers only until reboot.
var volatile = map[string]bool{"tmpfs": true, "ramfs": true}

func checkFilesystem(h probe.Host, q *catalog.Condition) Check {
	c := Check{ID: CheckFilesystem, Want: "ext4, xfs, btrfs or ZFS 2.2+, mounted exec", Source: q.Cite.URL}
	m := h.DataMount
	if m == nil {
		c.Verdict, c.Got = Warn, "unknown"
		c.Reason = "the data directory's mount is unknown: " + h.Why("dataMount")
		return c
	}
	c.Got = m.FSType + " at " + m.Point
	if len(m.Options) > 0 {
		c.Got += " (" + strings.Join(m.Options, ",") + ")"
	}
	var why []string
	verdict := verdictOf(q.Verdict) // the distribution's, for layers it cannot keep
	fstype := m.FSType
	switch {
	case volatile[fstype]:
		why = append(why, m.Path+" is on "+fstype+", in memory: the cluster's state and images are lost at every reboot")
	case layerless[fstype] != "":
		why = append(why, m.Path+" is on "+fstype+", "+layerless[fstype]+": containerd's overlayfs snapshotter cannot keep container layers there")
	case strings.HasPrefix(fstype, "fuse"):
		why = append(why, m.Path+" is on a FUSE filesystem ("+fstype+"): containerd's overlayfs snapshotter cannot keep container layers there")
	case fstype == "zfs" && m.ZFSVersion == "":
		why = append(why, m.Path+" is on ZFS of unknown version: overlayfs works on ZFS only from OpenZFS 2.2")
	case fstype == "zfs" && !zfsAtLeast(m.ZFSVersion, 2, 2):
		why = append(why, m.Path+" is on ZFS "+m.ZFSVersion+": overlayfs works on ZFS only from OpenZFS 2.2")
	}
	if len(why) == 1 && volatile[fstype] {
		verdict = Warn // it works until the next reboot
	}
	var mountOpts []string
	if slices.Contains(m.Options, "noexec") {
		why = append(why, m.Point+" is mounted noexec: the binaries and containers kept under "+m.Path+" cannot run")
		mountOpts = append(mountOpts, "noexec")
	}
	if slices.Contains(m.Options, "ro") {
		why = append(why, m.Point+" is mounted read-only: nothing can be installed or kept under "+m.Path)
		mountOpts = append(mountOpts, "ro")
	}
	if len(why) == 0 {
		c.Verdict, c.Reason = Pass, "container layers can live on "+fstype
		return c
	}
	if len(mountOpts) > 0 {
		verdict = Fail // no distribution installs or runs there
	}
	c.Verdict = verdict
	c.Reason = strings.Join(why, "; ")
	fix := "give " + m.Path + " a local ext4 or xfs filesystem (on ZFS: a zvol formatted ext4, or OpenZFS 2.2 or newer), or use containerd's native snapshotter (k3s: --snapshotter native)"
	if len(mountOpts) == len(why) {
		fix = "remount " + m.Point + " without " + strings.Join(mountOpts, " and ") + ", and remove that from its line in /etc/fstab"
		if slices.Contains(mountOpts, "ro") {
			fix = strings.Replace(fix, "without ro", "read-write", 1)
		}
	}
	return fixable(c, fix)
}

// zfsAtLeast compares an OpenZFS version ("2.1.5-1ubuntu6", "zfs-2.2.0") by
// its numbers, as releases are compared (catalog.OlderThan); a version
// without them is not at least anything.
func zfsAtLeast(v string, major, minor int) bool {
	return !catalog.OlderThan(v, fmt.Sprintf("%d.%d", major, minor))
}
