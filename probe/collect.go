package probe

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/kfit-dev/kfit/internal/fsroot"
)

// DataDir is where the distributions keep their data (/var/lib/rancher/k3s,
// /var/lib/k0s, ...); the disk facts describe the filesystem that holds it.
const DataDir = "/var/lib"

// maxFileBytes bounds how much of any one host file kfit reads.
const maxFileBytes = 1 << 20

// Options says where and how to probe.
type Options struct {
	// Root is the root of the machine to read: "/" for this one, or a host
	// mounted elsewhere (/host in a container, a fake root in tests). Every
	// read stays inside it, whatever its symbolic links say.
	Root string

	// Timeout bounds probing as a whole (DefaultTimeout when 0): a fact not
	// read by then is unknown, with the reason.
	Timeout time.Duration

	// KernelOptions lists kernel build options, without CONFIG_, to look
	// for in the kernel's config beyond the package's KernelOptions (those
	// a catalog requires). One the config does not set is recorded as "n".
	KernelOptions []string

	// Statfs and Uname are the system calls probe makes; tests replace them.
	// nil means the real ones. Statfs gets the path on the probed machine.
	Statfs func(hostPath string) (FS, error)
	Uname  func() (release, machine string, err error)
}

// DefaultTimeout is how long probing may take unless Options.Timeout says
// otherwise: a healthy machine takes a few milliseconds; a hung network
// filesystem or a kernel stuck in a /proc read would take forever.
const DefaultTimeout = 5 * time.Second

// Collect reads the machine under opt.Root. It returns an error only when the
// root itself is unusable; a fact that cannot be read is recorded in
// Host.Missing and probing goes on. Collect returns by the deadline even if
// a read hangs, and a panic while reading a fact group makes that group's
// facts unknown instead of ending the program.
func Collect(ctx context.Context, opt Options) (Host, error) {
	root := opt.Root
	if root == "" {
		root = "/"
	}
	st, err := os.Stat(root)
	if err != nil {
		return Host{}, fmt.Errorf("root %s: %w", root, err)
	}
	if !st.IsDir() {
		return Host{}, fmt.Errorf("root %s: not a directory", root)
	}
	r, err := fsroot.Open(root)
	if err != nil {
		return Host{}, fmt.Errorf("root %s: %w", root, err)
	}
	if opt.Statfs == nil {
		opt.Statfs = func(hostPath string) (FS, error) {
			s, err := r.Statfs(hostPath)
			return FS(s), err
		}
	}
	if opt.Uname == nil {
		opt.Uname = uname
	}
	if opt.Timeout <= 0 {
		opt.Timeout = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, opt.Timeout)
	defer cancel()
	p := prober{root: r, live: filepath.Clean(root) == "/", opt: opt}

	h := Host{SchemaVersion: SchemaVersion}
	// The kernel release and the architecture first: others need them.
	done := p.gather(ctx, &h, []group{osGroup})
	// The rest side by side: reading /proc/net and inflating the kernel
	// config are the slow parts, and they need nothing from each other.
	if done {
		done = p.gather(ctx, &h, groups)
	} else {
		p.late(&h, groups, make([]bool, len(groups)))
	}
	if done {
		r.Close() // else a read still runs, and the descriptor stays for it
	}
	cleanHost(&h)
	h.Derive()
	return h, nil
}

// group is a set of facts read together. read fills a Host of its own;
// take copies the facts it owns into the result, so groups never write to
// one Host at once and one that is abandoned at the deadline writes nothing.
type group struct {
	name string
	// keys are the facts (Missing keys) that stay unknown when the group
	// does not finish.
	keys []string
	read func(p prober, h *Host)
	take func(dst, src *Host)
}

var osGroup = group{"os", []string{"os.name", "os.id", "os.kernelVersion", "os.arch"},
	func(p prober, h *Host) { p.os(h) }, func(d, s *Host) { d.OS = s.OS }}

