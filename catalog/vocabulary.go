package catalog

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// The words a catalog may use for what kfit looks for on a machine. A word
// kfit does not know would be judged missing, or unknown, on every machine
// (a controller it never sees, a kernel option it never looks for), so
// every catalog that loads, the built-in one and a user's, is checked
// against them.

// Tool is a program a role may need (tools.allOf, tools.anyOf) and the
// executables probe looks for to find it: kvm2 is libvirt's virsh, with
// /dev/kvm and the CPU's virtualisation flags.
type Tool struct {
	Name        string
	Executables []string
}

var tools = []Tool{
	{"docker", []string{"docker"}},
	{"podman", []string{"podman"}},
	{"nerdctl", []string{"nerdctl"}},
	{"snap", []string{"snap"}},
	{"kvm2", []string{"virsh"}},
	{"virtualbox", []string{"VBoxManage"}},
	{"qemu", []string{"qemu-system-x86_64", "qemu-system-aarch64"}},
	{"vfkit", []string{"vfkit"}},
	{"hyperkit", []string{"hyperkit"}},
	{"parallels", []string{"prlctl"}},
	{"vmware", []string{"vmrun"}},
	{"krunkit", []string{"krunkit"}},
}

var toolNames = func() []string {
	names := make([]string, len(tools))
	for i, t := range tools {
		names[i] = t.Name
	}
	return names
}()

// initSystems are the init systems a role may need (init.allOf,
// init.anyOf): those probe recognises by their runtime directories.
var initSystems = []string{"systemd", "openrc"}

// cgroupControllers are the controllers a role may require or recommend:
// cgroup v2's names first, then those of v1 only.
var cgroupControllers = []string{
	"cpu", "cpuset", "io", "memory", "hugetlb", "pids", "rdma", "misc",
	"cpuacct", "blkio", "devices", "freezer", "net_cls", "net_prio", "perf_event",
}

// kernelName is a kernel option's name without CONFIG_, as Kconfig writes
// it.
var kernelName = regexp.MustCompile(`^[A-Z0-9_]+$`)

// Tools lists the tools a catalog may name, with the executables that probe
// must look for to find each.
func Tools() []Tool {
	out := slices.Clone(tools)
	for i := range out {
		out[i].Executables = slices.Clone(out[i].Executables)
	}
	return out
}

// InitSystems lists the init systems a catalog may name.
func InitSystems() []string { return slices.Clone(initSystems) }

// CgroupControllers lists the cgroup controllers a catalog may name.
func CgroupControllers() []string { return slices.Clone(cgroupControllers) }

// checkWords checks every word of the role against the vocabulary.
func (r *Role) checkWords() *fieldError {
	type words struct {
		field, list string
		values      []string
		allowed     []string
	}
	var all []words
	if cg := r.Cgroup; cg != nil {
		all = append(all,
			words{"cgroup", "require", cg.Require, cgroupControllers},
			words{"cgroup", "recommend", cg.Recommend, cgroupControllers})
	}
	for _, t := range []struct {
		field   string
		req     *ToolsReq
		allowed []string
	}{{"init", r.Init, initSystems}, {"tools", r.Tools, toolNames}} {
		if t.req != nil {
			all = append(all,
				words{t.field, "allOf", t.req.AllOf, t.allowed},
				words{t.field, "anyOf", t.req.AnyOf, t.allowed})
		}
	}
	for _, w := range all {
		for i, v := range w.values {
			if !slices.Contains(w.allowed, v) {
				return &fieldError{[]any{w.field, w.list, i}, fmt.Sprintf("%s is not %s", quote(v), orList(w.allowed))}
			}
		}
	}
	if p := r.Ports; p != nil {
		for _, l := range []struct {
			name  string
			ports []int
		}{{"tcp", p.TCP}, {"udp", p.UDP}} {
			for i, port := range l.ports {
				if port < 1 || port > 65535 {
					return &fieldError{[]any{"ports", l.name, i}, fmt.Sprintf("%d is not a port (1 to 65535)", port)}
				}
			}
		}
	}
	if k := r.Kernel; k != nil {
		for _, l := range []struct {
			name string
			opts []KernelOption
		}{{"require", k.Require}, {"requireOnV1", k.RequireOnV1}, {"recommend", k.Recommend}} {
			for i, o := range l.opts {
				if msg := checkKernelOption(o); msg != "" {
					return &fieldError{[]any{"kernel", l.name, i}, msg}
				}
			}
		}
	}
	return nil
}

// checkKernelOption says what is wrong with a kernel option, or "".
func checkKernelOption(o KernelOption) string {
	for _, n := range o.Names() {
		if strings.HasPrefix(n, "CONFIG_") {
			return fmt.Sprintf("%s: write the option without CONFIG_", quote(n))
		}
		if !kernelName.MatchString(n) {
			return fmt.Sprintf("%s is not a kernel option (A-Z, 0-9 and _, without CONFIG_; NAME|ALIAS for one that was renamed)", quote(n))
		}
	}
	if s := o.String(); len(s) > maxWord {
		return fmt.Sprintf("is %d characters long; at most %d", len(s), maxWord)
	}
	return ""
}

// orList writes words as "a, b or c".
func orList(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " or " + words[len(words)-1]
}
