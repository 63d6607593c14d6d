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

// Sysctl holds the kernel settings kfit judges, by their sysctl names, as
// /proc/sys has them now and as the sysctl.d files set them at boot.
type Sysctl struct {
	Values map[string]string `json:"values,omitempty"`
	// AtBoot is what the files under sysctl.d and /etc/sysctl.conf set,
	// the last one read winning, as systemd-sysctl and sysctl --system
	// read them.
	AtBoot map[string]SysctlSetting `json:"atBoot,omitempty"`
}

// SysctlSetting is a value a file sets.
type SysctlSetting struct {
	Value string `json:"value"`
	File  string `json:"file"`
}

// Sysctl names kfit reads.
const (
	SysctlIPForward        = "net.ipv4.ip_forward"
	SysctlInotifyInstances = "fs.inotify.max_user_instances"
	SysctlInotifyWatches   = "fs.inotify.max_user_watches"
	SysctlBridgeNF         = "net.bridge.bridge-nf-call-iptables"
)

var sysctlNames = []string{SysctlIPForward, SysctlInotifyInstances, SysctlInotifyWatches, SysctlBridgeNF}

// sysctlDirs are read in this order; a file name in an earlier directory
// hides the same name in a later one (sysctl.d(5)).
var sysctlDirs = []string{"/etc/sysctl.d", "/run/sysctl.d", "/usr/local/lib/sysctl.d", "/usr/lib/sysctl.d", "/lib/sysctl.d"}

func (p prober) sysctl(h *Host) {
	s := &Sysctl{Values: map[string]string{}}
	for _, name := range sysctlNames {
		file := "/proc/sys/" + strings.ReplaceAll(name, ".", "/")
		v, err := p.readLine(file)
		switch {
		case err == nil:
			s.Values[name] = clean(v, 32)
		case name == SysctlBridgeNF && errors.Is(err, fs.ErrNotExist) && p.root.IsDir("/proc/sys/net"):
			// Only there once br_netfilter is loaded: absent is "not
			// loaded", which the distributions load themselves.
		default:
			h.miss("sysctl."+name, err)
		}
	}
	if p.needEtc() == nil {
		s.AtBoot = p.sysctlAtBoot()
	}
	if len(s.Values) == 0 {
		s.Values = nil
	}
	if s.Values != nil || s.AtBoot != nil {
		h.Sysctl = s
	}
}

// sysctlAtBoot reads the sysctl.d files and /etc/sysctl.conf for the names
// kfit judges.
func (p prober) sysctlAtBoot() map[string]SysctlSetting {
	byName := map[string]string{} // file name -> its path in the first directory holding it
	for _, d := range sysctlDirs {
		names, err := p.root.ReadDir(d)
		if err != nil {
			continue
		}
		for _, n := range names {
			if _, seen := byName[n]; !seen && strings.HasSuffix(n, ".conf") && len(byName) < 512 {
				byName[n] = path.Join(d, n)
			}
		}
	}
	var files []string
	for _, n := range slices.Sorted(func(yield func(string) bool) {
		for k := range byName {
			if !yield(k) {
				return
			}
		}
	}) {
		files = append(files, byName[n])
	}
	files = append(files, "/etc/sysctl.conf")
	out := map[string]SysctlSetting{}
	for _, f := range files {
		v, err := p.parseFile(f, func(r io.Reader) (any, error) { return ParseSysctlConf(r) })
		if err != nil {
			continue
		}
		for k, val := range v.(map[string]string) {
			if slices.Contains(sysctlNames, k) {
				out[k] = SysctlSetting{Value: clean(val, 32), File: f}
			}
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// ParseSysctlConf reads a sysctl.conf(5) file: "key = value" lines, keys
// with dots or slashes, comments with # or ;, a leading - ignores errors.
func ParseSysctlConf(r io.Reader) (map[string]string, error) {
	out := map[string]string{}
	sc := bufio.NewScanner(bounded(r, maxFileBytes))
	sc.Buffer(make([]byte, 0, 4096), 1<<16)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' || line[0] == ';' {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			continue
		}
		k = strings.TrimPrefix(strings.TrimSpace(k), "-")
		k = strings.ReplaceAll(k, "/", ".")
		out[k] = strings.TrimSpace(v)
	}
	return out, sc.Err()
}
