package probe

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"path"
	"slices"
	"strconv"
	"strings"
)

// CgroupVersion is 1, 2 or "hybrid" (v1 controllers beside a v2 mount) in JSON.
type CgroupVersion string

// Cgroup versions.
const (
	CgroupV1     CgroupVersion = "1"
	CgroupV2     CgroupVersion = "2"
	CgroupHybrid CgroupVersion = "hybrid"
)

// MarshalJSON writes 1 and 2 as numbers and "hybrid" as a string.
func (v CgroupVersion) MarshalJSON() ([]byte, error) {
	if v == CgroupV1 || v == CgroupV2 {
		return []byte(v), nil
	}
	return json.Marshal(string(v))
}

// UnmarshalJSON reads 1, 2, "1", "2" or "hybrid".
func (v *CgroupVersion) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(b), `"`)
	switch CgroupVersion(s) {
	case CgroupV1, CgroupV2, CgroupHybrid:
		*v = CgroupVersion(s)
		return nil
	}
	return fmt.Errorf("cgroup version %s is not 1, 2 or \"hybrid\"", b)
}

// Cgroup describes the control groups this process lives in.
type Cgroup struct {
	Version CgroupVersion `json:"version,omitempty"`
	// Path is this process's cgroup (the v2 one, or the v1 memory one).
	Path string `json:"path,omitempty" clean:"1024"`
	// Controllers are those this process can use: on v2, the ones delegated
	// to its cgroup (its cgroup.controllers); on v1, the mounted and
	// enabled hierarchies.
	Controllers []string `json:"controllers,omitempty"`
	// Disabled controllers are known to the kernel but switched off, such as
	// memory on a Raspberry Pi without cgroup_enable=memory.
	Disabled []string `json:"disabled,omitempty"`
}

type mount struct {
	root, point, fstype string
	opts                []string // super options: cgroup v1 lists its controllers here
}

// parseMountinfo reads the cgroup mounts of /proc/self/mountinfo, whose
// lines are ID PARENT MAJ:MIN ROOT POINT OPTS [OPTIONAL...] - FSTYPE SOURCE
// SUPEROPTS. It stops as soon as enough (if not nil) says the mounts found so
// far are all it needs.
func parseMountinfo(r io.Reader, enough func([]mount) bool) ([]mount, error) {
	return scanMounts(r, enough, func(f []string) (mount, bool) {
		sep := slices.Index(f, "-")
		if sep < 5 || len(f) < sep+4 {
			return mount{}, false
		}
		return mount{root: unescapeMount(f[3]), point: unescapeMount(f[4]), fstype: f[sep+1], opts: strings.Split(f[sep+3], ",")}, true
	})
}

// parseMounts reads the cgroup mounts of the older /proc/mounts format,
// which has no mount root.
func parseMounts(r io.Reader, enough func([]mount) bool) ([]mount, error) {
	return scanMounts(r, enough, func(f []string) (mount, bool) {
		if len(f) < 4 {
			return mount{}, false
		}
		return mount{root: "/", point: unescapeMount(f[1]), fstype: f[2], opts: strings.Split(f[3], ",")}, true
	})
}

func scanMounts(r io.Reader, enough func([]mount) bool, parse func([]string) (mount, bool)) ([]mount, error) {
	var out []mount
	sc := bufio.NewScanner(bounded(r, 16*maxFileBytes))
	sc.Buffer(make([]byte, 0, 4096), maxFileBytes)
	for sc.Scan() {
		// Most lines are not cgroups: look before splitting.
		if !bytes.Contains(sc.Bytes(), []byte(" cgroup")) {
			continue
		}
		m, ok := parse(strings.Fields(sc.Text()))
		if !ok || (m.fstype != "cgroup" && m.fstype != "cgroup2") {
			continue
		}
		out = append(out, m)
		if enough != nil && enough(out) {
			return out, nil
		}
	}
	return out, sc.Err()
}

