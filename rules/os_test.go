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
	rep := Evaluate(mac, cat, Options{})
	assert.Equal(t, Fail, check(t, result(t, rep, "k3s", "server"), CheckOS).Verdict)
	assert.Contains(t, check(t, result(t, rep, "k3s", "server"), CheckOS).Reason, "needs a Linux machine or VM")
	assert.Equal(t, Pass, check(t, result(t, rep, "minikube", "node"), CheckOS).Verdict)

	unknown := machine("amd64", "x86_64", 2, 4*GiB, 100*GiB)
	unknown.OS.Name = ""
	unknown.Missing = map[string]string{"os.name": "the root has no /proc"}
	c := check(t, result(t, Evaluate(unknown, cat, Options{}), "k3s", "server"), CheckOS)
	assert.Equal(t, Warn, c.Verdict)
	assert.Contains(t, c.Reason, "the root has no /proc")
}
