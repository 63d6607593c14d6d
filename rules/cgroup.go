package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/kfit-dev/kfit/catalog"
	"github.com/kfit-dev/kfit/probe"
)

// v2Name maps a controller to its cgroup v2 name; "" for those v2 builds in
// (devices and freezer are not controllers on v2).
func v2Name(c string) string {
	switch c {
	case "cpuacct":
		return "cpu"
	case "blkio":
		return "io"
	case "devices", "freezer":
		return ""
	}
	return c
}

func checkCgroup(h probe.Host, q *catalog.CgroupReq) Check {
	c := Check{ID: CheckCgroup, Source: q.Cite.URL, Want: "cgroup v2"}
	if q.V1 == "ok" {
		c.Want = "cgroup v1 or v2"
	}
	if len(q.Require) > 0 {
		c.Want += " with " + strings.Join(q.Require, ", ")
	}
	cg := h.Cgroup
	if cg.Version == "" {
		c.Verdict, c.Got = Warn, "unknown"
		c.Reason = "the cgroup version is unknown: " + h.Why("cgroup")
		return c
	}
	have := usable(cg)
	if q.HostWide {
		have = notDisabled(cg, append(slices.Clone(q.Require), q.Recommend...))
	}
	c.Got = "v" + string(cg.Version)
	if cg.Version == probe.CgroupHybrid {
		c.Got = "hybrid (v1 controllers)"
	}
	ver := c.Got
	var present, missing, recommend []string
	for _, ctrl := range q.Require {
		if have[ctrl] {
			present = append(present, ctrl)
		} else {
			missing = append(missing, ctrl)
		}
	}
	for _, ctrl := range q.Recommend {
		if !have[ctrl] { // usable files blkio under io too
			recommend = append(recommend, ctrl)
		}
	}
	c.Verdict = Pass
	c.Reason = "every needed controller is usable"
	if len(present) > 0 {
		c.Got += " with " + strings.Join(present, ", ")
	}
	if len(missing) > 0 {
		c.Got += "; no " + strings.Join(missing, ", ")
	}
	if _, unknown := h.Missing["cgroup.controllers"]; unknown && !q.HostWide && !disabledAll(h.Cgroup, missing) {
		// Not read, rather than not there.
		c.Verdict, c.Got = Warn, ver+" with unknown controllers"
		c.Reason = "the controllers of this process's cgroup are unknown: " + h.Why("cgroup.controllers")
		return c
	}
	if len(missing) > 0 {
		c.Verdict = Fail
		return controllerFix(h, c, missing)
	}
	if cg.Version != probe.CgroupV2 {
		c.Verdict, c.Source = verdictOf(q.V1), q.V1Cite.URL
		switch c.Verdict {
		case Fail:
			c.Reason = "this machine runs cgroup " + ver + ", and this release refuses cgroup v1 by default"
		case Warn:
			c.Reason = "this machine runs cgroup " + ver + ": Kubernetes keeps v1 in maintenance mode, and kubelets from 1.35 refuse it by default"
		}
		if c.Verdict != Pass {
			fix := "move to cgroup v2: " + cmdlineFix(h, "systemd.unified_cgroup_hierarchy=1")
			if q.V1OptOut != "" {
				fix += "; or, to stay on cgroup v1 (deprecated, and to be removed from Kubernetes): " + q.V1OptOut
			}
			return fixable(c, fix)
		}
	}
	if len(recommend) > 0 {
		c.Verdict = Warn
		c.Reason = "optional controllers missing: " + strings.Join(recommend, ", ")
	}
	return c
}

// notDisabled is the set of the controllers named that the kernel has not
// switched off: what a container runtime's cgroup can have.
func notDisabled(cg probe.Cgroup, ctrls []string) map[string]bool {
	have := map[string]bool{}
	for _, ctrl := range ctrls {
		have[ctrl] = !slices.Contains(cg.Disabled, ctrl) && !slices.Contains(cg.Disabled, v1Name(ctrl))
	}
	return have
}

// v1Name maps a cgroup v2 controller to its v1 name where they differ.
func v1Name(c string) string {
	if c == "io" {
		return "blkio"
	}
	return c
}

// disabledAll says whether the kernel has switched off every one of the
// controllers (a fact /proc/cgroups gives, whatever the cgroup says).
func disabledAll(cg probe.Cgroup, ctrls []string) bool {
	for _, ctrl := range ctrls {
		if !slices.Contains(cg.Disabled, ctrl) {
			return false
		}
	}
	return true
}

// usable is the set of controllers usable in this process's cgroup, under
// their v1 and v2 names alike.
func usable(cg probe.Cgroup) map[string]bool {
	have := map[string]bool{}
	for _, ctrl := range cg.Controllers {
		have[ctrl] = true
		if cg.Version == probe.CgroupV2 || cg.Version == probe.CgroupHybrid {
			have[v2Name(ctrl)] = true
		} else if ctrl == "blkio" {
			have["io"] = true
		}
	}
	return have
}

// controllerFix explains missing controllers: disabled in the kernel (a boot
// option turns them on), or not delegated to this process's cgroup.
func controllerFix(h probe.Host, c Check, missing []string) Check {
	var disabled, undelegated []string
	for _, m := range missing {
		if slices.Contains(h.Cgroup.Disabled, m) {
			disabled = append(disabled, m)
		} else {
			undelegated = append(undelegated, m)
		}
	}
	switch {
	case len(disabled) > 0:
		c.Reason = "the kernel has disabled the " + strings.Join(disabled, ", ") + " controller"
		if slices.Contains(disabled, "memory") {
			txt := h.Boot.CmdlineTxt
			if strings.Contains(txt, "cgroup_enable=memory") && strings.Contains(txt, "cgroup_memory=1") {
				c.Reason += fmt.Sprintf("; %s already asks for it, so the running kernel overrides it", h.Boot.CmdlineTxtPath)
				return fixable(c, upgradeFix(h))
			}
			return fixable(c, cmdlineFix(h, "cgroup_memory=1 cgroup_enable=memory"))
		}
		return fixable(c, cmdlineFix(h, "cgroup_enable="+strings.Join(disabled, ",")))
	case h.Environment.Kind == probe.EnvContainer:
		c.Reason = fmt.Sprintf("%s not delegated to this container's cgroup %s", strings.Join(undelegated, ", "), h.Cgroup.Path)
		return fixable(c, "run the container with the controllers delegated (a privileged container, or --cgroupns=private on a cgroup v2 host)")
	default:
		c.Reason = fmt.Sprintf("%s not usable in this process's cgroup %s", strings.Join(undelegated, ", "), orUnknown(h.Cgroup.Path))
		return fixable(c, "run as root from the host's root cgroup, or delegate the controllers (systemd: Delegate=yes on the service that starts it)")
	}
}
