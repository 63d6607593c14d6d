package catalog

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

// withRole is the good catalog with lines added to its role.
func withRole(lines string) string {
	return strings.Replace(good, "        memory: {min: 1GB, source: s}\n", "        memory: {min: 1GB, source: s}\n"+lines, 1)
}

func TestEveryCatalogUsesTheVocabulary(t *testing.T) {
	tests := []struct {
		name, lines string
		want        string // the whole error
	}{
		{"an unknown tool", "        tools: {anyOf: [docker, iptables], missing: fail, source: s}\n",
			`catalog user.yaml: line 15, column 33: distro demo: role node: field tools.anyOf[1]: "iptables" is not docker, podman, nerdctl, snap, kvm2, virtualbox, qemu, vfkit, hyperkit, parallels, vmware or krunkit`},
		{"an unknown init system", "        init: {allOf: [runit], missing: warn, source: s}\n",
			`catalog user.yaml: line 15, column 24: distro demo: role node: field init.allOf[0]: "runit" is not systemd or openrc`},
		{"a tool named as an init system", "        init: {anyOf: [systemd, docker], missing: warn, source: s}\n",
			`line 15, column 33: distro demo: role node: field init.anyOf[1]: "docker" is not systemd or openrc`},
		{"an unknown cgroup controller", "        cgroup: {v1: ok, require: [memory, memroy], source: s}\n",
			`catalog user.yaml: line 15, column 44: distro demo: role node: field cgroup.require[1]: "memroy" is not cpu, cpuset, io, memory, hugetlb, pids, rdma, misc, cpuacct, blkio, devices, freezer, net_cls, net_prio or perf_event`},
		{"an unknown recommended controller", "        cgroup: {v1: ok, recommend: [gpu], source: s}\n",
			`line 15, column 38: distro demo: role node: field cgroup.recommend[0]: "gpu" is not cpu, cpuset`},
		{"port 0", "        ports: {tcp: [6443, 0], source: s}\n",
			`catalog user.yaml: line 15, column 29: distro demo: role node: field ports.tcp[1]: 0 is not a port (1 to 65535)`},
		{"a port above 65535", "        ports: {udp: [65536], source: s}\n",
			`line 15, column 23: distro demo: role node: field ports.udp[0]: 65536 is not a port (1 to 65535)`},
		{"a kernel option in lower case", "        kernel: {require: [VXLAN, overlay_fs], source: s}\n",
			`catalog user.yaml: line 15, column 35: distro demo: role node: field kernel.require[1]: "overlay_fs" is not a kernel option (A-Z, 0-9 and _, without CONFIG_; NAME|ALIAS for one that was renamed)`},
		{"a kernel option with CONFIG_", "        kernel: {recommend: [CONFIG_BPF_SYSCALL], source: s}\n",
			`line 15, column 30: distro demo: role node: field kernel.recommend[0]: "CONFIG_BPF_SYSCALL": write the option without CONFIG_`},
		{"an empty alias", "        kernel: {requireOnV1: [\"CGROUP_CPUACCT|\"], source: s}\n",
			`field kernel.requireOnV1[0]: "" is not a kernel option`},
		{"an option as a map", "        kernel: {require: [{name: VXLAN}], source: s}\n",
			`catalog user.yaml: line 15: cannot unmarshal !!map into string`},
	}
	base, err := Default()
	require.NoError(t, err)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := withRole(tt.lines)
			require.NotEqual(t, good, src)
			_, err := parse(strings.NewReader(src), "user.yaml")
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want, "on its own")

			// Laid over the built-in catalog, as --catalog does, a new
			// distribution and a change to a built-in role are checked alike.
			_, err = base.Merge(strings.NewReader(src), "user.yaml")
			assert.ErrorContains(t, err, tt.want, "over the built-in catalog")
			line := strings.TrimSpace(tt.lines)
			over := "distros:\n  - id: k3s\n    roles:\n      - name: server\n" + strings.Replace("        "+line+"\n", "source: s", "source: hw", 1)
			_, err = base.Merge(strings.NewReader(over), "user.yaml")
			require.Error(t, err, "a change to k3s's server")
			assert.Contains(t, err.Error(), "catalog user.yaml: line 5")
		})
	}
	_, err = parse(strings.NewReader(withRole("        kernel: {require: [BPF_SYSCALL, \"IP_NF_TARGET_MASQUERADE|NETFILTER_XT_TARGET_MASQUERADE\"], source: s}\n        tools: {allOf: [snap, kvm2], missing: warn, source: s}\n        ports: {tcp: [1, 65535], source: s}\n")), "user.yaml")
	assert.NoError(t, err, "words of the vocabulary are taken")
}

func TestKernelOptionTextForm(t *testing.T) {
	var req KernelReq
	require.NoError(t, yaml.Unmarshal([]byte(`{require: [VXLAN, "IP_NF_TARGET_MASQUERADE|NETFILTER_XT_TARGET_MASQUERADE"]}`), &req))
	assert.Equal(t, []KernelOption{{Name: "VXLAN"}, {Name: "IP_NF_TARGET_MASQUERADE", Aliases: []string{"NETFILTER_XT_TARGET_MASQUERADE"}}}, req.Require)

	j, err := json.Marshal(req)
	require.NoError(t, err)
	assert.JSONEq(t, `{"require": ["VXLAN", "IP_NF_TARGET_MASQUERADE|NETFILTER_XT_TARGET_MASQUERADE"], "source": null}`, string(j))
	var back KernelReq
	require.NoError(t, json.Unmarshal(j, &back))
	assert.Equal(t, req.Require, back.Require)

	y, err := yaml.Marshal(req)
	require.NoError(t, err)
	assert.Contains(t, string(y), "- IP_NF_TARGET_MASQUERADE|NETFILTER_XT_TARGET_MASQUERADE\n")
}

func TestKernelOptionsListsEveryNameOnce(t *testing.T) {
	c, err := Default()
	require.NoError(t, err)
	names := c.KernelOptions()
	assert.Contains(t, names, "IP_NF_TARGET_MASQUERADE")
	assert.Contains(t, names, "NETFILTER_XT_TARGET_MASQUERADE", "aliases too")
	assert.Contains(t, names, "CGROUP_CPUACCT", "options needed on cgroup v1 only")
	assert.Contains(t, names, "CFS_BANDWIDTH", "recommended options")
	assert.IsIncreasing(t, names)

	mine, err := c.Merge(strings.NewReader("distros:\n  - id: k3s\n    roles:\n      - name: agent\n        kernel: {require: [BPF_SYSCALL], source: checkconfig}\n"), "mine.yaml")
	require.NoError(t, err)
	assert.Contains(t, mine.KernelOptions(), "BPF_SYSCALL")
	assert.NotContains(t, names, "BPF_SYSCALL", "the base catalog is not changed")
}