// foundAll says whether mounts hold every hierarchy of own (from
// /proc/self/cgroup): each v1 controller it names (not named hierarchies such
// as name=systemd), and for its v2 entry a cgroup2 mount at a usual place.
// Mount tables grow with every container and bind mount, and the cgroup
// mounts, made at boot, come first: reading stops there. Where a hierarchy
// is not mounted, the whole table is read.
func foundAll(own map[string]string) func([]mount) bool {
	return func(mounts []mount) bool {
		for c := range own {
			if c != "" && !v1ControllerNames[c] {
				continue
			}
			found := false
			for _, m := range mounts {
				if c == "" {
					found = found || m.fstype == "cgroup2" && (m.point == "/sys/fs/cgroup" || m.point == "/sys/fs/cgroup/unified")
				} else {
					found = found || m.fstype == "cgroup" && slices.Contains(m.opts, c)
				}
			}
			if !found {
				return false
			}
		}
		return len(own) > 0
	}
}

// unescapeMount undoes the octal escapes (\040 for a space) of mount tables.
func unescapeMount(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+4 <= len(s) {
			if n, err := strconv.ParseUint(s[i+1:i+4], 8, 8); err == nil {
				b.WriteByte(byte(n))
				i += 3
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// parseProcCgroup reads /proc/self/cgroup: "ID:CONTROLLERS:PATH" lines. The
// v2 line is "0::PATH" and is returned under the key "".
func parseProcCgroup(r io.Reader) (map[string]string, error) {
	out := map[string]string{}
	sc := bufio.NewScanner(bounded(r, maxFileBytes))
	for sc.Scan() {
		parts := strings.SplitN(sc.Text(), ":", 3)
		if len(parts) != 3 {
			continue
		}
		if parts[1] == "" {
			out[""] = parts[2]
			continue
		}
		for _, c := range strings.Split(parts[1], ",") {
			out[c] = parts[2]
		}
	}
	return out, sc.Err()
}

type cgroupState struct{ hierarchy, enabled int }

// parseCgroupsFile reads /proc/cgroups: subsys_name hierarchy num_cgroups enabled.
func parseCgroupsFile(r io.Reader) (map[string]cgroupState, error) {
	out := map[string]cgroupState{}
	sc := bufio.NewScanner(bounded(r, maxFileBytes))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) != 4 || strings.HasPrefix(f[0], "#") {
			continue
		}
		h, err1 := strconv.Atoi(f[1])
		e, err2 := strconv.Atoi(f[3])
		if err1 != nil || err2 != nil {
			continue
		}
		out[f[0]] = cgroupState{hierarchy: h, enabled: e}
	}
	if len(out) == 0 && sc.Err() == nil {
		return nil, errors.New("no controller listed")
	}
	return out, sc.Err()
}

// ParseCPUMax reads cgroup v2 cpu.max ("max 100000" or "50000 100000") and
// returns the quota in CPUs; ok is false when there is no limit.
func ParseCPUMax(r io.Reader) (cpus float64, ok bool, err error) {
	b, err := io.ReadAll(bounded(r, 256))
	if err != nil {
		return 0, false, err
	}
	f := strings.Fields(string(b))
	if len(f) == 0 || len(f) > 2 {
		return 0, false, fmt.Errorf("cpu.max %q is not \"QUOTA PERIOD\"", clip(string(bytes.TrimSpace(b)), 60))
	}
	if f[0] == "max" {
		return 0, false, nil
	}
	period := 100000.0
	if len(f) == 2 {
		if period, err = strconv.ParseFloat(f[1], 64); err != nil || period <= 0 {
			return 0, false, fmt.Errorf("cpu.max period %q is not a positive number", clip(f[1], 40))
		}
	}
	quota, err := strconv.ParseFloat(f[0], 64)
	if err != nil || quota <= 0 || math.IsInf(quota, 0) {
		return 0, false, fmt.Errorf("cpu.max quota %q is not a positive number", clip(f[0], 40))
	}
	cpus = quota / period
	if !(cpus > 0 && cpus <= maxCPUs) {
		return 0, false, fmt.Errorf("cpu.max %q is not a believable number of CPUs", clip(strings.Join(f, " "), 60))
	}
	return cpus, true, nil
}

// cgroupV1NoLimit: v1 writes "no limit" as the largest page-aligned int64
// (9223372036854771712 on 4 KiB pages); anything this large is no limit.
const cgroupV1NoLimit = 1 << 62

// ParseMemoryMax reads cgroup v2 memory.max or v1 memory.limit_in_bytes and
// returns the limit in bytes; ok is false for "max" or v1's huge sentinel.
func ParseMemoryMax(r io.Reader) (limit uint64, ok bool, err error) {
	b, err := io.ReadAll(bounded(r, 256))
	if err != nil {
		return 0, false, err
	}
	s := string(bytes.TrimSpace(b))
	if s == "max" {
		return 0, false, nil
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, false, fmt.Errorf("memory limit %q is not a number or \"max\"", clip(s, 40))
	}
	switch {
	case v == -1 || v >= cgroupV1NoLimit:
		return 0, false, nil // v1's "no limit": -1 as written, or the sentinel read back
	case v <= 0:
		return 0, false, fmt.Errorf("memory limit %q is not a believable limit", clip(s, 40))
	}
	return uint64(v), true, nil
}

// ParseCPUList counts the CPUs in a list such as "0-3,5" (sysfs online, or
// Cpus_allowed_list).
func ParseCPUList(s string) (int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, errors.New("empty CPU list")
	}
	n := 0
	for _, part := range strings.Split(s, ",") {
		lo, hi, isRange := strings.Cut(part, "-")
		a, err := strconv.Atoi(lo)
		if err != nil || a < 0 {
			return 0, fmt.Errorf("CPU list %q: %q is not a CPU number", clip(s, 60), clip(lo, 20))
		}
		b := a
		if isRange {
			if b, err = strconv.Atoi(hi); err != nil || b < a {
				return 0, fmt.Errorf("CPU list %q: %q is not a range", clip(s, 60), clip(part, 40))
			}
		}
		if b-a > 1<<16 {
			return 0, fmt.Errorf("CPU list %q: range %q is too large", clip(s, 60), clip(part, 40))
		}
		n += b - a + 1
	}
	return n, nil
}

