package rules

import (
	"github.com/kfit-dev/kfit/catalog"
	"github.com/kfit-dev/kfit/probe"
)

func checkContainer(h probe.Host, q *catalog.Condition) Check {
	c := Check{ID: CheckContainer, Want: "/dev/kmsg inside a container", Source: q.Cite.URL}
	env := h.Environment
	switch {
	case env.Kind == "":
		c.Verdict, c.Got = Warn, "unknown"
		c.Reason = "whether this is a container is unknown: " + h.Why("environment")
		return c
	case env.Kind != probe.EnvContainer:
		c.Verdict, c.Got, c.Reason = Pass, env.Kind, "not in a container"
		return c
	}
	c.Got = "container (" + orUnknown(env.Detail) + ")"
	switch {
	case h.Devices == nil:
		c.Verdict = Warn
		c.Reason = "in a container, and whether /dev/kmsg is here is unknown: " + h.Why("devices")
		return c
	case h.Devices.Kmsg:
		c.Verdict, c.Got, c.Reason = Pass, c.Got+", /dev/kmsg", "in a container that passes /dev/kmsg through"
		return c
	}
	c.Verdict, c.Got = verdictOf(q.Verdict), c.Got+", no /dev/kmsg"
	c.Reason = "in a container without /dev/kmsg: the kubelet's OOM watcher cannot open it, and the kubelet does not start"
	fix := "give the container the host's /dev/kmsg"
	switch env.Detail {
	case "lxc", "lxd":
		fix = "in the container's LXC config: lxc.mount.entry = /dev/kmsg dev/kmsg none defaults,bind,create=file (LXD: a unix-char device for /dev/kmsg), then restart it"
	case "docker", "podman":
		fix = "run the container with --device /dev/kmsg (and, for a kubelet, --privileged)"
	}
	return fixable(c, fix)
}