var groups = []group{
	{"cpu", []string{"cpu.logical", "cpu.physical", "cpu.model", "environment"},
		func(p prober, h *Host) { p.cpu(context.Background(), h); p.environment(h, h.CPU.Flags) },
		func(d, s *Host) {
			d.CPU.Logical, d.CPU.Physical, d.CPU.Model, d.CPU.Flags = s.CPU.Logical, s.CPU.Physical, s.CPU.Model, s.CPU.Flags
			d.Environment = s.Environment
		}},
	{"kernel", []string{"kernel.config"}, prober.kernel, func(d, s *Host) { d.Kernel = s.Kernel }},
	{"ports", []string{"ports"}, prober.ports, func(d, s *Host) { d.Ports = s.Ports }},
	{"memory", []string{"memory"}, func(p prober, h *Host) { p.memory(h) },
		func(d, s *Host) {
			limit := d.Memory.LimitBytes
			d.Memory = s.Memory
			d.Memory.LimitBytes = limit
		}},
	{"cgroup", []string{"cpu.online", "cpu.affinity", "cgroup", "memory.limit", "cpu.quota"}, prober.limits,
		func(d, s *Host) {
			d.CPU.Online, d.CPU.Affinity, d.CPU.Quota = s.CPU.Online, s.CPU.Affinity, s.CPU.Quota
			d.Memory.LimitBytes, d.Cgroup = s.Memory.LimitBytes, s.Cgroup
		}},
	{"disk", []string{"disk", "disk.media"}, prober.disk, func(d, s *Host) { d.Disk = s.Disk }},
	{"hostname", []string{"hostname"}, prober.hostname, func(d, s *Host) { d.Hostname = s.Hostname }},
	{"runtime", []string{"runtime.init"}, prober.runtime, func(d, s *Host) { d.Runtime = s.Runtime }},
	{"boot", []string{"boot"}, prober.boot, func(d, s *Host) { d.Boot = s.Boot }},
	{"laptop", []string{"laptop"}, prober.laptop, func(d, s *Host) { d.Laptop = s.Laptop }},
}

// gather reads the groups side by side into h, each from a copy of h (so
// it sees the facts read before it), until they finish or ctx ends. It
// reports whether every group finished.
func (p prober) gather(ctx context.Context, h *Host, gs []group) bool {
	type result struct {
		i     int
		part  *Host
		panic any
	}
	results := make(chan result, len(gs))
	for i, g := range gs {
		part := *h
		part.Missing = nil
		go func() {
			defer func() {
				if v := recover(); v != nil {
					results <- result{i: i, panic: v}
				}
			}()
			g.read(p, &part)
			results <- result{i: i, part: &part}
		}()
	}
	finished := make([]bool, len(gs))
	for range gs {
		select {
		case r := <-results:
			finished[r.i] = true
			g := gs[r.i]
			if r.panic != nil {
				for _, k := range g.keys {
					h.miss(k, fmt.Errorf("kfit failed while reading the %s facts (%s); please report it", g.name, clip(fmt.Sprint(r.panic), 200)))
				}
				continue
			}
			g.take(h, r.part)
			for k, why := range r.part.Missing {
				h.miss(k, errors.New(why))
			}
		case <-ctx.Done():
			p.late(h, gs, finished)
			return false
		}
	}
	return true
}

// late records the facts of the groups not finished by the deadline.
func (p prober) late(h *Host, gs []group, finished []bool) {
	for i, g := range gs {
		if !finished[i] {
			for _, k := range g.keys {
				h.miss(k, fmt.Errorf("not read within the %s deadline (--timeout)", p.opt.Timeout))
			}
		}
	}
}

type prober struct {
	root *fsroot.Root
	live bool // root is this machine's own "/"
	opt  Options
}

// readFile reads a small host file, at most maxFileBytes of it.
func (p prober) readFile(hostPath string) ([]byte, error) {
	return p.root.ReadFile(hostPath, maxFileBytes)
}

