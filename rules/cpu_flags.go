package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/kfit-dev/kfit/catalog"
	"github.com/kfit-dev/kfit/probe"
)

// checkCPUFlags checks the CPU feature flags a role needs on this
// architecture (Talos: x86-64-v2 on amd64).
func checkCPUFlags(h probe.Host, q *catalog.FlagsReq) Check {
	need := q.Arch[h.OS.Arch]
	c := Check{ID: CheckCPUFlags, Source: q.Cite.URL, Want: q.Level + ": " + strings.Join(need, " ")}
	switch {
	case h.OS.Arch == "":
		c.Verdict, c.Got, c.Reason = Warn, "unknown", "the architecture is unknown: "+h.Why("os.arch")
		return c
	case len(need) == 0:
		c.Verdict, c.Got, c.Want, c.Reason = Pass, h.OS.Arch, "none on "+h.OS.Arch, "no CPU flags are needed on "+h.OS.Arch
		return c
	case len(h.CPU.Flags) == 0:
		c.Verdict, c.Got, c.Reason = Warn, "unknown", "the CPU flags are unknown: "+h.Why("cpu.model")
		return c
	}
	var missing []string
	for _, f := range need {
		if !slices.Contains(h.CPU.Flags, f) {
			missing = append(missing, f)
		}
	}
	if len(missing) == 0 {
		c.Verdict, c.Got, c.Reason = Pass, "all present", "the CPU is "+q.Level
		return c
	}
	c.Verdict, c.Got = Fail, "missing "+strings.Join(missing, " ")
	c.Reason = fmt.Sprintf("the CPU (%s) is not %s: it lacks %s", orUnknown(h.CPU.Model), q.Level, strings.Join(missing, ", "))
	return hardware(c)
}
