package rules

import (
	"fmt"
	"math"
	"strings"

	"github.com/kfit-dev/kfit/catalog"
	"github.com/kfit-dev/kfit/internal/units"
	"github.com/kfit-dev/kfit/probe"
)

// Upgrade is the smallest hardware change that makes a role fit.
type Upgrade struct {
	MoreMemoryBytes  float64 `json:"moreMemoryBytes,omitempty"`
	TotalMemoryBytes float64 `json:"totalMemoryBytes,omitempty"`
	MoreCPUs         float64 `json:"moreCPUs,omitempty"`
	TotalCPUs        float64 `json:"totalCPUs,omitempty"`
}

// upgradeStep is the unit RAM is suggested in: nobody buys 0.93 GB.
const upgradeStep = 512 << 20

// upgrade suggests more RAM or CPUs for a role whose only unfixable
// failures are the memory, CPU and --reserve checks.
func upgrade(h probe.Host, r catalog.Role, res Result, reserve uint64) *Upgrade {
	var up Upgrade
	addMemory := func(need float64) {
		up.MoreMemoryBytes = max(up.MoreMemoryBytes, math.Ceil(need/upgradeStep)*upgradeStep)
	}
	for _, c := range res.Checks {
		if c.Verdict != Fail || (c.Fixable != nil && *c.Fixable) {
			continue
		}
		switch {
		case c.ID == CheckMemory && r.Memory != nil:
			need := r.Memory.MinValue - float64(h.Memory.EffectiveBytes)
			if r.Memory.MinOfMemTotal && h.Memory.TotalBytes > 0 {
				// More RAM raises MemTotal by as much.
				need = max(need, r.Memory.MinValue-float64(h.Memory.TotalBytes))
			}
			addMemory(need)
		case c.ID == CheckReserve && res.Headroom.LeftBytes != nil:
			addMemory(float64(reserve) - *res.Headroom.LeftBytes)
		case c.ID == CheckCPU && r.CPUs != nil:
			more := math.Ceil(r.CPUs.MinValue - h.CPU.Effective)
			up.MoreCPUs, up.TotalCPUs = more, h.CPU.Effective+more
		default:
			return nil // something else no upgrade of RAM or CPUs fixes
		}
	}
	if up.MoreMemoryBytes > 0 {
		up.TotalMemoryBytes = float64(h.Memory.InstalledBytes) + up.MoreMemoryBytes
	}
	if up == (Upgrade{}) {
		return nil
	}
	return &up
}

// String says the upgrade in words: "1 GiB more RAM (2 GiB in all)".
func (u Upgrade) String() string {
	var parts []string
	if u.MoreMemoryBytes > 0 {
		parts = append(parts, fmt.Sprintf("%s more RAM (%s in all)", units.Bytes(u.MoreMemoryBytes), units.Bytes(u.TotalMemoryBytes)))
	}
	if u.MoreCPUs > 0 {
		parts = append(parts, fmt.Sprintf("%s more (%s in all)", cpus(u.MoreCPUs), cpus(u.TotalCPUs)))
	}
	return strings.Join(parts, " and ")
}
