package rules

import (
	"slices"
	"strings"

	"github.com/kfit-dev/kfit/catalog"
	"github.com/kfit-dev/kfit/probe"
)

// checkRuntime judges the software a role needs on the machine: its init
// system and its tools (snapd, a minikube driver), as one check. Nothing is
// run: executables, sockets and /dev/kvm are what the probe found.
func checkRuntime(h probe.Host, r catalog.Role) (Check, bool) {
	var cs []Check
	for _, t := range []*catalog.ToolsReq{r.Init, r.Tools} {
		if t != nil {
			cs = append(cs, checkTools(h, t))
		}
	}
	if len(cs) == 0 {
		return Check{}, false
	}
	return mergeChecks(cs), true
}

// mergeChecks folds checks of one id into one: the worst verdict, every reason.
func mergeChecks(cs []Check) Check {
	out := cs[0]
	for _, c := range cs[1:] {
		out.Got += "; " + c.Got
		out.Want += "; " + c.Want
		if c.Verdict.worse(out.Verdict) {
			out.Verdict, out.Reason, out.Source, out.Fixable, out.Fix = c.Verdict, c.Reason, c.Source, c.Fixable, c.Fix
		}
	}
	return out
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
	for _, t := range catalog.Tools() {
		if t.Name != name {
			continue
		}
		for _, exe := range t.Executables {
			if found, ok := rt.Tools[exe]; ok && found.Path != "" {
				return "yes", name + " (" + found.Path + ")"
			}
		}
		return "no", "no " + strings.Join(t.Executables, " or ")
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
	t := sortTools(h, q)
	c.Got = strings.Join(t.found, ", ")
	if c.Got == "" {
		c.Got = "none"
		if slices.Contains(q.AnyOf, "systemd") {
			c.Got = "init " + orUnknown(h.Runtime.Init)
		}
	}
	switch {
	case len(t.lacking) > 0:
		c.Verdict = verdictOf(q.Missing)
		c.Reason = "missing: " + strings.Join(t.lacking, "; ")
		return toolsFix(h, q, c, t.lacking)
	case len(t.partly) > 0:
		c.Verdict, c.Reason = Warn, strings.Join(t.partly, "; ")
		if strings.Contains(c.Reason, "docker") {
			if n := h.OS.Name; n == "darwin" || n == "windows" {
				return fixable(c, "start Docker Desktop (or the Docker engine you use)")
			}
			return fixable(c, "start the Docker daemon ("+serviceFix(h, true, "docker")+")")
		}
		return c
	case len(t.unknown) > 0:
		c.Verdict, c.Reason = Warn, "could not tell: "+strings.Join(slices.Compact(t.unknown), "; ")
		return c
	}
	c.Verdict, c.Reason = Pass, "found "+c.Got
	return c
}

// tools is what toolState said of a role's tools: the names found and
// lacking, and why the others are partly there or unknown.
type tools struct {
	found, lacking, partly, unknown []string
}

// sortTools asks toolState about every tool a role needs: each of AllOf,
// and one of AnyOf (found before partly before unknown).
func sortTools(h probe.Host, q *catalog.ToolsReq) tools {
	var t tools
	for _, name := range q.AllOf {
		t.add(h, name)
	}
	if len(q.AnyOf) == 0 {
		return t
	}
	var anyOf tools
	for _, name := range q.AnyOf {
		anyOf.add(h, name)
	}
	switch {
	case len(anyOf.found) > 0:
		t.found = append(t.found, anyOf.found...)
	case len(anyOf.partly) > 0:
		t.partly = append(t.partly, anyOf.partly...)
	case len(anyOf.unknown) > 0:
		t.unknown = append(t.unknown, anyOf.unknown...)
	default:
		t.lacking = append(t.lacking, "any of "+strings.Join(q.AnyOf, ", "))
	}
	return t
}

// add files a tool by what toolState says of it.
func (t *tools) add(h probe.Host, name string) {
	switch st, detail := toolState(h, name); st {
	case "yes":
		t.found = append(t.found, name)
	case "partly":
		t.partly = append(t.partly, detail)
	case "unknown":
		t.unknown = append(t.unknown, detail)
	default:
		t.lacking = append(t.lacking, name)
	}
}

// toolsFix says how to install what is lacking on this OS family: each
// lacking tool of AllOf, and the first of AnyOf that has a package.
func toolsFix(h probe.Host, q *catalog.ToolsReq, c Check, lacking []string) Check {
	var fix []string
	for _, name := range append(slices.Clone(q.AllOf), q.AnyOf...) {
		if !(slices.Contains(lacking, name) || slices.Contains(q.AnyOf, name)) {
			continue
		}
		cmd, ok := toolFix(h, name)
		if !ok && slices.Contains(q.AllOf, name) && cmd != "" {
			// A tool this machine cannot have: say why, not a command.
			return fixable(c, cmd)
		}
		if !ok || slices.Contains(fix, cmd) {
			continue
		}
		fix = append(fix, cmd)
		if slices.Contains(q.AnyOf, name) {
			break // one driver is enough
		}
	}
	if len(fix) > 0 {
		return fixable(c, strings.Join(fix, "; "))
	}
	if strings.Contains(strings.Join(lacking, " "), "systemd") {
		c.Reason += " (the installer cannot set up a service; start it by hand)"
		return hardware(c)
	}
	return fixable(c, "install "+strings.Join(lacking, ", ")+" with your OS's package manager")
}

// toolFix says how to install a tool on this machine and start its
// service with the init system it runs; ok is false when kfit knows no
// command for it here (then a non-empty text says why in words).
func toolFix(h probe.Host, name string) (fix string, ok bool) {
	fam := family(h)
	switch name {
	case "snap":
		// snapd runs its snaps' services and mounts as systemd units.
		if h.Runtime.Init != "" && h.Runtime.Init != "systemd" {
			return "snapd needs systemd, and this machine's init is " + h.Runtime.Init + ": use an OS with systemd and snapd (MicroK8s's docs use Ubuntu)", false
		}
		switch {
		case h.OS.ID == "amzn" || h.OS.ID == "ol":
			return "", false // like Fedora by os-release, but kfit knows no snapd package for them
		case fam == dnf && osIs(h, "fedora") && !osIs(h, "rhel", "centos"):
			return "sudo dnf install snapd && sudo ln -s /var/lib/snapd/snap /snap", true
		case fam == dnf && osIs(h, "rhel", "centos"):
			return "enable EPEL (sudo dnf install epel-release, or on RHEL the epel-release package from dl.fedoraproject.org), then sudo dnf install snapd && sudo systemctl enable --now snapd.socket && sudo ln -s /var/lib/snapd/snap /snap", true
		case fam == apt:
			return "sudo apt install snapd", true
		case fam == zypper:
			return "add the snappy repository, then sudo zypper install snapd && sudo systemctl enable --now snapd.socket", true
		case fam == pacman:
			return "install snapd from the AUR, then sudo systemctl enable --now snapd.socket", true
		}
		return "", false
	case "docker":
		switch fam {
		case apt:
			// Debian's docker.io starts its daemon as it installs.
			return "sudo apt install docker.io && sudo usermod -aG docker $USER", true
		case dnf:
			return "sudo dnf install podman", true // daemonless
		case apk:
			return "sudo apk add docker && " + serviceFix(h, true, "docker"), true
		case pacman:
			return "sudo pacman -S docker && " + serviceFix(h, true, "docker"), true
		case zypper:
			return "sudo zypper install docker && " + serviceFix(h, true, "docker"), true
		}
		return "", false
	case "podman":
		cmd := map[string]string{apt: "sudo apt install podman", dnf: "sudo dnf install podman", apk: "sudo apk add podman",
			pacman: "sudo pacman -S podman", zypper: "sudo zypper install podman"}[fam]
		return cmd, cmd != ""
	}
	return "", false
}
