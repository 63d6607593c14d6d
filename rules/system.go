package rules

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/kfit-dev/kfit/catalog"
	"github.com/kfit-dev/kfit/internal/units"
	"github.com/kfit-dev/kfit/probe"
)

// Check ids of the software and kernel prerequisites.
const (
	CheckCgroup  = "cgroup"
	CheckKernel  = "kernel-config"
	CheckSwap    = "swap"
	CheckRuntime = "runtime"
	CheckPorts   = "ports"
	CheckStorage = "storage"
)

func verdictOf(s string) Verdict {
	switch s {
	case "fail":
		return Fail
	case "warn":
		return Warn
	}
	return Pass
}

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
	v2 := cg.Version == probe.CgroupV2
	have := map[string]bool{}
	for _, ctrl := range cg.Controllers {
		have[ctrl] = true
		if v2 || cg.Version == probe.CgroupHybrid {
			have[v2Name(ctrl)] = true
		} else if ctrl == "blkio" {
			have["io"] = true
		}
	}
	c.Got = "v" + string(cg.Version)
	if cg.Version == probe.CgroupHybrid {
		c.Got = "hybrid (v1 controllers)"
	}
	ver := c.Got
	var missing, recommend []string
	for _, ctrl := range q.Require {
		if !have[ctrl] {
			missing = append(missing, ctrl)
		}
	}
	for _, ctrl := range q.Recommend {
		if !have[ctrl] && !(ctrl == "io" && have["blkio"]) {
			recommend = append(recommend, ctrl)
		}
	}
	c.Verdict = Pass
	c.Reason = "every needed controller is usable"
	if len(q.Require) > 0 {
		var present []string
		for _, ctrl := range q.Require {
			if have[ctrl] {
				present = append(present, ctrl)
			}
		}
		c.Got += " with " + orNone(strings.Join(present, ", "))
		if len(missing) > 0 {
			c.Got += "; no " + strings.Join(missing, ", ")
		}
	}
	if len(missing) > 0 {
		c.Verdict = Fail
		c = controllerFix(h, c, missing)
		return c
	}
	if !v2 {
		c.Verdict = verdictOf(q.V1)
		c.Source = q.V1Cite.URL
		switch c.Verdict {
		case Fail:
			c.Reason = "this machine runs cgroup " + ver + ", and this role requires cgroup v2"
		case Warn:
			c.Reason = "this machine runs cgroup " + ver + ": Kubernetes keeps v1 in maintenance mode, and kubelets from 1.35 refuse it by default"
		}
		if c.Verdict != Pass {
			return fixable(c, cmdlineFix(h, "systemd.unified_cgroup_hierarchy=1"))
		}
	}
	if len(recommend) > 0 {
		c.Verdict = Warn
		c.Reason = "optional controllers missing: " + strings.Join(recommend, ", ")
	}
	return c
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
				return fixable(c, "update the kernel and firmware (sudo apt update && sudo apt full-upgrade), reboot, and check /proc/cgroups again")
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

func orNone(s string) string {
	if s == "" {
		return "none of them"
	}
	return s
}

func orUnknown(s string) string {
	if s == "" {
		return "(unknown)"
	}
	return s
}

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
	switch {
	case len(missing) > 0:
		c.Verdict = Fail
		c.Reason = "the kernel lacks CONFIG_" + strings.Join(missing, ", CONFIG_")
		if fix := install(h, kernelModulesExtra); fix != "" {
			return fixable(c, fix+" (or boot a kernel built with them)")
		}
		return fixable(c, "boot a kernel built with CONFIG_"+strings.Join(missing, ", CONFIG_"))
	case len(unknown) > 0:
		c.Verdict = Warn
		c.Reason = fmt.Sprintf("%d options could not be checked: %s", len(unknown), h.Why("kernel.config"))
		return c
	case len(optional) > 0:
		c.Verdict = Warn
		c.Reason = "optional options missing: CONFIG_" + strings.Join(optional, ", CONFIG_")
		return c
	}
	c.Verdict, c.Reason = Pass, "every needed option is built in or a module"
	return c
}

