package rules

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/kfit-dev/kfit/probe"
)

func TestOSCheck(t *testing.T) {
	cat := defaultCatalog(t)
	mac := machine("arm64", "arm64", 8, 16*GiB, 100*GiB)
	mac.OS = probe.OS{Name: "darwin", Arch: "arm64", Machine: "arm64"}
	rep := Evaluate(derived(mac), cat, Options{})
	assert.Equal(t, Fail, check(t, result(t, rep, "k3s", "server"), CheckOS).Verdict)
	assert.Contains(t, check(t, result(t, rep, "k3s", "server"), CheckOS).Reason, "needs a Linux machine or VM")
	assert.Equal(t, Pass, check(t, result(t, rep, "minikube", "node"), CheckOS).Verdict)

	unknown := machine("amd64", "x86_64", 2, 4*GiB, 100*GiB)
	unknown.OS.Name = ""
	unknown.Missing = map[string]string{"os.name": "the root has no /proc"}
	c := check(t, result(t, Evaluate(derived(unknown), cat, Options{}), "k3s", "server"), CheckOS)
	assert.Equal(t, Warn, c.Verdict)
	assert.Contains(t, c.Reason, "the root has no /proc")
}

// The os line, exactly: the pretty name where there is one, and for a role
// that names Linux distributions, which one matched or why none did.
func TestOSCheckSaysExactly(t *testing.T) {
	cat := defaultCatalog(t)
	tests := []struct {
		name                string
		host                probe.Host
		distro, role        string
		want                Verdict
		got, wanted, reason string
	}{
		{"no pretty name: the OS name alone", edited(func(*probe.Host) {}), "k3s", "server",
			Pass, "linux", "linux", "linux is supported"},
		{"the pretty name follows the OS name", edited(func(h *probe.Host) { h.OS.PrettyName = "Debian GNU/Linux 12 (bookworm)" }), "k3s", "server",
			Pass, "linux (Debian GNU/Linux 12 (bookworm))", "linux", "linux is supported"},
		{"RHEL by ID_LIKE", edited(func(h *probe.Host) { h.OS.ID, h.OS.IDLike = "rocky", "rhel centos fedora" }), "microshift", "node",
			Pass, "linux", "linux (rhel)", "linux is supported, rocky is supported"},
		{"the Linux distribution unknown", edited(func(h *probe.Host) {
			h.OS.ID = ""
			h.Missing = map[string]string{"os.id": "no /etc/os-release"}
		}), "microshift", "node",
			Warn, "linux", "linux (rhel)", "the Linux distribution is unknown: no /etc/os-release"},
		{"the OS unknown stays unknown, whatever the distribution", edited(func(h *probe.Host) {
			h.OS.Name, h.OS.ID = "", ""
			h.Missing = map[string]string{"os.name": "no uname"}
		}), "microshift", "node",
			Warn, "unknown", "linux (rhel)", "the operating system is unknown: no uname"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := check(t, result(t, Evaluate(derived(tt.host), cat, Options{}), tt.distro, tt.role), CheckOS)
			assert.Equal(t, tt.want, c.Verdict, c.Reason)
			assert.Equal(t, tt.got, c.Got)
			assert.Equal(t, tt.wanted, c.Want)
			assert.Equal(t, tt.reason, c.Reason)
		})
	}
}
