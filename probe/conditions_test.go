//go:build linux

package probe

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kfit-dev/kfit/internal/fakeroot"
	"github.com/kfit-dev/kfit/internal/fsroot"
)

func TestHostConditionFacts(t *testing.T) {
	t.Run("a cloned machine with every condition", func(t *testing.T) {
		h := collectRoot(t, "conditions-broken")
		require.NotNil(t, h.DNS, h.Missing["dns"])
		assert.Equal(t, DNS{ResolvConf: "/run/systemd/resolve/stub-resolv.conf", Nameservers: []string{"127.0.0.53"}}, *h.DNS)
		require.NotNil(t, h.Firewall, h.Missing["firewall"])
		assert.Equal(t, Firewall{Active: []string{"ufw", "firewalld"}, ForwardDrop: []string{"/etc/iptables/rules.v4"}}, *h.Firewall)
		assert.Equal(t, "my_pi", h.Hostname)
		require.NotNil(t, h.Sysctl)
		assert.Equal(t, map[string]string{SysctlIPForward: "0", SysctlInotifyInstances: "128", SysctlInotifyWatches: "8192"}, h.Sysctl.Values)
		assert.Equal(t, map[string]SysctlSetting{SysctlIPForward: {Value: "0", File: "/etc/sysctl.d/10-no-forward.conf"}}, h.Sysctl.AtBoot)
		assert.NotContains(t, h.Missing, "sysctl."+SysctlBridgeNF, "no /proc/sys/net/bridge under /proc/sys/net: br_netfilter is not loaded, which is no unknown")
		assert.Equal(t, &AppArmor{Enabled: true}, h.AppArmor)
		require.NotNil(t, h.Identity)
		assert.Equal(t, Identity{MachineIDState: "uninitialized", NodePassword: true, Hosts: map[string]bool{"localhost": false, "my_pi": true}}, *h.Identity)
		require.NotNil(t, h.Leftovers)
		assert.Equal(t, []Leftover{{"/etc/kubernetes/manifests", "kubeadm"}, {"/etc/kubernetes/manifests/kube-apiserver.yaml", "kubeadm"}, {"/var/lib/etcd", "kubeadm"}, {"/sys/class/net/cni0", "cni"}}, h.Leftovers.Found)
		assert.Equal(t, &Routes{Networks: []string{"192.168.1.0/24 eth0", "10.0.0.0/8 tun0", "10.42.0.0/24 cni0"}}, h.Routes)
		assert.Equal(t, Environment{Kind: EnvContainer, Detail: "lxc"}, h.Environment)
		assert.Equal(t, &Devices{}, h.Devices)
		assert.Equal(t, &DataMount{Path: "/var/lib", Point: "/var/lib", FSType: "nfs4", Options: []string{"noexec"}}, h.DataMount)
		require.NotNil(t, h.ModuleFiles, h.Missing["moduleFiles"])
		assert.Equal(t, "/lib/modules/5.15.0-1012-raspi", h.ModuleFiles.Tree)
		assert.False(t, h.ModuleFiles.Present["vxlan"])
		assert.True(t, h.ModuleFiles.Present["overlay"])
		assert.True(t, h.ModuleFiles.Present["br_netfilter"])
		assert.Equal(t, &SELinux{Mode: "enforcing", Policy: "targeted", Modules: map[string]bool{"container": true, "k3s": false, "rke2": false}}, h.SELinux)
		assert.Equal(t, &Proxy{From: "/etc/environment", HTTPSProxy: "http://proxy.corp.example:3128", NoProxy: "localhost,127.0.0.1"}, h.Proxy, "the password is not kept")
	})
	t.Run("a healthy machine", func(t *testing.T) {
		h := collectRoot(t, "conditions-healthy")
		require.NotNil(t, h.DNS)
		assert.Equal(t, []string{"192.168.1.1", "2001:db8::53"}, h.DNS.Nameservers)
		assert.Nil(t, h.DNS.Upstream)
		assert.Equal(t, &Firewall{}, h.Firewall)
		assert.Equal(t, "1", h.Sysctl.Values[SysctlIPForward])
		assert.Equal(t, "1", h.Sysctl.Values[SysctlBridgeNF])
		assert.Equal(t, &AppArmor{Enabled: true, Parser: "/usr/sbin/apparmor_parser"}, h.AppArmor)
		assert.Equal(t, appSpecificID("0123456789abcdef0123456789abcdef"), h.Identity.MachineID)
		assert.NotContains(t, h.Identity.MachineID, "3d1219c7", "the machine-id itself is not kept")
		assert.Len(t, h.Identity.MachineID, 32)
		assert.Equal(t, map[string]bool{"localhost": true, "node-1": true}, h.Identity.Hosts)
		assert.Equal(t, &Leftovers{Found: []Leftover{}}, h.Leftovers)
		assert.Equal(t, &Routes{Default: true, Networks: []string{"192.168.1.0/24 eth0", "2001:db8::/64 eth0"}}, h.Routes)
		assert.Equal(t, EnvBareMetal, h.Environment.Kind)
		assert.Nil(t, h.Devices, "no /dev under this root")
		assert.Equal(t, &DataMount{Path: "/var/lib", Point: "/", FSType: "ext4"}, h.DataMount)
		require.NotNil(t, h.ModuleFiles, h.Missing["moduleFiles"])
		assert.True(t, h.ModuleFiles.Present["vxlan"])
		assert.Equal(t, &SELinux{Mode: "disabled"}, h.SELinux)
		assert.Equal(t, &Proxy{From: "/etc/environment"}, h.Proxy)
		for k := range h.Missing {
			assert.False(t, strings.HasPrefix(k, "dns") || strings.HasPrefix(k, "firewall") || strings.HasPrefix(k, "identity") || strings.HasPrefix(k, "leftovers") || k == "apparmor", "%s unknown: %s", k, h.Missing[k])
		}
	})
	t.Run("a capture without /etc leaves them unknown", func(t *testing.T) {
		h := collectRoot(t, "host-cgroup-hybrid")
		for _, k := range []string{"dns", "firewall", "identity", "leftovers"} {
			assert.Contains(t, h.Missing[k], "no /etc under the root", k)
		}
		assert.Nil(t, h.DNS)
		assert.Nil(t, h.Leftovers)
	})
}

