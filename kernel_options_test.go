package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kfit-dev/kfit/catalog"
	"github.com/kfit-dev/kfit/internal/fakeroot"
	"github.com/kfit-dev/kfit/probe"
	"github.com/kfit-dev/kfit/rules"
)

// A user catalog may require any kernel option: kfit judges it from the
// config when probe was asked to look for it, and says it cannot tell when
// a snapshot was taken without it (issue 10: CONFIG_BPF_SYSCALL=y failed).
func TestUserCatalogKernelOptions(t *testing.T) {
	dir := t.TempDir()
	cleanup, err := fakeroot.Unpack(filepath.Join("testdata", "roots", "kernel-config-bpf.txtar"), dir)
	require.NoError(t, err)
	t.Cleanup(cleanup)
	base, err := catalog.Default()
	require.NoError(t, err)
	verdict := func(t *testing.T, option string, ask bool) rules.Check {
		t.Helper()
		user := "distros:\n  - id: k3s\n    roles:\n      - name: agent\n        kernel: {require: [" + option + "], source: checkconfig}\n"
		cat, err := base.Merge(strings.NewReader(user), "mine.yaml")
		require.NoError(t, err)
		cat, err = cat.Select([]catalog.Spec{{Distro: "k3s", Role: "agent"}})
		require.NoError(t, err)
		opt := probe.Options{Root: dir}
		if ask {
			opt.KernelOptions = cat.KernelOptions()
		}
		h, err := probe.Collect(context.Background(), opt)
		require.NoError(t, err)
		for _, c := range rules.Evaluate(h, cat, rules.Options{}).Results[0].Checks {
			if c.ID == rules.CheckKernel {
				return c
			}
		}
		t.Fatal("no kernel-config check")
		return rules.Check{}
	}
	tests := []struct {
		name, option string
		ask          bool
		want         rules.Verdict
		reason       string
	}{
		{"an option the config sets passes", "BPF_SYSCALL", true, rules.Pass, "every needed option is built in or a module"},
		{"either name of a renamed option will do", `"BPF_SYSCALLS|BPF_SYSCALL"`, true, rules.Pass, ""},
		{"an option written =n fails", "BPF_JIT", true, rules.Fail, "the kernel lacks CONFIG_BPF_JIT"},
		{"an option not set fails", "BPF_LSM", true, rules.Fail, "the kernel lacks CONFIG_BPF_LSM"},
		{"an option absent from the config fails", "DEBUG_INFO_BTF", true, rules.Fail, "the kernel lacks CONFIG_DEBUG_INFO_BTF"},
		{"an option not looked for is unknown", "BPF_SYSCALL", false, rules.Warn, "1 options could not be checked: not in the snapshot"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := verdict(t, tt.option, tt.ask)
			assert.Equal(t, tt.want, c.Verdict, c.Reason)
			assert.Contains(t, c.Reason, tt.reason)
		})
	}
}

func TestUserCatalogBadKernelOptionExits2(t *testing.T) {
	f := filepath.Join(t.TempDir(), "mine.yaml")
	require.NoError(t, os.WriteFile(f, []byte("distros:\n  - id: k3s\n    roles:\n      - name: agent\n        kernel: {require: [CONFIG_BPF_SYSCALL], source: checkconfig}\n"), 0o644))
	var stdout, stderr bytes.Buffer
	code := run([]string{"kfit", "catalog", "--catalog", f}, &stdout, &stderr)
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr.String(), "catalog "+f+": line 5, column 28: distro k3s: role agent: field kernel.require[0]: \"CONFIG_BPF_SYSCALL\": write the option without CONFIG_")
}
