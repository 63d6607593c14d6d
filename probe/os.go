package probe

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"strings"
)

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

// OS describes the operating system and kernel.
type OS struct {
	Name          string `json:"name,omitempty"`          // Go's GOOS: linux, darwin, windows
	ID            string `json:"id,omitempty"`            // os-release ID: debian, ubuntu, raspbian
	IDLike        string `json:"idLike,omitempty"`        // os-release ID_LIKE: "rhel centos fedora"
	Version       string `json:"version,omitempty"`       // os-release VERSION_ID: 12, 22.04
	PrettyName    string `json:"prettyName,omitempty"`    // os-release PRETTY_NAME
	KernelVersion string `json:"kernelVersion,omitempty"` // kernel release, as uname -r
	Arch          string `json:"arch,omitempty"`          // Go's GOARCH: amd64, arm64, arm, 386
	Machine       string `json:"machine,omitempty"`       // raw uname -m: x86_64, armv7l, i686
}

// ParseOSRelease reads an os-release(5) file: KEY=value lines, values
// optionally quoted with shell quoting. Malformed lines are skipped, as
// os-release(5) asks of readers.
func ParseOSRelease(r io.Reader) (map[string]string, error) {
	out := map[string]string{}
	sc := bufio.NewScanner(bounded(r, maxFileBytes))
	sc.Buffer(make([]byte, 0, 4096), maxFileBytes)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' {
			continue
		}
		key, val, ok := strings.Cut(line, "=")
		if !ok || key == "" || strings.ContainsAny(key, " \t\"'") {
			continue
		}
		out[key] = unquote(val)
	}
	return out, sc.Err()
}

// unquote undoes the shell quoting os-release allows: "double" (with \\ \" \$
// \` escapes), 'single', or a bare word.
func unquote(v string) string {
	if len(v) >= 2 && v[0] == '\'' && v[len(v)-1] == '\'' {
		return v[1 : len(v)-1]
	}
	if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
		v = v[1 : len(v)-1]
		var b strings.Builder
		for i := 0; i < len(v); i++ {
			if v[i] == '\\' && i+1 < len(v) && strings.IndexByte("\\\"$`", v[i+1]) >= 0 {
				i++
			}
			b.WriteByte(v[i])
		}
		return b.String()
	}
	return v
}
