package rules

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kfit-dev/kfit/catalog"
	"github.com/kfit-dev/kfit/probe"
)

// The four machines of the issue, with the verdicts the current docs imply.
func TestReferenceMachines(t *testing.T) {
	cat := defaultCatalog(t)
	tests := []struct {
		name string
		host probe.Host
		want map[string]Verdict
		best string
	}{
		{
			"1 GB Raspberry Pi 3 (32-bit kernel)", machine("arm", "armv7l", 4, 948304*kB, 20*GiB),
			map[string]Verdict{"k3s server": Fail, "k3s agent": Pass, "k0s controller": Pass, "k0s worker": Pass,
				"k0s controller+worker": Pass, "microk8s node": Fail, "minikube node": Fail},
			"k0s controller+worker",
		},
		{
			"4 GB laptop", machine("amd64", "x86_64", 4, 3920124*KiB, 100*GiB),
			map[string]Verdict{"k3s server": Pass, "k3s agent": Pass, "k0s controller+worker": Pass, "microk8s node": Pass, "minikube node": Pass},
			"k3s server", // the only standalone role with a published footprint
		},
		{
			"32-bit netbook", machine("386", "i686", 2, 2075428*KiB, 100*GiB),
			map[string]Verdict{"k3s server": Fail, "k3s agent": Fail, "k0s controller": Fail, "k0s worker": Fail,
				"k0s controller+worker": Fail, "microk8s node": Fail, "minikube node": Fail},
			"",
		},
		{
			"1-vCPU arm64 VPS with 2 GB", machine("arm64", "aarch64", 1, 1888980*KiB, 20*GiB),
			map[string]Verdict{"k3s server": Fail, "k3s agent": Pass, "k0s controller+worker": Pass,
				"microk8s node": Warn, "minikube node": Fail},
			"k0s controller+worker",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := Evaluate(derived(tt.host), cat, Options{})
			for _, r := range rep.Results {
				if want, ok := tt.want[r.Distro+" "+r.Role]; ok {
					assert.Equal(t, want, r.Verdict, "%s %s", r.Distro, r.Role)
				}
			}
			if tt.best == "" {
				assert.Nil(t, rep.Best)
				return
			}
			require.NotNil(t, rep.Best)
			assert.Equal(t, tt.best, rep.Best.Distro+" "+rep.Best.Role)
			assert.NotEmpty(t, rep.Best.Reason)
		})
	}
}

func TestBestPickPrefersStandaloneThenHeadroom(t *testing.T) {
	cat := defaultCatalog(t)
	sel, err := cat.Select([]catalog.Spec{{Distro: "k3s"}, {Distro: "minikube"}})
	require.NoError(t, err)
	// 2 CPUs, 4 GB: k3s server and minikube ask 2 GB each; k3s agent asks less
	// but needs a server elsewhere, so it is not the pick.
	rep := Evaluate(derived(machine("amd64", "x86_64", 2, 3920124*KiB, 100*GiB)), sel, Options{})
	require.NotNil(t, rep.Best)
	assert.Equal(t, "k3s server", rep.Best.Distro+" "+rep.Best.Role, "k3s publishes a footprint, minikube does not")
	assert.Contains(t, rep.Best.Reason, "it leaves the most memory for workloads: 2.7 GiB after its measured footprint (1.3 GiB)")

	// Only agents fit: the pick says it needs a control plane elsewhere.
	rep = Evaluate(derived(machine("amd64", "x86_64", 1, 1*GiB, 100*GiB)), sel, Options{})
	require.NotNil(t, rep.Best)
	assert.Equal(t, "k3s agent", rep.Best.Distro+" "+rep.Best.Role)
	assert.Contains(t, rep.Best.Reason, "control plane on another machine")

	// Only a control plane that schedules no pods fits: the pick says it
	// needs a worker, and its memory is free, not for workloads.
	sel, err = cat.Select([]catalog.Spec{{Distro: "k0s", Role: "controller"}})
	require.NoError(t, err)
	rep = Evaluate(derived(machine("amd64", "x86_64", 1, 2*GiB, 100*GiB)), sel, Options{})
	require.NotNil(t, rep.Best)
	assert.Equal(t, "k0s controller", rep.Best.Distro+" "+rep.Best.Role)
	assert.Contains(t, rep.Best.Reason, "it needs a worker on another machine")
	assert.NotContains(t, rep.Best.Reason, "control plane on another machine")
	assert.NotContains(t, rep.Best.Reason, "for workloads")
}

// The pick and its sentence, exactly: pass goes before warn whatever the
// headroom, and the sentence says which roles it was picked among.
func TestPickReasonSaysExactly(t *testing.T) {
	sel, err := defaultCatalog(t).Select([]catalog.Spec{{Distro: "k3s"}, {Distro: "minikube"}})
	require.NoError(t, err)
	with := func(edit func(h *probe.Host)) probe.Host {
		h := machine("amd64", "x86_64", 2, 3920124*KiB, 100*GiB)
		edit(&h)
		return h
	}
	tests := []struct {
		name, pick, reason string
		host               probe.Host
	}{
		{"every role passes: the most memory left", "k3s server",
			"of the single-machine roles that pass every check, it leaves the most memory for workloads: 2.7 GiB after its measured footprint (1.3 GiB)",
			with(func(*probe.Host) {})},
		{"ports unknown: k3s warns, so minikube, which passes, goes first", "minikube node",
			"the only single-machine role that passes every check",
			with(func(h *probe.Host) { h.Ports = nil })},
		{"swap unknown: every role warns", "k3s server",
			"of the single-machine roles that fit, it leaves the most memory for workloads: 2.7 GiB after its measured footprint (1.3 GiB); see its warnings",
			with(func(h *probe.Host) { h.Memory.SwapBytes = nil })},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := Evaluate(derived(tt.host), sel, Options{})
			require.NotNil(t, rep.Best)
			assert.Equal(t, tt.pick, rep.Best.Distro+" "+rep.Best.Role)
			assert.Equal(t, tt.reason, rep.Best.Reason)
		})
	}
}
