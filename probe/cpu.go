package probe

import (
	"bufio"
	"io"
	"strconv"
	"strings"
)

// CPUInfo is what /proc/cpuinfo tells of the processors.
type CPUInfo struct {
	Processors int      // "processor" entries: the logical CPUs
	Model      string   // the first processor's model name
	Flags      []string // the first processor's "flags" (x86) or "Features" (ARM)
	// Cores sums "cpu cores" over the distinct "physical id"s (x86); 0 when
	// the file does not say.
	Cores int
}

// maxCPUInfoBytes bounds how much of cpuinfo is read: about 1.5 KB a CPU on
// x86, so 16 MiB is thousands of CPUs, and a hostile file stops there.
const maxCPUInfoBytes = 16 << 20

// armParts names ARM Ltd's cores by the "CPU part" cpuinfo gives (the part
// number field of MIDR_EL1), for the kernels whose model name says only
// "ARMv7 Processor rev 4 (v7l)" or nothing.
var armParts = map[uint64]string{
	0xb36: "ARM1136", 0xb56: "ARM1156", 0xb76: "ARM1176", 0xb02: "ARM11 MPCore",
	0xc05: "Cortex-A5", 0xc07: "Cortex-A7", 0xc08: "Cortex-A8", 0xc09: "Cortex-A9",
	0xc0d: "Cortex-A12", 0xc0e: "Cortex-A17", 0xc0f: "Cortex-A15",
	0xd01: "Cortex-A32", 0xd03: "Cortex-A53", 0xd04: "Cortex-A35", 0xd05: "Cortex-A55",
	0xd07: "Cortex-A57", 0xd08: "Cortex-A72", 0xd09: "Cortex-A73", 0xd0a: "Cortex-A75",
	0xd0b: "Cortex-A76", 0xd0c: "Neoverse-N1", 0xd0d: "Cortex-A77", 0xd40: "Neoverse-V1",
	0xd41: "Cortex-A78", 0xd44: "Cortex-X1", 0xd46: "Cortex-A510", 0xd47: "Cortex-A710",
	0xd49: "Neoverse-N2", 0xd4f: "Neoverse-V2",
}

// ParseCPUInfo reads /proc/cpuinfo in one pass.
func ParseCPUInfo(r io.Reader) (CPUInfo, error) {
	var ci CPUInfo
	sc := bufio.NewScanner(bounded(r, maxCPUInfoBytes))
	sc.Buffer(make([]byte, 0, 4096), 1<<16)
	var model, armModel string
	armCPU := false
	cores := map[string]int{} // physical id -> cpu cores
	physID, coreCount := "", -1
	endSection := func() {
		if physID != "" && coreCount > 0 {
			cores[physID] = coreCount
		}
		physID, coreCount = "", -1
	}
	for sc.Scan() {
		key, val, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			if strings.TrimSpace(key) == "" {
				endSection()
			}
			continue
		}
		key, val = strings.TrimSpace(key), strings.TrimSpace(val)
		switch key {
		case "processor":
			if _, err := strconv.Atoi(val); err == nil {
				ci.Processors++
			}
		case "model name", "Processor":
			if model == "" {
				model = val
			}
		case "flags", "Features":
			if ci.Flags == nil {
				ci.Flags = strings.Fields(val)
			}
		case "physical id":
			physID = val
		case "cpu cores":
			if n, err := strconv.Atoi(val); err == nil {
				coreCount = n
			}
		case "CPU implementer":
			armCPU = val == "0x41" // ARM Ltd
		case "CPU part":
			if n, err := strconv.ParseUint(val, 0, 16); err == nil && armCPU && armModel == "" {
				armModel = armParts[n]
			}
		}
	}
	endSection()
	if err := sc.Err(); err != nil {
		return CPUInfo{}, err
	}
	ci.Model = model
	if armModel != "" {
		ci.Model = armModel // "Cortex-A53" says more than "ARMv7 Processor rev 4 (v7l)"
	}
	for _, n := range cores {
		ci.Cores += n
	}
	return ci, nil
}

// CPU counts processors, and what this process may use of them.
type CPU struct {
	Logical  int    `json:"logical,omitempty"`  // logical CPUs in /proc/cpuinfo, what the kubelet counts
	Physical int    `json:"physical,omitempty"` // physical cores, when the topology tells
	Model    string `json:"model,omitempty"`
	// Flags are the CPU feature flags of the first CPU (x86 "flags", ARM
	// "Features"): vmx/svm for virtualization, lm for 64-bit, ...
	Flags    []string `json:"flags,omitempty"`
	Online   int      `json:"online,omitempty"`   // /sys/devices/system/cpu/online
	Affinity int      `json:"affinity,omitempty"` // CPUs this process may run on (Cpus_allowed_list)
	// Quota is the tightest CFS quota on the way from this process's cgroup
	// to the root, in CPUs (1.5 = one and a half); absent when unlimited.
	Quota *float64 `json:"quota,omitempty"`
	// Effective is the smallest of Logical, Online, Affinity and Quota.
	Effective float64 `json:"effective,omitempty"`
}