// Docker access is judged for kfit's own user, on the live machine only:
// here a constructed root stands for the live machine, with the user
// replaced.
func TestDockerAccess(t *testing.T) {
	access := func(name string, uid int) Host {
		dir := t.TempDir()
		cleanup, err := fakeroot.Unpack(filepath.Join("..", "testdata", "roots", name+".txtar"), dir)
		require.NoError(t, err)
		t.Cleanup(cleanup)
		r, err := fsroot.Open(dir)
		require.NoError(t, err)
		defer r.Close()
		old := currentUID
		currentUID = func() (int, bool) { return uid, true }
		defer func() { currentUID = old }()
		var h Host
		prober{root: r, live: true}.dockerAccess(&h)
		return h
	}
	h := access("conditions-broken", 4242)
	require.NotNil(t, h.DockerAccess, h.Missing)
	a := h.DockerAccess
	assert.Equal(t, "pi", a.User)
	assert.Equal(t, []string{"pi"}, a.Groups)
	assert.Equal(t, "/run/docker.sock", a.Socket)
	assert.True(t, a.Snap)
	assert.NotContains(t, a.Groups, a.SocketGroup)

	root := access("conditions-healthy", 0)
	require.NotNil(t, root.DockerAccess)
	assert.Equal(t, "root", root.DockerAccess.User)
	assert.False(t, root.DockerAccess.Snap)

	under := collectRoot(t, "conditions-healthy")
	assert.Nil(t, under.DockerAccess)
	assert.Contains(t, under.Missing["dockerAccess"], "not known under --root")
}