// cgroupFacts reads the cgroup version, controllers and limits.
type cgroupFacts struct {
	cg       Cgroup
	cpuQuota float64 // CPUs; 0 when unlimited
	memLimit uint64  // bytes; 0 when unlimited
	// memUsage is the working set of the cgroup whose memory limit is the
	// tightest (see cgroupUsage); errUsage says why it is unknown.
	memUsage   uint64
	errUsage   error
	errVersion error
	errLimits  []error
	// errCPU and errMem say why a limit is unknown: a limit file that is
	// there but cannot be read or parsed, on any level up to the root.
	errCPU, errMem error
	// errControllers says why a v2 cgroup's controllers are unknown.
	errControllers error
}

func (p prober) cgroups() cgroupFacts {
	var cf cgroupFacts
	own, oerr := p.parseFile("/proc/self/cgroup", func(r io.Reader) (any, error) { return parseProcCgroup(r) })
	states, serr := p.parseFile("/proc/cgroups", func(r io.Reader) (any, error) { return parseCgroupsFile(r) })
	var ownPaths map[string]string
	if oerr == nil {
		ownPaths = own.(map[string]string)
	}
	var st map[string]cgroupState
	if serr == nil {
		st = states.(map[string]cgroupState)
	}
	cf.cg.Disabled = controllersWhere(st, 0)
	mounts, merr := p.cgroupMounts(ownPaths)
	v1, v2 := splitMounts(mounts)
	if cf.cg.Version = cgroupVersion(v1, v2, st); cf.cg.Version == "" {
		cf.errVersion = fmt.Errorf("no cgroup mount in the mount table (%v) and %v", merr, serr)
		return cf
	}
	// Limits belong to this process's cgroup. A captured tree has no
	// process of its own, so none to read; on a running system, a
	// /proc/self/cgroup that cannot be read leaves them unknown.
	readLimits := oerr == nil
	if oerr != nil && (p.live || !errors.Is(oerr, fs.ErrNotExist)) {
		cf.errCPU, cf.errMem = oerr, oerr
	}
	ctrls := v1Enabled(v1, st)
	switch {
	case len(v2) > 0:
		ctrls = append(ctrls, p.v2Facts(&cf, pickV2Mount(v2), ownPaths[""], readLimits)...)
	case cf.cg.Version == CgroupV2:
		// /proc/cgroups alone: the controllers the kernel has enabled.
		ctrls = append(ctrls, controllersWhere(st, 1)...)
	}
	if readLimits {
		p.v1Limits(&cf, v1, ownPaths)
	}
	slices.Sort(ctrls)
	cf.cg.Controllers = slices.Compact(ctrls)
	if oerr != nil {
		cf.errLimits = append(cf.errLimits, oerr)
	}
	return cf
}

