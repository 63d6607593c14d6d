package rules

import (
	"math"

	"github.com/kfit-dev/kfit/catalog"
	"github.com/kfit-dev/kfit/probe"
)

// Headroom is the memory left for workloads once a role runs: the effective
// memory, less what the OS uses now, less the role's published footprint.
// What the OS uses is the host's MemTotal - MemAvailable, or, where a
// cgroup limit is the effective memory, that cgroup's own working set: the
// host's other containers use the host's memory, not this limit.
type Headroom struct {
	LeftBytes  *float64 `json:"leftBytes,omitempty"`
	OSUseBytes *float64 `json:"osUseBytes,omitempty"`
	// OSUseFrom says where OSUseBytes comes from: OSUseMeminfo or
	// OSUseCgroup.
	OSUseFrom      string   `json:"osUseFrom,omitempty"`
	FootprintBytes *float64 `json:"footprintBytes,omitempty"`
	FootprintCPU   *float64 `json:"footprintCPU,omitempty"`
	// LeftAtMostBytes is, where no footprint is published but a lower
	// bound is (catalog footprint.atLeast), the most the role can leave.
	LeftAtMostBytes *float64 `json:"leftAtMostBytes,omitempty"`
	// Footprint says where the footprint comes from, or why there is none.
	Footprint string `json:"footprint,omitempty"`
	Source    string `json:"source,omitempty"`
}

// headroom is what a role leaves for workloads on the host (see Headroom).
func headroom(h probe.Host, r catalog.Role) Headroom {
	var hr Headroom
	m := h.Memory
	osUse := 0.0
	known := true // whether what is in use can be told where it matters
	switch {
	case cgroupLimited(m):
		if m.CgroupUsageBytes > 0 {
			osUse = float64(m.CgroupUsageBytes)
			hr.OSUseBytes, hr.OSUseFrom = &osUse, OSUseCgroup
		} else {
			// The host's figure would count every other container's
			// memory against this limit: unknown, not that.
			known = false
		}
	case m.AvailableBytes > 0 && m.AvailableBytes <= m.TotalBytes:
		osUse = float64(m.TotalBytes - m.AvailableBytes)
		hr.OSUseBytes, hr.OSUseFrom = &osUse, OSUseMeminfo
	}
	f := r.Footprint
	switch {
	case f == nil:
		hr.Footprint = "no footprint in the catalog"
	case f.Unknown != "":
		hr.Footprint = "unknown: " + f.Unknown
		if f.AtLeastBytes > 0 && m.EffectiveBytes > 0 && known {
			hr.Source = f.Cite.URL
			hr.LeftAtMostBytes = finite(float64(m.EffectiveBytes) - osUse - f.AtLeastBytes)
		}
	default:
		hr.Footprint, hr.Source = f.Conditions, f.Cite.URL
		if f.MemoryBytes > 0 {
			v := f.MemoryBytes
			hr.FootprintBytes = &v
		} else {
			hr.Footprint = "no memory figure: " + f.Conditions
		}
		if f.CPU > 0 {
			v := f.CPU
			hr.FootprintCPU = &v
		}
	}
	if m.EffectiveBytes > 0 && hr.FootprintBytes != nil && known {
		hr.LeftBytes = finite(float64(m.EffectiveBytes) - osUse - *hr.FootprintBytes)
	}
	return hr
}

// Where Headroom.OSUseBytes comes from.
const (
	OSUseMeminfo = "meminfo" // the host's MemTotal - MemAvailable
	OSUseCgroup  = "cgroup"  // the working set of the cgroup whose limit is the effective memory
)

// cgroupLimited says whether a cgroup limit, below the installed RAM, is
// the effective memory.
func cgroupLimited(m probe.Memory) bool {
	return m.LimitBytes > 0 && m.LimitBytes == m.EffectiveBytes && (m.InstalledBytes == 0 || m.LimitBytes < m.InstalledBytes)
}

// above is the effective memory and CPUs above what the role asks (its
// recommendation, or its minimum where the docs recommend nothing); nil when
// a fact is unknown or the docs ask nothing.
func above(h probe.Host, r catalog.Role) (bytes, cpus *float64) {
	if h.Memory.EffectiveBytes > 0 && r.Memory != nil {
		bytes = finite(float64(h.Memory.EffectiveBytes) - wanted(r.Memory))
	}
	if h.CPU.Effective > 0 && r.CPUs != nil {
		cpus = finite(h.CPU.Effective - wanted(r.CPUs))
	}
	return bytes, cpus
}

// wanted is what a role asks: the recommendation, else the minimum, else 0.
func wanted(q *catalog.Requirement) float64 {
	if q == nil {
		return 0
	}
	return max(q.MinValue, q.RecommendedValue)
}

// finite returns v, or nil (unknown) when v is NaN or infinite: JSON has no
// such numbers, and a figure computed from an absurd fact is not known.
func finite(v float64) *float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return &v
}