// readLine reads the first line of a host file, trimmed.
func (p prober) readLine(hostPath string) (string, error) {
	b, err := p.readFile(hostPath)
	if err != nil {
		return "", err
	}
	line, _, _ := strings.Cut(string(b), "\n")
	line = clean(strings.TrimSpace(line), 4096)
	if line == "" {
		return "", fmt.Errorf("%s is empty", hostPath)
	}
	return line, nil
}

func (p prober) os(h *Host) {
	switch {
	case p.live:
		h.OS.Name = runtime.GOOS
	default:
		if p.root.IsDir("/proc") {
			h.OS.Name = "linux" // only Linux roots have a /proc to read
		} else {
			h.miss("os.name", errors.New("the root has no /proc, so it is not a Linux root"))
		}
	}

	if rel, err := p.osRelease(); err == nil {
		h.OS.ID, h.OS.IDLike, h.OS.Version, h.OS.PrettyName = rel["ID"], rel["ID_LIKE"], rel["VERSION_ID"], rel["PRETTY_NAME"]
		if h.OS.ID == "" {
			h.miss("os.id", errors.New("os-release has no ID"))
		}
	} else {
		h.miss("os.id", err)
	}

	release, rerr := p.readLine("/proc/sys/kernel/osrelease")
	var machine string
	var merr error
	if arch, err := p.readLine("/proc/sys/kernel/arch"); err == nil {
		machine = arch
	} else {
		merr = err
	}
	if p.live && (rerr != nil || machine == "") {
		r, m, err := p.opt.Uname()
		if rerr != nil && r != "" {
			release, rerr = r, nil
		} else if rerr != nil && err != nil {
			rerr = err
		}
		if machine == "" && m != "" {
			machine, merr = m, nil
		}
	}
	if machine == "" {
		machine, merr = p.machineFromCPUInfo(merr)
	}
	if rerr == nil && !pathSafe(release) {
		// It names files (/boot/config-RELEASE): "x/../../etc" must not.
		rerr, release = fmt.Errorf("the kernel release %q is not one (it has a / or is . or ..)", clip(release, 60)), ""
	}
	if rerr != nil {
		h.miss("os.kernelVersion", rerr)
	}
	h.OS.KernelVersion = release
	if machine == "" {
		h.miss("os.arch", merr)
		return
	}
	h.OS.Machine = machine
	h.OS.Arch = GoArch(machine)
}

// osRelease reads /etc/os-release, falling back to /usr/lib/os-release as
// os-release(5) says.
func (p prober) osRelease() (map[string]string, error) {
	b, err := p.readFile("/etc/os-release")
	if err != nil {
		b2, err2 := p.readFile("/usr/lib/os-release")
		if err2 != nil {
			return nil, err
		}
		b = b2
	}
	return ParseOSRelease(strings.NewReader(string(b)))
}

// machineFromCPUInfo infers uname -m from /proc/cpuinfo where it can: an ARM
// kernel says its architecture there. An x86 cpuinfo cannot tell a 32-bit
// kernel from a 64-bit one (the "lm" flag is the CPU's, not the kernel's), so
// for x86 the fact stays unknown.
func (p prober) machineFromCPUInfo(prev error) (string, error) {
	b, err := p.readFile("/proc/cpuinfo")
	if err != nil {
		return "", fmt.Errorf("%v, and %v", prev, err)
	}
	m := MachineFromCPUInfo(string(b))
	if m == "" {
		return "", fmt.Errorf("%v, and /proc/cpuinfo does not tell the kernel's architecture (on x86 it cannot tell a 32-bit kernel from a 64-bit one)", prev)
	}
	return m, nil
}

// MachineFromCPUInfo returns the uname -m value an ARM cpuinfo implies, or "".
func MachineFromCPUInfo(cpuinfo string) string {
	sc := bufio.NewScanner(strings.NewReader(cpuinfo))
	for sc.Scan() {
		key, val, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			continue
		}
		key, val = strings.TrimSpace(key), strings.TrimSpace(val)
		switch {
		case strings.EqualFold(key, "model name") || key == "Processor":
			// 32-bit ARM kernels: "ARMv7 Processor rev 4 (v7l)".
			if i := strings.LastIndex(val, "(v"); i >= 0 && strings.HasSuffix(val, "l)") {
				return "arm" + val[i+1:len(val)-1]
			}
		case key == "CPU architecture":
			// 64-bit ARM kernels say 8 and have no "(v8l)" model name;
			// 32-bit kernels on ARMv8 CPUs print "(v7l)" above and come first.
			if val == "8" || val == "AArch64" {
				return "aarch64"
			}
		}
	}
	return ""
}

