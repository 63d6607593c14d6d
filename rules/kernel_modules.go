package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/kfit-dev/kfit/probe"
)

func checkKernelModules(h probe.Host, s subject) Check {
	q := s.distro.Conditions.KernelModules
	c := Check{ID: CheckKernelModules, Want: "a module file for every required option built as a module", Source: q.Cite.URL}
	need := slices.Clone(s.role.Kernel.Require)
	if h.Cgroup.Version == probe.CgroupV1 || h.Cgroup.Version == probe.CgroupHybrid {
		need = append(need, s.role.Kernel.RequireOnV1...)
	}
	// The modules of the required options the config builds as modules
	// ("m"), and not loaded or built in already.
	var modules []string
	for _, opt := range need {
		for _, name := range opt.Names() {
			m := probe.KernelOptions[name]
			if h.Kernel.Options[name] != "m" || m == "" || h.Kernel.Modules[m] != "" || slices.Contains(modules, m) {
				continue
			}
			modules = append(modules, m)
		}
	}
	if h.Kernel.Config == "" {
		c.Verdict, c.Got = Warn, "unknown"
		c.Reason = "which options are modules is unknown: " + h.Why("kernel.config")
		return c
	}
	if len(modules) == 0 {
		c.Verdict, c.Got, c.Reason = Pass, "none needed", "every required option is built in, or its module is loaded"
		return c
	}
	f := h.ModuleFiles
	if f == nil {
		c.Verdict, c.Got = Warn, "unknown"
		c.Reason = plural(len(modules), "required module") + " (" + strings.Join(modules, ", ") + ") could not be looked for: " + h.Why("moduleFiles")
		return c
	}
	fix := install(h, map[string]string{apt: "sudo apt install linux-modules-extra-$(uname -r) (on a Raspberry Pi with Ubuntu: linux-modules-extra-raspi)", dnf: "sudo dnf install kernel-modules-extra"})
	if f.Tree == "" {
		c.Verdict, c.Got = verdictOf(q.Verdict), "no module tree for "+h.OS.KernelVersion
		c.Reason = "the running kernel " + h.OS.KernelVersion + " has no module directory (/lib/modules/" + h.OS.KernelVersion + "): " + strings.Join(modules, ", ") + " cannot load"
		return fixable(c, "reboot into the kernel whose modules are installed, or reinstall the modules of this one")
	}
	var absent []string
	for _, m := range modules {
		if !f.Present[m] {
			absent = append(absent, m)
		}
	}
	c.Got = fmt.Sprintf("%d of %d modules in %s", len(modules)-len(absent), len(modules), f.Tree)
	if len(absent) == 0 {
		c.Verdict, c.Reason = Pass, "every required module has its file in "+f.Tree
		return c
	}
	c.Verdict = verdictOf(q.Verdict)
	c.Reason = "the config builds them as modules, but " + f.Tree + " has no file for " + strings.Join(absent, ", ") + " (flannel: \"operation not supported\")"
	if fix == "" {
		fix = "install the kernel package that carries " + strings.Join(absent, ", ")
	}
	return fixable(c, fix)
}
