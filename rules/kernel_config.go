package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/kfit-dev/kfit/catalog"
	"github.com/kfit-dev/kfit/probe"
)

func checkKernel(h probe.Host, q *catalog.KernelReq) Check {
	c := Check{ID: CheckKernel, Source: q.Cite.URL}
	need := slices.Clone(q.Require)
	if h.Cgroup.Version == probe.CgroupV1 || h.Cgroup.Version == probe.CgroupHybrid {
		need = append(need, q.RequireOnV1...)
	}
	c.Want = fmt.Sprintf("%d options", len(need))
	// An option is had when any of its names is set; known when any of
	// them was looked for.
	hasAny := func(opt catalog.KernelOption) (has, known bool) {
		for _, name := range opt.Names() {
			h1, k1 := h.Kernel.Has(name)
			has, known = has || h1, known || k1
		}
		return has, known
	}
	var missing, unknown []string
	for _, opt := range need {
		switch has, known := hasAny(opt); {
		case has:
		case known:
			missing = append(missing, opt.String())
		default:
			unknown = append(unknown, opt.String())
		}
	}
	var optional []string
	for _, opt := range q.Recommend {
		if has, known := hasAny(opt); known && !has {
			optional = append(optional, opt.String())
		}
	}
	src := h.Kernel.Config
	if src == "" {
		src = "no config; modules only"
	}
	c.Got = fmt.Sprintf("%d of %d found (%s)", len(need)-len(missing)-len(unknown), len(need), src)
	if len(optional) > 0 {
		c.Got = fmt.Sprintf("%d of %d required found, %d optional missing (%s)", len(need)-len(missing)-len(unknown), len(need), len(optional), src)
	}
	switch {
	case len(missing) > 0:
		c.Verdict = Fail
		c.Reason = "the kernel lacks " + configNames(missing)
		if fix := kernelModulesExtra(h); fix != "" {
			return fixable(c, fix+" (or boot a kernel built with them)")
		}
		return fixable(c, "boot a kernel built with "+configNames(missing))
	case len(unknown) > 0:
		c.Verdict = Warn
		c.Reason = fmt.Sprintf("%d options could not be checked: %s", len(unknown), h.Why("kernel.config"))
		return c
	case len(optional) > 0:
		c.Verdict = Warn
		c.Reason = "optional options missing: " + configNames(optional)
		return c
	}
	c.Verdict, c.Reason = Pass, "every needed option is built in or a module"
	return c
}

// kernelModulesExtra installs the modules a distribution kernel leaves out of
// its base package: Ubuntu's linux-modules-extra (Debian's own kernel
// packages carry every module, and have no such package), and the
// kernel-modules-extra of Fedora and the RHEL rebuilds.
func kernelModulesExtra(h probe.Host) string {
	switch {
	case osIs(h, "ubuntu"):
		return "sudo apt install linux-modules-extra-$(uname -r)"
	case osIs(h, "fedora", "rhel", "centos", "rocky", "almalinux") && h.OS.ID != "ol" && h.OS.ID != "amzn":
		// Not Oracle Linux, whose default UEK kernel has its own
		// package, nor Amazon Linux, whose kernels kfit has not checked.
		return "sudo dnf install kernel-modules-extra"
	}
	return ""
}

// configNames names kernel options as a config file does, an option known
// under two names as "CONFIG_A (or CONFIG_B)".
func configNames(opts []string) string {
	names := make([]string, len(opts))
	for i, o := range opts {
		names[i] = "CONFIG_" + strings.ReplaceAll(o, "|", " (or CONFIG_")
		if n := strings.Count(o, "|"); n > 0 {
			names[i] += strings.Repeat(")", n)
		}
	}
	return strings.Join(names, ", ")
}