// GoArch maps a uname -m value to Go's GOARCH name.
func GoArch(machine string) string {
	switch m := strings.ToLower(machine); {
	case m == "x86_64" || m == "amd64":
		return "amd64"
	case m == "i386" || m == "i486" || m == "i586" || m == "i686" || m == "x86":
		return "386"
	case m == "aarch64" || m == "arm64" || m == "aarch64_be":
		return "arm64"
	case strings.HasPrefix(m, "arm"):
		return "arm"
	case m == "ppc64le" || m == "s390x" || m == "riscv64" || m == "mips64" || m == "mips64le" || m == "loong64":
		return m
	default:
		return m
	}
}

// ArmVariant returns the ARM architecture version of a 32-bit ARM machine
// ("armv7l" is 7, "armv6l" 6; "armv8l", a 32-bit kernel on ARMv8, runs ARMv7
// code), or 0 when the machine does not say.
func ArmVariant(machine string) int {
	m := strings.TrimPrefix(strings.ToLower(machine), "arm")
	if !strings.HasPrefix(m, "v") {
		return 0
	}
	end := 1
	for end < len(m) && m[end] >= '0' && m[end] <= '9' {
		end++
	}
	v, err := strconv.Atoi(m[1:end])
	if err != nil {
		return 0
	}
	if v > 7 {
		v = 7
	}
	return v
}

func (p prober) memory(h *Host) {
	vm, err := p.virtualMemory()
	if err == nil && vm.Total == 0 {
		err = errors.New("the system does not say how much memory it has")
	}
	if err != nil {
		h.miss("memory", err)
	} else {
		h.Memory.TotalBytes = vm.Total
		h.Memory.AvailableBytes = vm.Available

		if runtime.GOOS != "darwin" {
			swap := vm.SwapTotal
			h.Memory.SwapBytes = &swap
		}
	}
	if n, err := p.memoryBlocks(); err == nil && n >= h.Memory.TotalBytes && (h.Memory.TotalBytes == 0 || n <= 2*h.Memory.TotalBytes) {
		h.Memory.InstalledBytes, h.Memory.InstalledFrom = n, "memory-blocks"
	} else if h.Memory.TotalBytes > 0 {
		h.Memory.InstalledBytes, h.Memory.InstalledFrom = EstimateInstalled(h.Memory.TotalBytes), "memtotal"
	}
}