func TestHostConditionParsers(t *testing.T) {
	assert.Equal(t, appSpecificID("a"), appSpecificID("a"), "clones give one value")
	assert.NotEqual(t, appSpecificID("a"), appSpecificID("b"))

	ns, err := ParseResolvConf(strings.NewReader("# comment\nnameserver 1.1.1.1\nsearch x\nnameserver  fe80::1%eth0\noptions ndots:5\n"))
	require.NoError(t, err)
	assert.Equal(t, []string{"1.1.1.1", "fe80::1%eth0"}, ns)
	assert.True(t, GlobalUnicast("1.1.1.1"))
	assert.False(t, GlobalUnicast("127.0.0.53"))
	assert.False(t, GlobalUnicast("fe80::1%eth0"))
	assert.False(t, GlobalUnicast("not-an-address"))

	kv, err := ParseSysctlConf(strings.NewReader("; comment\n# c\n-net/ipv4/ip_forward=0\n fs.inotify.max_user_watches = 524288 \nbad line\n"))
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"net.ipv4.ip_forward": "0", "fs.inotify.max_user_watches": "524288"}, kv)

	m, err := FindMount(strings.NewReader(
		"1 0 8:1 / / rw - ext4 /dev/sda1 rw\n"+
			"2 1 8:2 / /var rw,noexec - xfs /dev/sda2 rw\n"+
			"3 1 8:3 / /var/lib\\040old rw - ext4 /dev/sda3 rw\n"+ // /var/lib old: not /var/lib
			"4 2 0:40 / /var ro - zfs pool/var rw\n"), "/var/lib") // mounted over the first /var
	require.NoError(t, err)
	assert.Equal(t, &DataMount{Path: "/var/lib", Point: "/var", FSType: "zfs", Options: []string{"ro"}}, m)
	none, err := FindMount(strings.NewReader("garbage\n"), "/var/lib")
	require.NoError(t, err)
	assert.Nil(t, none)

	for raw, want := range map[string]string{"http://u:p@proxy:3128": "http://proxy:3128", "proxy.corp:8080": "proxy.corp:8080",
		"https://proxy": "https://proxy", "": "", "u:p@host:1": "host:1", "http://%zz": "(set)",
		// A password holding '@', '#' or '?' does not become the host.
		"http://alice:p@ssw0rd#1@proxy.corp:3128": "http://proxy.corp:3128", "http://u:Summer@2024?x@proxy:3128/": "http://proxy:3128",
		"http://u:pa#ss@": "(set)", "http://[::1]:3128": "http://[::1]:3128"} {
		assert.Equal(t, want, withoutCredentials(raw), raw)
	}

	assert.True(t, forwardDrops(":FORWARD REJECT [0:0]\n"))
	assert.True(t, forwardDrops(":FORWARD ACCEPT [0:0]\n-A FORWARD -j DROP\n"))
	assert.False(t, forwardDrops(":FORWARD ACCEPT [0:0]\n-A FORWARD -s 10.0.0.0/8 -j DROP\n"))
}

// The clock is read on the live machine only, and a snapshot forgets it.
func TestClockIsLiveOnly(t *testing.T) {
	c, err := readClock()
	require.NoError(t, err, "adjtimex with modes 0 is a read anyone may make")
	assert.NotNil(t, c)

	h := collectRoot(t, "conditions-healthy")
	assert.Nil(t, h.Clock)
	assert.Contains(t, h.Missing["clock"], "live machine only")

	snap, err := ReadSnapshot([]byte(`{"schemaVersion": 1, "clock": {"synchronized": true}}`), "s.json")
	require.NoError(t, err)
	assert.Nil(t, snap.Clock)
	assert.Contains(t, snap.Missing["clock"], "a snapshot does not tell")
}