// cgroupMounts finds the cgroup mounts. On a pure cgroup v2 machine statfs
// says so at once; the mount table, which grows with every container, is
// read only for v1 and hybrid layouts and for roots other than this
// machine's.
func (p prober) cgroupMounts(ownPaths map[string]string) ([]mount, error) {
	if fs, err := p.opt.Statfs("/sys/fs/cgroup"); err == nil && fs.Type == cgroup2Magic {
		return []mount{{root: "/", point: "/sys/fs/cgroup", fstype: "cgroup2"}}, nil
	}
	return p.mounts(foundAll(ownPaths))
}

// controllersWhere lists, sorted, the controllers /proc/cgroups marks
// enabled (1) or disabled (0).
func controllersWhere(st map[string]cgroupState, enabled int) []string {
	var out []string
	for name, s := range st {
		if s.enabled == enabled {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

// splitMounts parts the v1 hierarchies with controllers from the v2 mounts.
func splitMounts(mounts []mount) (v1, v2 []mount) {
	for _, m := range mounts {
		switch m.fstype {
		case "cgroup2":
			v2 = append(v2, m)
		case "cgroup":
			if len(v1Controllers(m)) > 0 {
				v1 = append(v1, m)
			}
		}
	}
	return v1, v2
}

// cgroupVersion tells the layout from the mounts, or without them from
// /proc/cgroups (v2 when no controller has a v1 hierarchy); "" when
// nothing tells.
func cgroupVersion(v1, v2 []mount, st map[string]cgroupState) CgroupVersion {
	switch {
	case len(v1) > 0 && len(v2) > 0:
		return CgroupHybrid
	case len(v1) > 0:
		return CgroupV1
	case len(v2) > 0:
		return CgroupV2
	case st != nil:
		for _, s := range st {
			if s.hierarchy != 0 {
				return CgroupV1
			}
		}
		return CgroupV2
	}
	return ""
}

// v1Enabled lists the controllers of the v1 hierarchies that the kernel
// has not switched off.
func v1Enabled(v1 []mount, st map[string]cgroupState) []string {
	var ctrls []string
	for _, m := range v1 {
		for _, c := range v1Controllers(m) {
			if s, ok := st[c]; (!ok || s.enabled == 1) && !slices.Contains(ctrls, c) {
				ctrls = append(ctrls, c)
			}
		}
	}
	return ctrls
}

// v2Facts reads this process's v2 cgroup: its delegated controllers and,
// on a pure v2 machine, its path and limits.
func (p prober) v2Facts(cf *cgroupFacts, m mount, own string, readLimits bool) []string {
	pure := cf.cg.Version == CgroupV2
	if pure {
		cf.cg.Path = own
	}
	if !readLimits {
		return nil
	}
	dir, err := cgroupDir(m, own)
	if err != nil {
		if pure {
			cf.errLimits = append(cf.errLimits, err)
			cf.errCPU, cf.errMem = err, err
		}
		return nil
	}
	var ctrls []string
	if b, err := p.readFile(path.Join(dir, "cgroup.controllers")); err == nil {
		ctrls = strings.Fields(string(b))
	} else if pure {
		cf.errLimits = append(cf.errLimits, err)
		cf.errControllers = err
	}
	if pure {
		var cpu, mem walk
		cpu, mem, cf.errLimits = p.walkLimits(m, dir, "cpu.max", "memory.max", cf.errLimits)
		cf.cpuQuota, cf.errCPU = cpu.quota, cpu.err
		cf.memLimit, cf.errMem = mem.limit, mem.err
		if mem.limit > 0 && mem.err == nil {
			cf.memUsage, cf.errUsage = p.cgroupUsage(mem.dir, "memory.current", "inactive_file")
		}
	}
	return ctrls
}

// v1Limits reads the memory and CPU limits of the v1 hierarchies.
func (p prober) v1Limits(cf *cgroupFacts, v1 []mount, ownPaths map[string]string) {
	for _, m := range v1 {
		cs := v1Controllers(m)
		dir, err := cgroupDir(m, ownPaths[cs[0]])
		if err != nil {
			// This process's cgroup in the hierarchy is not listed: its
			// limits there are unknown.
			if slices.Contains(cs, "memory") {
				cf.errMem = err
			}
			if slices.Contains(cs, "cpu") {
				cf.errCPU = err
			}
			continue
		}
		if slices.Contains(cs, "memory") {
			cf.cg.Path = ownPaths["memory"]
			var mem walk
			_, mem, cf.errLimits = p.walkLimits(m, dir, "", "memory.limit_in_bytes", cf.errLimits)
			cf.memLimit, cf.errMem = mem.limit, mem.err
			if mem.limit > 0 && mem.err == nil {
				cf.memUsage, cf.errUsage = p.cgroupUsage(mem.dir, "memory.usage_in_bytes", "total_inactive_file")
			}
		}
		if slices.Contains(cs, "cpu") {
			var cpu walk
			cpu, _, cf.errLimits = p.walkLimits(m, dir, "cpu.cfs_quota_us", "", cf.errLimits)
			cf.cpuQuota, cf.errCPU = cpu.quota, cpu.err
		}
	}
}

// v1Controllers lists the controllers a v1 mount carries (not name=systemd).
func v1Controllers(m mount) []string {
	var out []string
	for _, o := range m.opts {
		if v1ControllerNames[o] {
			out = append(out, o)
		}
	}
	return out
}

var v1ControllerNames = map[string]bool{
	"cpu": true, "cpuacct": true, "cpuset": true, "memory": true, "devices": true, "freezer": true,
	"net_cls": true, "net_prio": true, "blkio": true, "perf_event": true, "hugetlb": true, "pids": true,
	"rdma": true, "misc": true,
}

func pickV2Mount(v2 []mount) mount {
	for _, m := range v2 {
		if m.point == "/sys/fs/cgroup" || m.point == "/sys/fs/cgroup/unified" {
			return m
		}
	}
	return v2[0]
}

// cgroupDir maps a cgroup path to its directory under a mount, minding the
// mount's own root (inside a cgroup namespace the root is not "/").
func cgroupDir(m mount, cgPath string) (string, error) {
	if cgPath == "" {
		return "", errors.New("this process's cgroup is not listed in /proc/self/cgroup")
	}
	rel := path.Clean(cgPath)
	if root := path.Clean(m.root); root != "/" {
		if rel == root || strings.HasPrefix(rel, root+"/") {
			rel = strings.TrimPrefix(rel, root)
		} else if strings.HasPrefix(rel, "/..") || strings.HasPrefix(m.root, "/..") {
			rel = "/" // a cgroup outside our namespace's view: use the mount's top
		}
	}
	if strings.HasPrefix(rel, "/..") {
		rel = "/"
	}
	return path.Join(m.point, rel), nil
}

// walk is the tightest limit found on the way up a hierarchy, or why it is
// unknown.
type walk struct {
	quota float64 // CPUs; 0 when unlimited
	limit uint64  // bytes; 0 when unlimited
	dir   string  // the cgroup whose memory limit is the tightest
	err   error
}

// walkLimits reads the tightest CPU and memory limit on the path from dir up
// to the mount point. cpuFile is cpu.max (v2) or cpu.cfs_quota_us (v1). A
// level without the file has no limit of its own (the kernel makes the files
// only where the controller is enabled); a file that is there but cannot be
// read or parsed makes the limit unknown, since it may be the tightest.
// A missing file in this process's own cgroup is noted in errs.
func (p prober) walkLimits(m mount, dir, cpuFile, memFile string, errs []error) (cpu, mem walk, _ []error) {
	for d := dir; ; d = path.Dir(d) {
		if cpuFile != "" && cpu.err == nil {
			q, ok, err := p.readQuota(d, cpuFile)
			switch {
			case err == nil && ok:
				cpu.quota = tightest(cpu.quota, q)
			case errors.Is(err, fs.ErrNotExist) && !p.dangling(path.Join(d, cpuFile)):
				if d == dir {
					errs = append(errs, err)
				}
			case err != nil:
				cpu.err = err
			}
		}
		if memFile != "" && mem.err == nil {
			b, err := p.readFile(path.Join(d, memFile))
			if err == nil {
				var l uint64
				var ok bool
				l, ok, err = ParseMemoryMax(bytes.NewReader(b))
				if err != nil {
					err = fmt.Errorf("%s: %w", path.Join(d, memFile), err)
				} else if ok && (mem.limit == 0 || l <= mem.limit) {
					mem.limit, mem.dir = l, d
				}
			}
			switch {
			case errors.Is(err, fs.ErrNotExist) && !p.dangling(path.Join(d, memFile)):
				if d == dir {
					errs = append(errs, err)
				}
			case err != nil:
				mem.err = err
			}
		}
		if d == m.point || d == "/" || d == "." {
			return cpu, mem, errs
		}
	}
}

// cgroupUsage reads a cgroup's memory in use as the kubelet counts it, its
// working set: usage (v2 memory.current, v1 memory.usage_in_bytes, both
// counting page cache) less the inactive file cache that memory.stat lists
// (v2 inactive_file, v1 total_inactive_file, which the kernel reclaims
// before it would kill), as cAdvisor's setMemoryStats does
// (https://github.com/google/cadvisor/blob/master/container/libcontainer/handler.go:
// "workingSet := ret.Memory.Usage ... workingSet -= v", v the inactive
// file bytes). It is what /proc/meminfo's MemTotal - MemAvailable is to the
// host. Without a readable memory.stat the whole usage counts: more used,
// never less.
func (p prober) cgroupUsage(dir, usageFile, inactiveKey string) (uint64, error) {
	line, err := p.readLine(path.Join(dir, usageFile))
	if err != nil {
		return 0, err
	}
	usage, err := strconv.ParseUint(line, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%s: %q is not a number of bytes", path.Join(dir, usageFile), clip(line, 40))
	}
	if usage == 0 || usage >= cgroupV1NoLimit {
		return 0, fmt.Errorf("%s: %d is not a believable usage", path.Join(dir, usageFile), usage)
	}
	b, err := p.readFile(path.Join(dir, "memory.stat"))
	if err != nil {
		return usage, nil
	}
	for _, l := range strings.Split(string(b), "\n") {
		k, v, ok := strings.Cut(l, " ")
		if !ok || k != inactiveKey {
			continue
		}
		if n, err := strconv.ParseUint(strings.TrimSpace(v), 10, 64); err == nil && n < usage {
			return usage - n, nil
		}
		break
	}
	return usage, nil
}

// dangling says whether a path that does not resolve is there all the
// same, as a link to nothing: not "no file, no limit" but a limit unknown.
func (p prober) dangling(hostPath string) bool {
	_, err := p.root.Lstat(hostPath)
	return err == nil
}

func (p prober) readQuota(dir, file string) (float64, bool, error) {
	b, err := p.readFile(path.Join(dir, file))
	if err != nil {
		return 0, false, err
	}
	if file == "cpu.max" {
		return ParseCPUMax(bytes.NewReader(b))
	}
	quota, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64)
	if err != nil {
		return 0, false, fmt.Errorf("%s: %q is not a number", path.Join(dir, file), clip(string(bytes.TrimSpace(b)), 40))
	}
	if quota <= 0 {
		return 0, false, nil // -1: no quota
	}
	pb, err := p.readFile(path.Join(dir, "cpu.cfs_period_us"))
	if err != nil {
		return 0, false, err
	}
	period, err := strconv.ParseInt(strings.TrimSpace(string(pb)), 10, 64)
	if err != nil || period <= 0 {
		return 0, false, fmt.Errorf("%s: %q is not a positive number", path.Join(dir, "cpu.cfs_period_us"), clip(string(bytes.TrimSpace(pb)), 40))
	}
	return float64(quota) / float64(period), true, nil
}

// mounts reads the cgroup mounts of this process's mount table, until enough.
func (p prober) mounts(enough func([]mount) bool) ([]mount, error) {
	v, err := p.parseFile("/proc/self/mountinfo", func(r io.Reader) (any, error) { return parseMountinfo(r, enough) })
	if err == nil {
		return v.([]mount), nil
	}
	var errs []string
	for i, f := range []string{"/proc/self/mountinfo", "/proc/self/mounts", "/proc/mounts"} {
		if i > 0 {
			v, err = p.parseFile(f, func(r io.Reader) (any, error) { return parseMounts(r, enough) })
			if err == nil {
				return v.([]mount), nil
			}
		}
		if !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err.Error()) // there, but unreadable or too large
		}
	}
	if len(errs) == 0 {
		return nil, errors.New("no /proc/self/mountinfo, /proc/self/mounts or /proc/mounts")
	}
	return nil, errors.New(strings.Join(errs, "; "))
}