// memoryBlocks sums the memory blocks the kernel lists under
// /sys/devices/system/memory: the physical RAM present, including what
// firmware and graphics took before MemTotal was counted. One directory read,
// whatever the size of the machine.
func (p prober) memoryBlocks() (uint64, error) {
	line, err := p.readLine("/sys/devices/system/memory/block_size_bytes")
	if err != nil {
		return 0, err
	}
	size, err := strconv.ParseUint(line, 16, 64)
	if err != nil || size == 0 {
		return 0, fmt.Errorf("block_size_bytes %q is not a hex size", clip(line, 40))
	}
	names, err := p.root.ReadDir("/sys/devices/system/memory")
	if err != nil {
		return 0, err
	}
	var n uint64
	for _, name := range names {
		if rest, ok := strings.CutPrefix(name, "memory"); ok && rest != "" && strings.Trim(rest, "0123456789") == "" {
			n++
		}
	}
	if n == 0 {
		return 0, errors.New("no memory blocks listed")
	}
	return n * size, nil
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

func (p prober) disk(h *Host) {
	dir := DataDir
	for {
		if p.root.IsDir(dir) {
			break
		}
		if dir == "/" {
			h.miss("disk", fmt.Errorf("no %s and no parent of it under the root", DataDir))
			return
		}
		dir = filepath.Dir(dir)
	}
	h.Disk.Path = dir
	fs, err := p.opt.Statfs(dir)
	if err != nil {
		h.miss("disk", err)
		return
	}
	free := fs.FreeBytes
	h.Disk.FreeBytes, h.Disk.TotalBytes = &free, fs.TotalBytes
	p.storage(h, fs)
}

// FS is what statfs(2) and stat(2) say of the filesystem holding a path.
type FS struct {
	FreeBytes, TotalBytes uint64
	Type                  int64  // statfs's f_type magic number; 0 when unknown
	Dev                   uint64 // stat's st_dev: the block device, as major:minor
}

// fsTypes names statfs(2)'s magic numbers (linux/magic.h).
var fsTypes = map[int64]string{
	0xEF53: "ext4", 0x58465342: "xfs", 0x9123683E: "btrfs", 0x2FC12FC1: "zfs", 0x01021994: "tmpfs",
	0x794C7630: "overlay", 0xF2F52010: "f2fs", 0x4D44: "vfat", 0x73717368: "squashfs", 0x6969: "nfs",
	0x65735546: "fuse", 0x63677270: "cgroup2", 0x27E0EB: "cgroup", 0x5346544E: "ntfs", 0x9FA0: "proc",
	0x62656572: "sysfs", 0xFF534D42: "cifs", 0x3153464A: "jfs", 0x52654973: "reiserfs",
}

// cgroup2Magic is CGROUP2_SUPER_MAGIC.
const cgroup2Magic = 0x63677270

// storage names the filesystem and the disk under the data directory, in
// constant time: statfs's magic number, and stat's device through
// /sys/dev/block/MAJ:MIN (no mount table to read, however many mounts).
func (p prober) storage(h *Host, fs FS) {
	if fs.Type != 0 {
		if name, ok := fsTypes[fs.Type]; ok {
			h.Disk.FSType = name
		} else {
			h.Disk.FSType = fmt.Sprintf("0x%x", fs.Type)
		}
	}
	if fs.Dev == 0 {
		h.miss("disk.media", fmt.Errorf("the device under %s is unknown", h.Disk.Path))
		return
	}
	dev := "/sys/dev/block/" + majorMinor(fs.Dev)
	link, err := p.root.Readlink(dev)
	if err != nil {
		h.miss("disk.media", fmt.Errorf("%s is on %s, not a block device kfit can see (%v)", h.Disk.Path, orNone(h.Disk.FSType), err))
		return
	}
	diskDir := path.Join(path.Dir(dev), link)
	if p.root.Exists(diskDir + "/partition") {
		diskDir = path.Dir(diskDir)
	}
	h.Disk.Device = path.Base(diskDir)
	if sectors, err := p.readLine(diskDir + "/size"); err == nil {
		if n, err := strconv.ParseUint(sectors, 10, 64); err == nil {
			h.Disk.DeviceBytes = n * 512 // sysfs counts 512-byte sectors whatever the disk's own
		}
	}
	switch rot, err := p.readLine(diskDir + "/queue/rotational"); {
	case strings.HasPrefix(h.Disk.Device, "mmcblk"):
		h.Disk.Media = "sd"
	case err != nil:
		h.miss("disk.media", err)
	case rot == "1":
		h.Disk.Media = "hdd"
	default:
		h.Disk.Media = "ssd"
	}
}

func orNone(s string) string {
	if s == "" {
		return "an unknown filesystem"
	}
	return s
}

func (p prober) hostname(h *Host) {
	name, err := p.readLine("/proc/sys/kernel/hostname")
	if err != nil && p.live {
		name, err = os.Hostname()
	}
	if err != nil {
		h.miss("hostname", err)
		return
	}
	h.Hostname = name
}

func orErr(err error, msg string) error {
	if err != nil {
		return err
	}
	return errors.New(msg)
}
