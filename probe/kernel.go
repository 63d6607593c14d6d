package probe

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
)

// Kernel describes the kernel's build options and modules that matter to
// Kubernetes. Options maps a name without its CONFIG_ prefix ("OVERLAY_FS")
// to "y" (built in), "m" (a module) or "n" (not set); one of KernelOptions
// absent from the map was not in the config (or no config was found). Only
// KernelOptions and the options a probe was asked for (Options.KernelOptions)
// are recorded, to keep snapshots small; one asked for is "n" when the
// config does not have it.
type Kernel struct {
	Config  string            `json:"config,omitempty"` // where the config was read
	Options map[string]string `json:"options,omitempty"`
	// Modules maps a module from KernelOptions to "loaded" (in /proc/modules)
	// or "builtin" (in modules.builtin).
	Modules map[string]string `json:"modules,omitempty"`
}

// KernelOptions are the build options kfit always records, with the module
// that provides each where it can be one. A catalog may require others:
// probe looks for them when Options.KernelOptions names them.
var KernelOptions = map[string]string{
	"NAMESPACES": "", "NET_NS": "", "PID_NS": "", "IPC_NS": "", "UTS_NS": "", "USER_NS": "",
	"CGROUPS": "", "CGROUP_PIDS": "", "CGROUP_CPUACCT": "", "CGROUP_DEVICE": "", "CGROUP_FREEZER": "",
	"CGROUP_SCHED": "", "CGROUP_BPF": "", "CPUSETS": "", "MEMCG": "", "FAIR_GROUP_SCHED": "", "CFS_BANDWIDTH": "",
	"SECCOMP": "", "KEYS": "", "POSIX_MQUEUE": "", "NET": "", "INET": "", "PROC_FS": "", "NETFILTER": "",
	"VETH":                           "veth",
	"BRIDGE":                         "bridge",
	"BRIDGE_NETFILTER":               "br_netfilter",
	"VXLAN":                          "vxlan",
	"OVERLAY_FS":                     "overlay",
	"EXT4_FS":                        "ext4",
	"NETFILTER_XTABLES":              "x_tables",
	"NF_CONNTRACK":                   "nf_conntrack",
	"NF_NAT":                         "nf_nat",
	"NF_TABLES":                      "nf_tables",
	"IP_NF_IPTABLES":                 "ip_tables",
	"IP_NF_FILTER":                   "iptable_filter",
	"IP_NF_NAT":                      "iptable_nat",
	"IP_NF_TARGET_MASQUERADE":        "ipt_MASQUERADE",
	"NETFILTER_XT_TARGET_MASQUERADE": "xt_MASQUERADE",
	"IP_NF_TARGET_REJECT":            "ipt_REJECT",
	"NETFILTER_XT_TARGET_REDIRECT":   "xt_REDIRECT",
	"IP_NF_TARGET_REDIRECT":          "ipt_REDIRECT",
	"BLK_CGROUP":                     "",
	"NETFILTER_ADVANCED":             "",
	"NETFILTER_XT_MATCH_ADDRTYPE":    "xt_addrtype",
	"NETFILTER_XT_MATCH_CONNTRACK":   "xt_conntrack",
	"NETFILTER_XT_MATCH_COMMENT":     "xt_comment",
	"NETFILTER_XT_MATCH_MULTIPORT":   "xt_multiport",
	"NETFILTER_XT_MATCH_STATISTIC":   "xt_statistic",
	"NETFILTER_XT_MATCH_IPVS":        "xt_ipvs",
	"IP_SET":                         "ip_set",
	"IP_VS":                          "ip_vs",
}

// maxConfigBytes bounds a decompressed kernel config (real ones are ~300 KB).
const maxConfigBytes = 8 << 20

