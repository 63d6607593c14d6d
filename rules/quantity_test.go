package rules

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kfit-dev/kfit/probe"
)

// The CPU, memory and disk checks at and around their thresholds: the exact
// verdict, and the line a person reads (found, wanted, why).
func TestQuantityChecksAtTheirThresholds(t *testing.T) {
	cat := defaultCatalog(t)
	// ram sets the installed memory and MemTotal alike.
	ram := func(b uint64) probe.Host {
		return edited(func(h *probe.Host) { h.Memory.TotalBytes, h.Memory.InstalledBytes = b, b })
	}
	cpu := func(logical, physical, online, affinity int) probe.Host {
		return edited(func(h *probe.Host) {
			h.CPU = probe.CPU{Logical: logical, Physical: physical, Online: online, Affinity: affinity}
		})
	}
	tests := []struct {
		name                string
		host                probe.Host
		distro, role, id    string
		want                Verdict
		got, wanted, reason string
		fixable             *bool // nil: not set (pass or warn)
	}{
		// memory: k3s server needs 2 GB
		{"exactly 2 GB meets k3s server's 2 GB", ram(2e9), "k3s", "server", CheckMemory,
			Pass, "1.9 GiB installed", "≥ 2 GB", "has 1.9 GiB, meets the 2 GB minimum", nil},
		{"a byte less does not", ram(2e9 - 1), "k3s", "server", CheckMemory,
			Fail, "1.9 GiB installed", "≥ 2 GB", "needs 2 GB, has 1.9 GiB", boolp(false)},
		// memory: MicroK8s needs 540 MB and recommends 4 GB
		{"exactly 4 GB meets MicroK8s's recommendation", ram(4e9), "microk8s", "node", CheckMemory,
			Pass, "3.7 GiB installed", "≥ 540 MB, recommended 4 GB", "has 3.7 GiB, meets the 4 GB recommendation", nil},
		{"a byte less only meets its minimum", ram(4e9 - 1), "microk8s", "node", CheckMemory,
			Warn, "3.7 GiB installed", "≥ 540 MB, recommended 4 GB", "has 3.7 GiB: meets the 540 MB minimum, below the 4 GB recommendation", nil},
		{"MemTotal below the installed RAM is shown beside it", edited(func(h *probe.Host) { h.Memory.TotalBytes, h.Memory.InstalledBytes = 3920124*KiB, 4*GiB }),
			"k3s", "server", CheckMemory, Pass, "4 GiB installed (MemTotal 3.7 GiB)", "≥ 2 GB", "has 4 GiB, meets the 2 GB minimum", nil},
		{"a cgroup limit as large as the host is no limit", edited(func(h *probe.Host) { h.Memory.TotalBytes, h.Memory.InstalledBytes, h.Memory.LimitBytes = GiB, GiB, GiB }),
			"k3s", "server", CheckMemory, Fail, "1 GiB installed", "≥ 2 GB", "needs 2 GB, has 1 GiB", boolp(false)},
		{"memory not read at all", edited(func(h *probe.Host) {
			h.Memory = probe.Memory{}
			h.Missing = map[string]string{"memory": "open /proc/meminfo: permission denied"}
		}), "k3s", "server", CheckMemory, Warn, "unknown", "≥ 2 GB", "installed memory is unknown: open /proc/meminfo: permission denied", nil},
		{"unreadable memory limit, a host exactly at the minimum: unknown, not failed", edited(func(h *probe.Host) {
			h.Memory.TotalBytes, h.Memory.InstalledBytes = 2e9, 2e9
			h.Missing = map[string]string{"memory.limit": "open memory.max: permission denied"}
		}), "k3s", "server", CheckMemory, Warn, "unknown", "≥ 2 GB", "installed memory is unknown: open memory.max: permission denied", nil},
		{"unreadable memory limit, a host below the minimum: fails", edited(func(h *probe.Host) {
			h.Memory.TotalBytes, h.Memory.InstalledBytes = GiB, GiB
			h.Missing = map[string]string{"memory.limit": "open memory.max: permission denied"}
		}), "k3s", "server", CheckMemory, Fail, "at most 1 GiB installed on the host", "≥ 2 GB", "needs 2 GB, has at most 1 GiB installed on the host", boolp(false)},
		// memory: kubeadm's preflight holds MemTotal to 1700 MiB
		{"kubeadm: MemTotal exactly 1700 MiB passes", edited(func(h *probe.Host) { h.Memory.TotalBytes, h.Memory.InstalledBytes = 1700*MiB, 2*GiB }),
			"kubeadm", "control-plane", CheckMemory, Pass, "2 GiB installed (MemTotal 1.7 GiB)", "MemTotal ≥ 1700 MiB, recommended 2 GB", "has 2 GiB, meets the 2 GB recommendation", nil},
		{"kubeadm: a byte less fails the preflight", edited(func(h *probe.Host) { h.Memory.TotalBytes, h.Memory.InstalledBytes = 1700*MiB-1, 2*GiB }),
			"kubeadm", "control-plane", CheckMemory, Fail, "2 GiB installed (MemTotal 1.7 GiB)", "MemTotal ≥ 1700 MiB, recommended 2 GB", "its preflight needs a MemTotal of 1700 MiB, has 1.7 GiB (of 2 GiB installed)", boolp(false)},
		{"kubeadm: unknown MemTotal leaves a warning about the recommendation as it is", edited(func(h *probe.Host) { h.Memory.TotalBytes, h.Memory.InstalledBytes = 0, 1900e6 }),
			"kubeadm", "control-plane", CheckMemory, Warn, "1.8 GiB installed", "MemTotal ≥ 1700 MiB, recommended 2 GB", "has 1.8 GiB: meets the 1700 MiB minimum, below the 2 GB recommendation", nil},
		{"kubeadm worker: a recommendation only", ram(GiB), "kubeadm", "worker", CheckMemory,
			Warn, "1 GiB installed", "recommended 2 GB", "has 1 GiB, below the 2 GB recommendation", nil},
		// cpu: k3s server needs 2 CPUs, RKE2 2 and recommends 4
		{"exactly 2 CPUs meet k3s server's 2", cpu(2, 0, 0, 0), "k3s", "server", CheckCPU,
			Pass, "2 CPUs", "≥ 2 CPUs", "has 2 CPUs, meets the 2 CPUs minimum", nil},
		{"1 CPU does not", cpu(1, 0, 0, 0), "k3s", "server", CheckCPU,
			Fail, "1 CPU", "≥ 2 CPUs", "needs 2 CPUs, has 1 CPU", boolp(false)},
		{"3 CPUs only meet RKE2's minimum", cpu(3, 0, 0, 0), "rke2", "server", CheckCPU,
			Warn, "3 CPUs", "≥ 2 CPUs, recommended 4 CPUs", "has 3 CPUs: meets the 2 CPUs minimum, below the 4 CPUs recommendation", nil},
		{"4 CPUs meet RKE2's recommendation", cpu(4, 2, 0, 0), "rke2", "server", CheckCPU,
			Pass, "4 CPUs (2 cores)", "≥ 2 CPUs, recommended 4 CPUs", "has 4 CPUs, meets the 4 CPUs recommendation", nil},
		{"one core, two threads", cpu(2, 1, 0, 0), "k3s", "server", CheckCPU,
			Pass, "2 CPUs (1 core)", "≥ 2 CPUs", "has 2 CPUs, meets the 2 CPUs minimum", nil},
		{"as many cores as CPUs says nothing more", cpu(4, 4, 4, 4), "k3s", "server", CheckCPU,
			Pass, "4 CPUs", "≥ 2 CPUs", "has 4 CPUs, meets the 2 CPUs minimum", nil},
		{"CPUs taken offline limit the count", cpu(8, 4, 2, 0), "k3s", "server", CheckCPU,
			Pass, "2 CPUs (of 8 logical, 2 online)", "≥ 2 CPUs", "has 2 CPUs, meets the 2 CPUs minimum", nil},
		{"an affinity of every CPU is no limit", cpu(8, 4, 2, 8), "k3s", "server", CheckCPU,
			Pass, "2 CPUs (of 8 logical, 2 online)", "≥ 2 CPUs", "has 2 CPUs, meets the 2 CPUs minimum", nil},
		{"an affinity mask limits the count", cpu(8, 4, 8, 1), "k3s", "server", CheckCPU,
			Fail, "1 CPU (of 8 logical, affinity 1)", "≥ 2 CPUs", "needs 2 CPUs, has 1 CPU: this process is limited to 1 CPU of the machine's 8", boolp(true)},
		{"a cgroup quota limits the count, and prints as it is set", edited(func(h *probe.Host) { h.CPU.Logical, h.CPU.Quota = 8, f64(0.75) }), "k3s", "agent", CheckCPU,
			Fail, "0.8 CPUs (of 8 logical, cgroup quota 0.75)", "≥ 1 CPU", "needs 1 CPU, has 0.8 CPUs: this process is limited to 0.8 CPUs of the machine's 8", boolp(true)},
		{"unknown CPU count", edited(func(h *probe.Host) {
			h.CPU = probe.CPU{}
			h.Missing = map[string]string{"cpu.logical": "open /proc/cpuinfo: permission denied"}
		}), "k3s", "server", CheckCPU, Warn, "unknown", "≥ 2 CPUs", "CPU count is unknown: open /proc/cpuinfo: permission denied", nil},
		{"unreadable quota, a host exactly at the minimum: unknown, not failed", edited(func(h *probe.Host) {
			h.CPU.Logical = 2
			h.Missing = map[string]string{"cpu.quota": "open cpu.max: permission denied"}
		}), "k3s", "server", CheckCPU, Warn, "unknown", "≥ 2 CPUs", "CPU count is unknown: open cpu.max: permission denied", nil},
		{"unreadable quota, a host below the minimum: fails, and no limit is to blame", edited(func(h *probe.Host) {
			h.CPU.Logical = 1
			h.Missing = map[string]string{"cpu.quota": "open cpu.max: permission denied"}
		}), "k3s", "server", CheckCPU, Fail, "at most 1 logical on the host", "≥ 2 CPUs", "needs 2 CPUs, has at most 1 logical on the host", boolp(false)},
		// disk
		{"MicroK8s's 20 GB is a recommendation", edited(func(h *probe.Host) { h.Disk.FreeBytes = u64(10 * GiB) }), "microk8s", "node", CheckDisk,
			Warn, "10 GiB free on /var/lib", "recommended 20 GB", "has 10 GiB, below the 20 GB recommendation", nil},
		{"exactly 20 GB meets minikube's 20 GB", edited(func(h *probe.Host) { h.Disk.FreeBytes = u64(20e9) }), "minikube", "node", CheckDisk,
			Pass, "18.6 GiB free on /var/lib", "≥ 20 GB", "has 18.6 GiB, meets the 20 GB minimum", nil},
		{"a byte less does not; a path unknown", edited(func(h *probe.Host) { h.Disk.FreeBytes, h.Disk.Path = u64(20e9-1), "" }), "minikube", "node", CheckDisk,
			Fail, "18.6 GiB free", "≥ 20 GB", "needs 20 GB, has 18.6 GiB", boolp(true)},
		{"k3s states no disk figure", typical(), "k3s", "server", CheckDisk,
			Pass, "100 GiB free on /var/lib", "not documented", "the docs state no minimum", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := check(t, result(t, Evaluate(derived(tt.host), cat, Options{}), tt.distro, tt.role), tt.id)
			assert.Equal(t, tt.want, c.Verdict, c.Reason)
			assert.Equal(t, tt.got, c.Got)
			assert.Equal(t, tt.wanted, c.Want)
			assert.Equal(t, tt.reason, c.Reason)
			if tt.fixable == nil {
				assert.Nil(t, c.Fixable)
				return
			}
			require.NotNil(t, c.Fixable)
			assert.Equal(t, *tt.fixable, *c.Fixable)
		})
	}
}
