package probe

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/kfit-dev/kfit/internal/fsroot"
	"github.com/kfit-dev/kfit/internal/units"
)

// parseFile opens a host file and hands it to a parser, bounded in size.
//
// The parser reads the file as a stream: files that grow with the machine
// (/proc/net/tcp with thousands of sockets, mountinfo with thousands of
// mounts) are read whole without being held whole, and the parsers bound
// what they read.
func (p prober) parseFile(hostPath string, parse func(io.Reader) (any, error)) (any, error) {
	f, err := p.root.Open(hostPath)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// The parsers scan lines with their own buffers: no reader in between.
	v, err := parse(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", hostPath, err)
	}
	return v, nil
}

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
			limit, usage := d.Memory.LimitBytes, d.Memory.CgroupUsageBytes
			d.Memory = s.Memory
			d.Memory.LimitBytes, d.Memory.CgroupUsageBytes = limit, usage
		}},
	{"cgroup", []string{"cpu.online", "cpu.affinity", "cgroup", "memory.limit", "cpu.quota"}, prober.limits,
		func(d, s *Host) {
			d.CPU.Online, d.CPU.Affinity, d.CPU.Quota = s.CPU.Online, s.CPU.Affinity, s.CPU.Quota
			d.Memory.LimitBytes, d.Memory.CgroupUsageBytes, d.Cgroup = s.Memory.LimitBytes, s.Memory.CgroupUsageBytes, s.Cgroup
		}},
	{"disk", []string{"disk", "disk.media"}, prober.disk, func(d, s *Host) { d.Disk = s.Disk }},
	{"hostname", []string{"hostname"}, prober.hostname, func(d, s *Host) { d.Hostname = s.Hostname }},
	{"runtime", []string{"runtime.init"}, prober.runtime, func(d, s *Host) { d.Runtime = s.Runtime }},
	{"boot", []string{"boot"}, prober.boot, func(d, s *Host) { d.Boot = s.Boot }},
	{"laptop", []string{"laptop"}, prober.laptop, func(d, s *Host) { d.Laptop = s.Laptop }},
	// The host conditions.
	{"network", []string{"dns", "firewall", "routes"}, prober.network, func(d, s *Host) { d.DNS, d.Firewall, d.Routes = s.DNS, s.Firewall, s.Routes }},
	{"sysctl", []string{"sysctl"}, prober.sysctl, func(d, s *Host) { d.Sysctl = s.Sysctl }},
	{"security", []string{"apparmor", "selinux"}, prober.security, func(d, s *Host) { d.AppArmor, d.SELinux = s.AppArmor, s.SELinux }},
	{"identity", []string{"identity"}, prober.identity, func(d, s *Host) { d.Identity = s.Identity }},
	{"leftovers", []string{"leftovers"}, prober.leftovers, func(d, s *Host) { d.Leftovers = s.Leftovers }},
	{"devices", []string{"devices"}, prober.devices, func(d, s *Host) { d.Devices = s.Devices }},
	{"dataMount", []string{"dataMount"}, prober.dataMount, func(d, s *Host) { d.DataMount = s.DataMount }},
	{"moduleFiles", []string{"moduleFiles"}, prober.moduleFiles, func(d, s *Host) { d.ModuleFiles = s.ModuleFiles }},
	{"dockerAccess", []string{"dockerAccess"}, prober.dockerAccess, func(d, s *Host) { d.DockerAccess = s.DockerAccess }},
	{"clock", []string{"clock"}, prober.clock, func(d, s *Host) { d.Clock = s.Clock }},
	{"proxy", []string{"proxy"}, prober.proxy, func(d, s *Host) { d.Proxy = s.Proxy }},
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
	finished := make([]bool, len(gs))
	if ctx.Err() != nil {
		p.late(h, gs, finished) // out of time already: start nothing
		return false
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

func orErr(err error, msg string) error {
	if err != nil {
		return err
	}
	return errors.New(msg)
}

// bounded reads at most n bytes of r and then fails if r goes on: a file
// cut short at a limit makes its fact unknown, never quietly wrong (a
// listening socket past the limit, a kernel option after it).
func bounded(r io.Reader, n int64) io.Reader { return &boundedReader{r: r, left: n, limit: n} }

type boundedReader struct {
	r           io.Reader
	left, limit int64
}

func (b *boundedReader) Read(p []byte) (int, error) {
	if b.left <= 0 {
		var one [1]byte
		if n, err := b.r.Read(one[:]); n == 0 {
			return 0, err
		}
		return 0, fmt.Errorf("more than %s, the most kfit reads of it", units.Bytes(float64(b.limit)))
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.r.Read(p)
	b.left -= int64(n)
	return n, err
}