// ParseKernelConfig reads a kernel config (plain or gzip, told apart by its
// magic bytes) and returns the KernelOptions it sets, and those of extra
// (names without CONFIG_): an extra option the config does not set is "n".
func ParseKernelConfig(r io.Reader, extra ...string) (map[string]string, error) {
	wantExtra := make(map[string]bool, len(extra))
	for _, name := range extra {
		if _, ok := KernelOptions[name]; !ok {
			wantExtra[name] = true
		}
	}
	want := func(name []byte) bool {
		_, ok := KernelOptions[string(name)]
		return ok || wantExtra[string(name)]
	}
	br := bufio.NewReader(r)
	var in io.Reader = br
	if magic, err := br.Peek(2); err == nil && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("not a valid gzip file: %w", err)
		}
		defer zr.Close()
		in = zr
	}
	out := map[string]string{}
	sc := bufio.NewScanner(bounded(in, maxConfigBytes))
	sc.Buffer(make([]byte, 0, 4096), 1<<16)
	seen := false
	// A config has thousands of lines and kfit wants a few dozen options:
	// look lines up as bytes, and make strings only of the wanted ones.
	for sc.Scan() {
		line := sc.Bytes()
		if rest, ok := bytes.CutPrefix(line, []byte("# CONFIG_")); ok {
			if name, ok := bytes.CutSuffix(rest, []byte(" is not set")); ok {
				seen = true
				if want(name) {
					out[string(name)] = "n"
				}
			}
			continue
		}
		rest, ok := bytes.CutPrefix(line, []byte("CONFIG_"))
		if !ok {
			continue
		}
		name, val, ok := bytes.Cut(rest, []byte("="))
		if !ok {
			continue
		}
		seen = true
		if want(name) {
			out[string(name)] = string(bytes.Trim(val, `"`))
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if !seen {
		return nil, errors.New("no CONFIG_ lines: not a kernel config")
	}
	for name := range wantExtra {
		if _, ok := out[name]; !ok {
			out[name] = "n" // looked for, and not set
		}
	}
	return out, nil
}

// kernelConfigPaths are where distributions keep the running kernel's config,
// in the order k0s and moby's check-config look.
func kernelConfigPaths(release string) []string {
	return []string{
		"/proc/config.gz",
		"/boot/config-" + release,
		"/usr/src/linux-" + release + "/.config",
		"/usr/src/linux/.config",
		"/usr/lib/modules/" + release + "/config",
		"/lib/modules/" + release + "/config",
		"/usr/lib/ostree-boot/config-" + release,
		"/usr/lib/kernel/config-" + release,
		"/usr/src/linux-headers-" + release + "/.config",
		"/boot/firmware/config-" + release,
	}
}

func (p prober) kernel(h *Host) {
	var tried []string
	for _, f := range kernelConfigPaths(h.OS.KernelVersion) {
		if h.OS.KernelVersion == "" && f != "/proc/config.gz" {
			continue
		}
		opened := false
		v, err := p.parseFile(f, func(r io.Reader) (any, error) {
			opened = true
			return ParseKernelConfig(bounded(r, maxConfigBytes), p.opt.KernelOptions...)
		})
		if !opened {
			continue // absent or unreadable: try the next place
		}
		if err != nil {
			tried = append(tried, err.Error()) // names the file
			continue
		}
		opts := v.(map[string]string)
		h.Kernel.Config, h.Kernel.Options = f, opts
		break
	}
	if h.Kernel.Config == "" {
		paths := kernelConfigPaths("$(uname -r)")
		msg := fmt.Sprintf("no kernel config in %s, %s or %d other usual places", paths[0], paths[1], len(paths)-2)
		if len(tried) > 0 {
			msg += "; " + strings.Join(tried, "; ")
		}
		h.miss("kernel.config", errors.New(msg))
	}
	mods := map[string]string{}
	wanted := map[string]bool{}
	for _, m := range KernelOptions {
		if m != "" {
			wanted[m] = true
		}
	}
	if b, err := p.readFile("/proc/modules"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if name, _, _ := strings.Cut(line, " "); wanted[name] {
				mods[name] = "loaded"
			}
		}
	}
	if h.OS.KernelVersion != "" {
		for _, dir := range []string{"/lib/modules/", "/usr/lib/modules/"} {
			b, err := p.readFile(dir + h.OS.KernelVersion + "/modules.builtin")
			if err != nil {
				continue
			}
			for _, line := range strings.Split(string(b), "\n") {
				name := strings.TrimSuffix(path.Base(strings.TrimSpace(line)), ".ko")
				name = strings.ReplaceAll(name, "-", "_")
				if wanted[name] {
					mods[name] = "builtin"
				}
			}
			break
		}
	}
	if len(mods) > 0 {
		h.Kernel.Modules = mods
	}
}

// Has says whether the kernel has an option: "y" or "m" in the config,
// or its module loaded or built in. known is false when nothing tells: no
// config was found, or the option was not looked for (a snapshot taken
// without it).
func (k Kernel) Has(option string) (has, known bool) {
	if v, ok := k.Options[option]; ok {
		return v == "y" || v == "m", true
	}
	m, recorded := KernelOptions[option]
	if m != "" && k.Modules[m] != "" {
		return true, true
	}
	if k.Config != "" && recorded {
		return false, true // a config that does not mention it: not set
	}
	return false, false
}