// limits reads the online CPUs, this process's affinity and its cgroups'
// CPU quota and memory limit.
func (p prober) limits(h *Host) {
	if line, err := p.readLine("/sys/devices/system/cpu/online"); err != nil {
		h.miss("cpu.online", err)
	} else if n, err := ParseCPUList(line); err != nil {
		h.miss("cpu.online", err)
	} else {
		h.CPU.Online = n
	}
	if n, err := p.affinity(); err != nil {
		h.miss("cpu.affinity", err)
	} else {
		h.CPU.Affinity = n
	}
	cf := p.cgroups()
	h.Cgroup = cf.cg
	if cf.errVersion != nil {
		h.miss("cgroup", cf.errVersion)
		return
	}
	if cf.errControllers != nil {
		h.miss("cgroup.controllers", cf.errControllers)
	}
	if cf.errCPU != nil {
		h.miss("cpu.quota", fmt.Errorf("the cgroup CPU limit is unknown: %w", cf.errCPU))
	} else if cf.cpuQuota > 0 {
		q := cf.cpuQuota
		h.CPU.Quota = &q
	}
	if cf.errMem != nil {
		h.miss("memory.limit", fmt.Errorf("the cgroup memory limit is unknown: %w", cf.errMem))
	} else {
		h.Memory.LimitBytes = cf.memLimit
		if cf.errUsage != nil {
			h.miss("memory.cgroupUsage", fmt.Errorf("the memory used under the cgroup limit is unknown: %w", cf.errUsage))
		} else {
			h.Memory.CgroupUsageBytes = cf.memUsage
		}
	}
	if len(cf.errLimits) > 0 {
		msgs := make([]string, len(cf.errLimits))
		for i, err := range cf.errLimits {
			msgs[i] = err.Error()
		}
		h.miss("cgroup.limits", errors.New(strings.Join(msgs, "; ")))
	}
}

// affinity counts the CPUs in this process's Cpus_allowed_list.
func (p prober) affinity() (int, error) {
	b, err := p.readFile("/proc/self/status")
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "Cpus_allowed_list:"); ok {
			return ParseCPUList(v)
		}
	}
	return 0, errors.New("/proc/self/status has no Cpus_allowed_list")
}

// cgroup2Magic is CGROUP2_SUPER_MAGIC.
const cgroup2Magic = 0x63677270
