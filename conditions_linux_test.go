package main

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kfit-dev/kfit/catalog"
	"github.com/kfit-dev/kfit/internal/fakeroot"
	"github.com/kfit-dev/kfit/probe"
	"github.com/kfit-dev/kfit/rules"
)

// The host-condition checks (issue 12).
var conditionIDs = []string{rules.CheckDNS, rules.CheckFirewall, rules.CheckHostname, rules.CheckLeftovers,
	rules.CheckAppArmor, rules.CheckInotify, rules.CheckSysctl, rules.CheckIdentity, rules.CheckCIDR, rules.CheckRoute, rules.CheckContainer, rules.CheckFilesystem, rules.CheckKernelModules, rules.CheckSELinux, rules.CheckDockerAccess, rules.CheckTime, rules.CheckProxy}

func judgeRoot(t *testing.T, root string) rules.Report {
	t.Helper()
	h, err := probe.Collect(context.Background(), probe.Options{Root: root})
	require.NoError(t, err)
	cat, err := catalog.Default()
	require.NoError(t, err)
	return rules.Evaluate(h, cat, rules.Options{})
}

func verdictOf(t *testing.T, rep rules.Report, distro, role, id string) rules.Check {
	t.Helper()
	for _, r := range rep.Results {
		if r.Distro == distro && r.Role == role {
			for _, c := range r.Checks {
				if c.ID == id {
					return c
				}
			}
		}
	}
	t.Fatalf("no %s check for %s %s", id, distro, role)
	return rules.Check{}
}

// The real captures lack most of the files the host conditions read: they
// must warn (unknown), never fail.
func TestCapturedHostsNeverFailAHostConditionOnAbsentData(t *testing.T) {
	hosts, err := filepath.Glob(filepath.Join("testdata", "hosts", "*"))
	require.NoError(t, err)
	n := 0
	for _, dir := range hosts {
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			continue
		}
		n++
		t.Run(filepath.Base(dir), func(t *testing.T) {
			rep := judgeRoot(t, dir)
			for _, r := range rep.Results {
				for _, c := range r.Checks {
					if slices.Contains(conditionIDs, c.ID) {
						assert.NotEqual(t, rules.Fail, c.Verdict, "%s %s %s: %s", r.Distro, r.Role, c.ID, c.Reason)
					}
				}
			}
		})
	}
	assert.Positive(t, n)
}

// Both directions on constructed roots: each condition present is flagged
// with the distribution's verdict; the healthy root passes every one.
func TestHostConditionsOnConstructedRoots(t *testing.T) {
	unpack := func(name string) string {
		dir := t.TempDir()
		cleanup, err := fakeroot.Unpack(filepath.Join("testdata", "roots", name+".txtar"), dir)
		require.NoError(t, err)
		t.Cleanup(cleanup)
		return dir
	}
	broken, healthy := judgeRoot(t, unpack("conditions-broken")), judgeRoot(t, unpack("conditions-healthy"))
	for _, tt := range []struct {
		distro, role, id string
		want             rules.Verdict
	}{
		{"kubeadm", "control-plane", rules.CheckDNS, rules.Fail},
		{"k3s", "server", rules.CheckDNS, rules.Warn},
		{"k3s", "server", rules.CheckFirewall, rules.Warn},
		{"k3s", "agent", rules.CheckHostname, rules.Fail},
		{"kubeadm", "control-plane", rules.CheckLeftovers, rules.Fail},
		{"k3s", "server", rules.CheckLeftovers, rules.Warn},
		{"rke2", "server", rules.CheckAppArmor, rules.Fail},
		{"kind", "cluster", rules.CheckInotify, rules.Warn},
		{"kubeadm", "worker", rules.CheckSysctl, rules.Fail},
		{"k3s", "agent", rules.CheckIdentity, rules.Warn},
		{"k3s", "server", rules.CheckCIDR, rules.Warn},
		{"k0s", "worker", rules.CheckCIDR, rules.Warn},
		{"k3s", "server", rules.CheckRoute, rules.Warn},
		{"k0s", "controller", rules.CheckContainer, rules.Fail},
		{"k3s", "server", rules.CheckFilesystem, rules.Fail},
		{"k3s", "agent", rules.CheckKernelModules, rules.Fail},
		{"k3s", "server", rules.CheckSELinux, rules.Warn},
		{"kubeadm", "worker", rules.CheckProxy, rules.Warn},
	} {
		t.Run(tt.distro+" "+tt.role+" "+tt.id, func(t *testing.T) {
			c := verdictOf(t, broken, tt.distro, tt.role, tt.id)
			assert.Equal(t, tt.want, c.Verdict, c.Reason)
			require.NotNil(t, c.Fixable)
			assert.True(t, *c.Fixable)
			assert.NotEmpty(t, c.Fix)
			h := verdictOf(t, healthy, tt.distro, tt.role, tt.id)
			assert.Equal(t, rules.Pass, h.Verdict, h.Reason)
		})
	}
}