func checkSwap(h probe.Host, q *catalog.SwapReq) Check {
	c := Check{ID: CheckSwap, Source: q.Cite.URL, Want: "no swap"}
	if h.Memory.SwapBytes == nil {
		c.Verdict, c.Got = Warn, "unknown"
		c.Reason = "swap is unknown: " + h.Why("memory")
		return c
	}
	c.Got = units.Bytes(float64(*h.Memory.SwapBytes))
	if *h.Memory.SwapBytes == 0 {
		c.Verdict, c.Reason = Pass, "no swap"
		return c
	}
	c.Verdict = verdictOf(q.Verdict)
	if c.Verdict == Fail {
		c.Reason = "swap is on, and the kubelet refuses to start with swap by default"
	} else {
		c.Reason = "swap is on; the kubelet tolerates it (failSwapOn: false), but pods' memory limits and evictions assume no swap"
	}
	fix := "sudo swapoff -a, and comment out the swap lines in /etc/fstab"
	if h.OS.ID == "raspbian" || h.Boot.RaspberryPi != "" {
		fix = "sudo dphys-swapfile swapoff && sudo systemctl disable dphys-swapfile"
	}
	return fixable(c, fix)
}

// toolState says whether a named runtime or tool is usable: yes, no, partly
// (present but its daemon's socket is missing), or unknown.
func toolState(h probe.Host, name string) (state, detail string) {
	rt := h.Runtime
	if rt.Init == "" && rt.Tools == nil && rt.KVM == nil {
		return "unknown", "the software was not probed"
	}
	virt := slices.Contains(h.CPU.Flags, "vmx") || slices.Contains(h.CPU.Flags, "svm")
	switch name {
	case "systemd", "openrc":
		if rt.Init == "" {
			return "unknown", "the init system is unknown: " + h.Why("runtime.init")
		}
		if rt.Init == name {
			return "yes", name + " is the init system"
		}
		return "no", "the init system is " + orUnknown(rt.Init)
	case "snap":
		if t, ok := rt.Tools["snap"]; ok {
			return "yes", "snapd: " + t.Path + " " + t.Socket
		}
		return "no", "no snap command and no /run/snapd.socket"
	case "docker":
		t, ok := rt.Tools["docker"]
		switch {
		case ok && t.Path != "" && t.Socket != "":
			return "yes", "docker (" + t.Socket + ")"
		case ok && t.Path != "":
			return "partly", "docker is installed but its daemon socket was not found"
		}
		return "no", "no docker"
	case "podman":
		if t, ok := rt.Tools["podman"]; ok && t.Path != "" {
			return "yes", "podman (" + t.Path + ")"
		}
		return "no", "no podman"
	case "kvm2":
		if len(h.CPU.Flags) == 0 {
			return "unknown", "the CPU flags are unknown"
		}
		if !virt {
			return "no", "no VT-x/AMD-V (vmx/svm) in the CPU flags"
		}
		if rt.KVM == nil || !*rt.KVM {
			return "no", "no /dev/kvm"
		}
		if _, ok := rt.Tools["virsh"]; !ok {
			return "partly", "VT-x and /dev/kvm, but no libvirt (virsh)"
		}
		return "yes", "kvm2 (VT-x, /dev/kvm, libvirt)"
	case "virtualbox":
		if _, ok := rt.Tools["VBoxManage"]; !ok {
			return "no", "no VirtualBox"
		}
		if !virt {
			return "partly", "VirtualBox without VT-x/AMD-V"
		}
		return "yes", "virtualbox"
	}
	return "unknown", "kfit does not know how to find " + name
}

