package main

import (
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/kfit-dev/kfit/internal/units"
	"github.com/kfit-dev/kfit/probe"
)

// whatIf holds the flags that describe a machine or change one of its facts.
type whatIf struct {
	cpus            float64
	memory, disk    uint64
	osName, osID    string
	osVer           string
	arch, machine   string
	hasOS, hasArch  bool
	hasCPUs, hasMem bool
	hasDisk         bool
}

// describes says whether the flags describe another machine (--os or
// --arch: no flag can change this machine's OS or architecture).
func (w whatIf) describes() bool { return w.hasOS || w.hasArch }

// describesEnough refuses a described machine without its core figures: a
// machine of unknown CPUs and memory would fit every role with warnings.
func (w whatIf) describesEnough() error {
	var miss []string
	if !w.hasCPUs {
		miss = append(miss, "--cpus")
	}
	if !w.hasMem {
		miss = append(miss, "--memory")
	}
	if len(miss) > 0 {
		return usageErr("flag --os/--arch: they describe a machine kfit does not probe; give %s too (a machine of unknown CPUs or memory describes nothing to judge)", listAnd(miss))
	}
	return nil
}

func parseWhatIf(c *cli.Context) (whatIf, error) {
	var w whatIf
	if v := c.String("cpus"); v != "" {
		n, err := strconv.ParseFloat(v, 64)
		// Written so that NaN, which fails every comparison, fails too.
		if err != nil || !(n > 0 && n <= 1<<16) {
			return w, usageErr("flag --cpus: %q is not a number of CPUs above 0 and at most 65536", v)
		}
		w.cpus, w.hasCPUs = n, true
	}
	for _, f := range []struct {
		name string
		dst  *uint64
		has  *bool
	}{{"memory", &w.memory, &w.hasMem}, {"disk", &w.disk, &w.hasDisk}} {
		if v := c.String(f.name); v != "" {
			n, err := units.ParseSize(v) // the one rule: GB decimal, GiB and G binary
			if err != nil {
				return w, usageErr("flag --%s: %v", f.name, err)
			}
			if n == 0 && f.name == "memory" {
				// 0 would read as unknown and be estimated again from MemTotal.
				return w, usageErr("flag --memory: %q: a machine has more than 0 bytes of RAM", v)
			}
			*f.dst, *f.has = n, true
		}
	}
	if v := c.String("arch"); v != "" {
		w.arch, w.machine = archOf(v)
		if w.arch == "" {
			return w, usageErr("flag --arch: unknown architecture %q; valid: %s", v, strings.Join(archNames, ", "))
		}
		w.hasArch = true
	}
	if v := c.String("os"); v != "" {
		id, ver, _ := strings.Cut(strings.ToLower(v), ":")
		switch id {
		case "linux", "darwin", "windows":
			w.osName = id
		case "macos":
			w.osName = "darwin"
		default:
			if !slices.Contains(osIDs, id) {
				return w, usageErr("flag --os: unknown OS %q; valid: linux, darwin (or macos), windows, or ID[:VERSION] with an os-release ID: %s", v, strings.Join(osIDs, ", "))
			}
			w.osName, w.osID, w.osVer = "linux", id, ver
		}
		w.hasOS = true
	}
	return w, nil
}

// osIDs are the os-release IDs --os knows: those of the distributions
// kfit knows the package manager of (rules/fix.go), and the few more the
// catalog or people name. A word not here is a typo, not an OS.
var osIDs = []string{
	"almalinux", "alpine", "amzn", "arch", "centos", "debian", "elementary", "endeavouros", "fedora",
	"flatcar", "kali", "linuxmint", "manjaro", "nixos", "ol", "opensuse", "opensuse-leap",
	"opensuse-tumbleweed", "pop", "raspbian", "rhel", "rocky", "sles", "suse", "ubuntu",
}

// archNames are the architectures --arch knows, by their usual names
// (archOf also takes x86_64, aarch64, armhf, i686, ...).
var archNames = []string{"amd64", "arm64", "armv7", "armv6", "386", "ppc64le", "s390x", "riscv64"}

// archOf maps what people write for an architecture to Go's name and a
// uname -m value.
func archOf(v string) (arch, machine string) {
	switch strings.ToLower(v) {
	case "amd64", "x86_64", "x86-64":
		return "amd64", "x86_64"
	case "arm64", "aarch64":
		return "arm64", "aarch64"
	case "arm", "armv7", "armv7l", "armhf", "arm/v7":
		return "arm", "armv7l"
	case "armv6", "armv6l", "arm/v6":
		return "arm", "armv6l"
	case "386", "i386", "i686", "x86":
		return "386", "i686"
	case "ppc64le", "s390x", "riscv64":
		return strings.ToLower(v), strings.ToLower(v)
	}
	return "", ""
}

// describedHost is the machine the flags describe; what they do not say is
// unknown.
func (w whatIf) describedHost() probe.Host {
	return probe.Host{SchemaVersion: probe.SchemaVersion, Hostname: "what-if",
		Missing: map[string]string{"*": "not described (what-if machine)"}}
}

// apply sets the facts the flags give, on a probed, saved or described host.
func (w whatIf) apply(h *probe.Host) {
	if w.hasOS {
		h.OS.Name, h.OS.ID, h.OS.Version, h.OS.IDLike, h.OS.PrettyName = w.osName, w.osID, w.osVer, "", ""
		if w.osID != "" {
			h.OS.PrettyName = strings.TrimSpace(w.osID + " " + w.osVer)
		}
		delete(h.Missing, "os.name")
		delete(h.Missing, "os.id")
	}
	if w.hasArch {
		h.OS.Arch, h.OS.Machine = w.arch, w.machine
		h.CPU.Flags = nil // another CPU's flags are unknown
		delete(h.Missing, "os.arch")
	}
	if w.hasCPUs {
		n := int(math.Ceil(w.cpus))
		h.CPU.Logical, h.CPU.Physical, h.CPU.Online, h.CPU.Affinity, h.CPU.Effective = n, 0, 0, 0, 0
		if float64(n) != w.cpus {
			q := w.cpus
			h.CPU.Quota = &q
		}
		delete(h.Missing, "cpu.logical")
	}
	if w.hasMem {
		// Every memory figure becomes the what-if machine's: SIZE installed
		// and seen by the kernel (MemTotal), and available what the OS and
		// its programs leave now (MemTotal - MemAvailable) stays in use.
		// Swap and the cgroup limit kfit runs under stay as they are.
		m := &h.Memory
		inUse, knowUse := uint64(0), m.AvailableBytes > 0 && m.AvailableBytes <= m.TotalBytes
		if knowUse {
			inUse = m.TotalBytes - m.AvailableBytes
		}
		m.InstalledBytes, m.InstalledFrom, m.TotalBytes, m.EffectiveBytes, m.AvailableBytes = w.memory, "--memory", w.memory, 0, 0
		if knowUse && inUse < w.memory {
			m.AvailableBytes = w.memory - inUse
		}
		delete(h.Missing, "memory")
	}
	if w.hasDisk {
		// SIZE free under /var/lib: the filesystem and the disk, where
		// their sizes are known, hold at least that much.
		free := w.disk
		h.Disk.FreeBytes = &free
		if h.Disk.TotalBytes > 0 {
			h.Disk.TotalBytes = max(h.Disk.TotalBytes, free)
		}
		if h.Disk.DeviceBytes > 0 {
			h.Disk.DeviceBytes = max(h.Disk.DeviceBytes, free)
		}
		if h.Disk.Path == "" {
			h.Disk.Path = probe.DataDir
		}
		delete(h.Missing, "disk")
	}
	h.Derive()
}
