package probe

import (
	"bufio"
	"errors"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"
)

// DataMount is the mount that holds the data directory, from the root's
// own mount table (so that --root judges the root's filesystem, not
// kfit's), with what decides whether container layers work there.
type DataMount struct {
	Path   string `json:"path"`  // the data directory: /var/lib
	Point  string `json:"point"` // the mount point that holds it
	FSType string `json:"fsType"`
	// Options are the mount's options that matter: noexec, ro.
	Options []string `json:"options,omitempty"`
	// ZFSVersion is the loaded ZFS module's version (/sys/module/zfs/version)
	// when the data directory is on ZFS.
	ZFSVersion string `json:"zfsVersion,omitempty"`
}

func (p prober) dataMount(h *Host) {
	v, err := p.parseFile("/proc/self/mountinfo", func(r io.Reader) (any, error) { return FindMount(r, DataDir) })
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			err = errors.New("no /proc/self/mountinfo under the root")
		}
		h.miss("dataMount", err)
		return
	}
	m := v.(*DataMount)
	if m == nil {
		h.miss("dataMount", errors.New("no mount in /proc/self/mountinfo holds "+DataDir))
		return
	}
	if m.FSType == "zfs" {
		if ver, err := p.readLine("/sys/module/zfs/version"); err == nil {
			m.ZFSVersion = clean(ver, 64)
		} else {
			h.miss("dataMount.zfsVersion", err)
		}
	}
	h.DataMount = m
}

// FindMount returns the mount of a mountinfo(5) table (ID PARENT MAJ:MIN
// ROOT POINT OPTS [OPTIONAL...] - FSTYPE SOURCE SUPEROPTS) that holds dir:
// the last mounted of those with the longest mount point, as the kernel
// resolves it. nil when none does.
func FindMount(r io.Reader, dir string) (*DataMount, error) {
	var best *DataMount
	sc := bufio.NewScanner(bounded(r, 64*maxFileBytes))
	sc.Buffer(make([]byte, 0, 4096), 1<<16)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		sep := slices.Index(f, "-")
		if sep < 6 || len(f) < sep+3 {
			continue
		}
		point := unescapeMount(f[4])
		if !within(dir, point) || (best != nil && len(point) < len(best.Point)) {
			continue
		}
		m := &DataMount{Path: dir, Point: clean(point, 256), FSType: clean(f[sep+1], 32)}
		opts := strings.Split(f[5], ",")
		if len(f) > sep+3 {
			opts = append(opts, strings.Split(f[sep+3], ",")...)
		}
		for _, o := range []string{"noexec", "ro"} {
			if slices.Contains(opts, o) {
				m.Options = append(m.Options, o)
			}
		}
		best = m
	}
	return best, sc.Err()
}

// within says whether dir is point or under it.
func within(dir, point string) bool {
	point = path.Clean(point)
	return point == "/" || dir == point || strings.HasPrefix(dir, point+"/")
}