func checkTools(h probe.Host, q *catalog.ToolsReq) Check {
	c := Check{ID: CheckRuntime, Source: q.Cite.URL}
	var want []string
	if len(q.AllOf) > 0 {
		want = append(want, strings.Join(q.AllOf, " and "))
	}
	if len(q.AnyOf) > 0 {
		want = append(want, "one of "+strings.Join(q.AnyOf, ", "))
	}
	c.Want = strings.Join(want, "; ")
	var found, lacking, partly, unknown []string
	for _, name := range q.AllOf {
		switch st, detail := toolState(h, name); st {
		case "yes":
			found = append(found, name)
		case "partly":
			partly = append(partly, detail)
		case "unknown":
			unknown = append(unknown, detail)
		default:
			lacking = append(lacking, name)
		}
	}
	if len(q.AnyOf) > 0 {
		var anyFound, anyPartly, anyUnknown []string
		for _, name := range q.AnyOf {
			st, detail := toolState(h, name)
			switch st {
			case "yes":
				anyFound = append(anyFound, name)
			case "partly":
				anyPartly = append(anyPartly, detail)
			case "unknown":
				anyUnknown = append(anyUnknown, detail)
			}
		}
		switch {
		case len(anyFound) > 0:
			found = append(found, anyFound...)
		case len(anyPartly) > 0:
			partly = append(partly, anyPartly...)
		case len(anyUnknown) > 0:
			unknown = append(unknown, anyUnknown...)
		default:
			lacking = append(lacking, "any of "+strings.Join(q.AnyOf, ", "))
		}
	}
	c.Got = strings.Join(found, ", ")
	if c.Got == "" {
		c.Got = "none"
		if slices.Contains(q.AnyOf, "systemd") {
			c.Got = "init " + orUnknown(h.Runtime.Init)
		}
	}
	switch {
	case len(lacking) > 0:
		c.Verdict = verdictOf(q.Missing)
		c.Reason = "missing: " + strings.Join(lacking, "; ")
		fixes := map[string]bool{}
		var fix []string
		for _, name := range append(slices.Clone(q.AllOf), q.AnyOf...) {
			if cmd := install(h, installTool[name]); cmd != "" && !fixes[cmd] && (slices.Contains(lacking, name) || len(q.AnyOf) > 0 && slices.Contains(q.AnyOf, name)) {
				fixes[cmd] = true
				fix = append(fix, cmd)
				if slices.Contains(q.AnyOf, name) {
					break // one driver is enough
				}
			}
		}
		if len(fix) > 0 {
			return fixable(c, strings.Join(fix, "; "))
		}
		if slices.Contains(lacking, "systemd") || strings.Contains(strings.Join(lacking, " "), "systemd") {
			c.Reason += " (the installer cannot set up a service; start it by hand)"
			return hardware(c)
		}
		return fixable(c, "install "+strings.Join(lacking, ", ")+" with your OS's package manager")
	case len(partly) > 0:
		c.Verdict, c.Reason = Warn, strings.Join(partly, "; ")
		if strings.Contains(c.Reason, "docker") {
			return fixable(c, "start the Docker daemon (sudo systemctl enable --now docker)")
		}
		return c
	case len(unknown) > 0:
		c.Verdict, c.Reason = Warn, "could not tell: "+strings.Join(slices.Compact(unknown), "; ")
		return c
	}
	c.Verdict, c.Reason = Pass, "found "+c.Got
	return c
}

func checkPorts(h probe.Host, q *catalog.PortsReq) Check {
	c := Check{ID: CheckPorts, Source: q.Cite.URL}
	var want []string
	for _, p := range q.TCP {
		want = append(want, strconv.Itoa(p)+"/tcp")
	}
	for _, p := range q.UDP {
		want = append(want, strconv.Itoa(p)+"/udp")
	}
	c.Want = strings.Join(want, " ") + " free"
	if h.Ports == nil {
		c.Verdict, c.Got = Warn, "unknown"
		c.Reason = "the sockets in use are unknown: " + h.Why("ports")
		return c
	}
	var taken []string
	for _, w := range want {
		if slices.Contains(h.Ports.Listening, w) {
			taken = append(taken, w)
		}
	}
	if len(taken) == 0 {
		c.Verdict, c.Got, c.Reason = Pass, "all free", "none of its ports is in use"
		return c
	}
	c.Verdict, c.Got = Fail, "in use: "+strings.Join(taken, " ")
	c.Reason = strings.Join(taken, ", ") + " already in use (by another service, or by an installed Kubernetes)"
	port := strings.Split(taken[0], "/")[0]
	return fixable(c, fmt.Sprintf("stop what listens there; find it with: sudo ss -lntup 'sport = :%s'", port))
}

func checkStorage(h probe.Host, q *catalog.StorageReq) Check {
	c := Check{ID: CheckStorage, Source: q.Cite.URL, Want: "not on " + strings.Join(q.Avoid, " or ")}
	media := map[string]string{"ssd": "an SSD", "hdd": "a rotating disk", "sd": "an SD card or eMMC"}
	if h.Disk.Media == "" {
		c.Verdict, c.Got = Warn, "unknown"
		if h.Disk.FSType != "" {
			c.Got = h.Disk.FSType + ", unknown media"
		}
		c.Reason = "the disk under " + orUnknown(h.Disk.Path) + " is unknown: " + h.Why("disk.media")
		return c
	}
	c.Got = fmt.Sprintf("%s on %s (%s)", h.Disk.FSType, h.Disk.Device, h.Disk.Media)
	if slices.Contains(q.Avoid, h.Disk.Media) {
		c.Verdict = Warn
		c.Reason = fmt.Sprintf("%s is on %s; the docs advise an SSD for its datastore", h.Disk.Path, media[h.Disk.Media])
		return fixable(c, "put /var/lib on an SSD (an external USB SSD on a Raspberry Pi)")
	}
	c.Verdict, c.Reason = Pass, h.Disk.Path+" is on "+media[h.Disk.Media]
	return c
}
