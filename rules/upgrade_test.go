package rules

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kfit-dev/kfit/probe"
)

func TestUpgradeSuggestion(t *testing.T) {
	cat := defaultCatalog(t)
	tests := []struct {
		name         string
		host         probe.Host
		distro, role string
		want         string // "" for none
	}{
		{"a 1 GB Pi 3 needs 1 GiB more for a k3s server", machine("arm64", "aarch64", 4, 948304*1000, 20*GiB), "k3s", "server", "1 GiB more RAM (2 GiB in all)"},
		{"a 1-vCPU VPS needs a CPU more for minikube", machine("arm64", "aarch64", 1, 1888980*KiB, 30*GiB), "minikube", "node", "1 CPU more (2 CPUs in all)"},
		{"both, for RKE2 on a small VM", machine("amd64", "x86_64", 1, 2*GiB, 30*GiB), "rke2", "server", "2 GiB more RAM (4 GiB in all) and 1 CPU more (2 CPUs in all)"},
		{"kubeadm's MemTotal floor on a 2 GB machine that shows 1.6 GiB", func() probe.Host {
			h := machine("amd64", "x86_64", 2, 1650*MiB, 30*GiB)
			h.Memory.InstalledBytes = 2 * GiB // the memory blocks say 2 GiB; graphics keep the rest
			return h
		}(), "kubeadm", "control-plane", "512 MiB more RAM (2.5 GiB in all)"},
		{"no upgrade helps a missing build", machine("386", "i686", 1, 2*GiB, 30*GiB), "k3s", "server", ""},
		{"a fitting role needs none", machine("amd64", "x86_64", 4, 8*GiB, 30*GiB), "k3s", "server", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := result(t, Evaluate(derived(tt.host), cat, Options{}), tt.distro, tt.role)
			if tt.want == "" {
				assert.Nil(t, r.Upgrade)
				return
			}
			require.NotNil(t, r.Upgrade)
			assert.Equal(t, tt.want, r.Upgrade.String())
		})
	}
}

// The upgrade's figures, exactly, where the memory check, the reserve and
// fixable failures meet.
func TestUpgradeFigures(t *testing.T) {
	cat := defaultCatalog(t)
	pi := func(edit func(h *probe.Host)) probe.Host {
		h := machine("arm64", "aarch64", 4, 948304*1000, 20*GiB)
		edit(&h)
		return h
	}
	tests := []struct {
		name         string
		host         probe.Host
		reserve      uint64
		distro, role string
		want         *Upgrade
	}{
		{"memory only: no CPU figures", pi(func(*probe.Host) {}), 0, "k3s", "server",
			&Upgrade{MoreMemoryBytes: GiB, TotalMemoryBytes: 2 * GiB}},
		{"CPUs only: no memory figures", machine("arm64", "aarch64", 1, 1888980*KiB, 30*GiB), 0, "minikube", "node",
			&Upgrade{MoreCPUs: 1, TotalCPUs: 2}},
		{"a fixable failure beside the memory does not hide the upgrade", pi(func(h *probe.Host) { h.Ports.Listening = []string{"6443/tcp"} }), 0, "k3s", "server",
			&Upgrade{MoreMemoryBytes: GiB, TotalMemoryBytes: 2 * GiB}},
		{"memory and reserve: the larger need wins", pi(func(*probe.Host) {}), 2 * GiB, "k3s", "server",
			&Upgrade{MoreMemoryBytes: 2*GiB + 512*MiB, TotalMemoryBytes: 3*GiB + 512*MiB}}, // 2 GiB + 1428 MB - 1 GiB, in 512 MiB steps
		{"MemTotal unknown: the installed RAM alone sets the need", func() probe.Host {
			h := machine("amd64", "x86_64", 2, 0, 30*GiB)
			h.Memory.InstalledBytes = GiB
			return h
		}(), 0, "kubeadm", "control-plane", &Upgrade{MoreMemoryBytes: GiB, TotalMemoryBytes: 2 * GiB}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := result(t, Evaluate(derived(tt.host), cat, Options{ReserveBytes: tt.reserve}), tt.distro, tt.role)
			assert.Equal(t, tt.want, r.Upgrade)
		})
	}
}
