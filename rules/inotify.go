package rules

import (
	"fmt"
	"strconv"

	"github.com/kfit-dev/kfit/catalog"
	"github.com/kfit-dev/kfit/probe"
)

func checkInotify(h probe.Host, q *catalog.InotifyCond) Check {
	c := Check{ID: CheckInotify, Source: q.Cite.URL,
		Want: fmt.Sprintf("max_user_instances ≥ %d, max_user_watches ≥ %d", q.Instances, q.Watches)}
	inst, err1 := sysctlInt(h, probe.SysctlInotifyInstances)
	watch, err2 := sysctlInt(h, probe.SysctlInotifyWatches)
	if err1 != "" || err2 != "" {
		c.Verdict, c.Got = Warn, "unknown"
		c.Reason = "the inotify limits are unknown: " + err1 + err2
		return c
	}
	c.Got = fmt.Sprintf("max_user_instances %d, max_user_watches %d", inst, watch)
	if inst >= q.Instances && watch >= q.Watches {
		c.Verdict, c.Reason = Pass, "the inotify limits are high enough"
		return c
	}
	c.Verdict = verdictOf(q.Verdict)
	c.Reason = "the inotify limits are low: every node container shares them, and pods fail with \"too many open files\""
	return fixable(c, fmt.Sprintf("printf 'fs.inotify.max_user_instances = %d\\nfs.inotify.max_user_watches = %d\\n' | sudo tee /etc/sysctl.d/99-inotify.conf && sudo sysctl --system",
		max(q.Instances, inst), max(q.Watches, watch)))
}

// sysctlInt reads a numeric sysctl, or says why it is unknown.
func sysctlInt(h probe.Host, name string) (int, string) {
	if h.Sysctl != nil {
		if v, ok := h.Sysctl.Values[name]; ok {
			n, err := strconv.Atoi(v)
			if err != nil {
				return 0, fmt.Sprintf("%s is %q, not a number; ", name, v)
			}
			return n, ""
		}
	}
	why := h.Why("sysctl." + name)
	if h.Sysctl == nil {
		if r, ok := h.Missing["sysctl"]; ok {
			why = r
		}
	}
	return 0, name + ": " + why + "; "
}
