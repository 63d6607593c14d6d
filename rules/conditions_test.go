package rules

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kfit-dev/kfit/probe"
)

// healthyConditions gives a host the host-condition facts of a machine
// ready for every distribution: a real nameserver, no firewall, forwarding
// on, high inotify limits, AppArmor with its parser, an identity of its
// own, nothing left from earlier installs.
func healthyConditions(h probe.Host) probe.Host {
	h.Hostname = "node-1"
	h.DNS = &probe.DNS{ResolvConf: "/etc/resolv.conf", Nameservers: []string{"192.168.1.1"}}
	h.Firewall = &probe.Firewall{}
	h.Routes = &probe.Routes{Default: true, Networks: []string{"192.168.1.0/24 eth0", "172.17.0.0/16 docker0"}}
	h.Sysctl = &probe.Sysctl{Values: map[string]string{
		probe.SysctlIPForward: "1", probe.SysctlInotifyInstances: "8192", probe.SysctlInotifyWatches: "1048576"}}
	h.AppArmor = &probe.AppArmor{Enabled: true, Parser: "/usr/sbin/apparmor_parser"}
	h.Identity = &probe.Identity{MachineID: "0123456789abcdef0123456789abcdef", MachineIDState: "ok", Hosts: map[string]bool{"localhost": true, "node-1": true}}
	h.Leftovers = &probe.Leftovers{Found: []probe.Leftover{}}
	h.Environment = probe.Environment{Kind: probe.EnvBareMetal}
	h.Devices = &probe.Devices{Kmsg: true}
	h.DataMount = &probe.DataMount{Path: "/var/lib", Point: "/", FSType: "ext4"}
	h.SELinux = &probe.SELinux{Mode: "disabled"}
	h.Clock = &probe.Clock{Synchronized: true, MaxErrorMicros: 12000}
	h.Proxy = &probe.Proxy{From: "environment"}
	h.DockerAccess = &probe.DockerAccess{UID: 1000, User: "pi", Groups: []string{"pi", "docker"}, Socket: "/run/docker.sock", SocketGroup: "docker", SocketMode: "Srw-rw----"}
	return h
}

// Each host condition flags the condition, passes a healthy host, and
// warns, never fails, when its facts are unknown.
func TestHostConditions(t *testing.T) {
	cat := defaultCatalog(t)
	tests := []struct {
		name         string
		host         probe.Host
		distro, role string
		id           string
		want         Verdict
		reason, fix  string
	}{
		// dns
		{"a real nameserver passes", typical(), "kubeadm", "control-plane", CheckDNS, Pass, "every nameserver", ""},
		{"the systemd-resolved stub alone fails kubeadm: CoreDNS loops", edited(func(h *probe.Host) {
			h.DNS = &probe.DNS{ResolvConf: "/run/systemd/resolve/stub-resolv.conf", Nameservers: []string{"127.0.0.53"}}
		}), "kubeadm", "control-plane", CheckDNS, Fail, "names the loopback or link-local nameserver 127.0.0.53 and there is no upstream list", "resolvConf: FILE in the KubeletConfiguration"},
		{"the stub alone warns k3s: it falls back to 8.8.8.8", edited(func(h *probe.Host) {
			h.DNS = &probe.DNS{ResolvConf: "/etc/resolv.conf", Nameservers: []string{"127.0.0.1"}}
		}), "k3s", "server", CheckDNS, Warn, "falls back to a public resolver (8.8.8.8)", "--resolv-conf FILE"},
		{"the stub with systemd-resolved's upstream list passes", edited(func(h *probe.Host) {
			h.DNS = &probe.DNS{ResolvConf: "/run/systemd/resolve/stub-resolv.conf", Nameservers: []string{"127.0.0.53"}, Upstream: []string{"10.0.0.1"}}
		}), "kubeadm", "control-plane", CheckDNS, Pass, "lists 10.0.0.1", ""},
		{"a link-local IPv6 nameserver counts as local", edited(func(h *probe.Host) {
			h.DNS = &probe.DNS{ResolvConf: "/etc/resolv.conf", Nameservers: []string{"192.168.1.1", "fe80::1"}}
		}), "k3s", "agent", CheckDNS, Warn, "fe80::1", ""},
		{"unknown DNS warns", edited(func(h *probe.Host) { h.DNS = nil; h.Missing = map[string]string{"dns": "no /etc under the root"} }), "kubeadm", "worker", CheckDNS, Warn, "no /etc under the root", ""},
		// firewall
		{"no firewall passes", typical(), "k3s", "server", CheckFirewall, Pass, "no ufw, firewalld or nftables", ""},
		{"ufw on warns k3s with the ports and networks to open", edited(func(h *probe.Host) { h.Firewall = &probe.Firewall{Active: []string{"ufw"}} }), "k3s", "server", CheckFirewall, Warn,
			"6443/tcp, 10250/tcp, 8472/udp must be open and 10.42.0.0/16 and 10.43.0.0/16 trusted", "sudo ufw allow 6443/tcp && sudo ufw allow 10250/tcp && sudo ufw allow 8472/udp && sudo ufw allow from 10.42.0.0/16 to any && sudo ufw allow from 10.43.0.0/16 to any"},
		{"firewalld gets firewall-cmd", edited(func(h *probe.Host) { h.Firewall = &probe.Firewall{Active: []string{"firewalld"}} }), "k3s", "agent", CheckFirewall, Warn, "", "sudo firewall-cmd --permanent --zone=trusted --add-source=10.42.0.0/16"},
		{"kubeadm's firewall fix trusts its service network only", edited(func(h *probe.Host) { h.Firewall = &probe.Firewall{Active: []string{"ufw"}} }), "kubeadm", "worker", CheckFirewall, Warn,
			"10250/tcp must be open and 10.96.0.0/12 trusted", "sudo ufw allow 10250/tcp && sudo ufw allow from 10.96.0.0/12 to any"},
		{"saved FORWARD DROP rules warn", edited(func(h *probe.Host) { h.Firewall = &probe.Firewall{ForwardDrop: []string{"/etc/iptables/rules.v4"}} }), "k3s", "agent", CheckFirewall, Warn, "FORWARD DROP in /etc/iptables/rules.v4", ":FORWARD DROP to ACCEPT"},
		{"unknown firewall warns", edited(func(h *probe.Host) { h.Firewall = nil }), "k3s", "agent", CheckFirewall, Warn, "not in the snapshot", ""},
		// hostname
		{"a valid hostname passes", typical(), "k3s", "server", CheckHostname, Pass, "a valid node name", ""},
		{"upper case passes once lowercased", edited(func(h *probe.Host) { h.Hostname = "Node-1" }), "k3s", "server", CheckHostname, Pass, "once lowercased", ""},
		{"an underscore fails k3s", edited(func(h *probe.Host) { h.Hostname = "my_pi" }), "k3s", "agent", CheckHostname, Fail, "is not a DNS-1123 name", "sudo hostnamectl set-hostname my-pi"},
		{"without systemd the fix names /etc/hostname", edited(func(h *probe.Host) { h.Hostname = "my_pi"; h.Runtime.Init = "openrc" }), "k3s", "agent", CheckHostname, Fail, "", "write my-pi to /etc/hostname"},
		{"64 characters fail", edited(func(h *probe.Host) { h.Hostname = "a123456789b123456789c123456789d123456789e123456789f123456789g123" }), "k3s", "agent", CheckHostname, Fail, "has 64 characters", ""},
		{"no localhost in /etc/hosts warns", edited(func(h *probe.Host) { h.Identity.Hosts = map[string]bool{"localhost": false} }), "k3s", "agent", CheckHostname, Warn, "does not map localhost", "127.0.0.1 localhost"},
		{"an unknown hostname warns", edited(func(h *probe.Host) { h.Hostname = "" }), "k3s", "agent", CheckHostname, Warn, "hostname is unknown", ""},
		// leftovers
		{"a clean machine passes", typical(), "kubeadm", "control-plane", CheckLeftovers, Pass, "none of the files", ""},
		{"a non-empty /var/lib/etcd fails kubeadm", edited(func(h *probe.Host) {
			h.Leftovers = &probe.Leftovers{Found: []probe.Leftover{{Path: "/var/lib/etcd", Of: "kubeadm"}}}
		}), "kubeadm", "control-plane", CheckLeftovers, Fail, "preflight refuses to install over /var/lib/etcd", "sudo kubeadm reset"},
		{"an earlier k3s warns k3s with its uninstall script", edited(func(h *probe.Host) {
			h.Leftovers = &probe.Leftovers{Found: []probe.Leftover{{Path: "/var/lib/rancher/k3s", Of: "k3s"}}}
		}), "k3s", "server", CheckLeftovers, Warn, "an earlier K3s install", "k3s-uninstall.sh"},
		{"another distribution's interfaces warn", edited(func(h *probe.Host) {
			h.Leftovers = &probe.Leftovers{Found: []probe.Leftover{{Path: "/sys/class/net/cni0", Of: "cni"}}}
		}), "k3s", "server", CheckLeftovers, Warn, "another install left /sys/class/net/cni0 (cni)", ""},
		{"unknown leftovers warn", edited(func(h *probe.Host) { h.Leftovers = nil }), "kubeadm", "worker", CheckLeftovers, Warn, "unknown", ""},
		// apparmor
		{"AppArmor with its parser passes", typical(), "rke2", "server", CheckAppArmor, Pass, "profile loader is installed", ""},
		{"AppArmor without apparmor_parser fails RKE2", edited(func(h *probe.Host) { h.AppArmor.Parser = "" }), "rke2", "agent", CheckAppArmor, Fail, "apparmor_parser is missing", "sudo apt install apparmor"},
		{"on SUSE the parser is apparmor-parser", edited(func(h *probe.Host) { h.AppArmor.Parser = ""; h.OS.ID = "opensuse-leap" }), "rke2", "agent", CheckAppArmor, Fail, "", "sudo zypper install apparmor-parser"},
		{"AppArmor off passes", edited(func(h *probe.Host) { h.AppArmor = &probe.AppArmor{} }), "rke2", "agent", CheckAppArmor, Pass, "does not enforce", ""},
		{"unknown AppArmor warns", edited(func(h *probe.Host) { h.AppArmor = nil }), "rke2", "agent", CheckAppArmor, Warn, "unknown", ""},
		// inotify
		{"high inotify limits pass", typical(), "kind", "cluster", CheckInotify, Pass, "high enough", ""},
		{"Ubuntu's defaults warn kind", edited(func(h *probe.Host) {
			h.Sysctl.Values[probe.SysctlInotifyInstances], h.Sysctl.Values[probe.SysctlInotifyWatches] = "128", "8192"
		}), "kind", "cluster", CheckInotify, Warn, "too many open files", "fs.inotify.max_user_instances = 512\\nfs.inotify.max_user_watches = 524288"},
		{"unknown inotify limits warn", edited(func(h *probe.Host) { h.Sysctl = nil; h.Missing = map[string]string{"sysctl": "not read"} }), "kind", "cluster", CheckInotify, Warn, "not read", ""},
		// sysctl
		{"forwarding on passes", typical(), "kubeadm", "worker", CheckSysctl, Pass, "IPv4 forwarding is on", ""},
		{"forwarding off fails kubeadm", edited(func(h *probe.Host) { h.Sysctl.Values[probe.SysctlIPForward] = "0" }), "kubeadm", "worker", CheckSysctl, Fail, "IPv4 forwarding is off", "sudo sysctl --system"},
		{"a sysctl.d file that turns it off at boot warns", edited(func(h *probe.Host) {
			h.Sysctl.AtBoot = map[string]probe.SysctlSetting{probe.SysctlIPForward: {Value: "0", File: "/etc/sysctl.d/10-no-forward.conf"}}
		}), "kubeadm", "worker", CheckSysctl, Warn, "/etc/sysctl.d/10-no-forward.conf turns IPv4 forwarding off at boot", "remove net.ipv4.ip_forward = 0 from /etc/sysctl.d/10-no-forward.conf"},
		{"unknown forwarding warns", edited(func(h *probe.Host) { h.Sysctl = nil }), "kubeadm", "worker", CheckSysctl, Warn, "unknown", ""},
		// identity
		{"a machine with its own identity passes", typical(), "k3s", "agent", CheckIdentity, Pass, "an identity of its own", ""},
		{"a node password without k3s warns", edited(func(h *probe.Host) { h.Identity.NodePassword = true }), "k3s", "agent", CheckIdentity, Warn, "Node password rejected", "sudo rm /etc/rancher/node/password"},
		{"a node password beside its install passes", edited(func(h *probe.Host) {
			h.Identity.NodePassword = true
			h.Leftovers = &probe.Leftovers{Found: []probe.Leftover{{Path: "/var/lib/rancher/k3s", Of: "k3s"}}}
		}), "k3s", "agent", CheckIdentity, Pass, "", ""},
		{"an uninitialized machine-id warns", edited(func(h *probe.Host) { h.Identity = &probe.Identity{MachineIDState: "uninitialized"} }), "k3s", "agent", CheckIdentity, Warn, "is uninitialized", "systemd-machine-id-setup"},
		{"unknown identity warns", edited(func(h *probe.Host) { h.Identity = nil }), "k3s", "agent", CheckIdentity, Warn, "unknown", ""},
		// cidr
		{"a home LAN passes k3s", typical(), "k3s", "server", CheckCIDR, Pass, "none of the host's 2 networks", ""},
		{"a 10.0.0.0/8 office network overlaps k3s's pods", edited(func(h *probe.Host) { h.Routes.Networks = []string{"10.0.0.0/8 eth0"} }), "k3s", "agent", CheckCIDR, Warn,
			"", "choose other networks at install: --cluster-cidr; --service-cidr"},
		{"a 10.1.0.0/16 VPN overlaps MicroK8s's pods", edited(func(h *probe.Host) { h.Routes.Networks = []string{"10.1.2.0/24 wg0"} }), "microk8s", "node", CheckCIDR, Warn, "", "--cluster-cidr in /var/snap/microk8s/current/args/kube-proxy"},
		{"kubeadm has only a service network", edited(func(h *probe.Host) { h.Routes.Networks = []string{"10.100.0.0/16 eth1"} }), "kubeadm", "worker", CheckCIDR, Warn, "", "kubeadm init --service-cidr"},
		{"a cluster's own interfaces are not the host's", edited(func(h *probe.Host) { h.Routes.Networks = []string{"10.42.0.0/24 cni0", "10.42.1.0/24 flannel.1"} }), "k3s", "agent", CheckCIDR, Pass, "", ""},
		{"unknown networks warn", edited(func(h *probe.Host) { h.Routes = nil }), "k0s", "worker", CheckCIDR, Warn, "unknown", ""},
		// container
		{"bare metal passes", typical(), "k3s", "server", CheckContainer, Pass, "not in a container", ""},
		{"a Docker container with /dev/kmsg passes", edited(func(h *probe.Host) { h.Environment = probe.Environment{Kind: probe.EnvContainer, Detail: "docker"} }), "k0s", "worker", CheckContainer, Pass, "passes /dev/kmsg through", ""},
		{"an LXC container without /dev/kmsg fails k3s", edited(func(h *probe.Host) {
			h.Environment = probe.Environment{Kind: probe.EnvContainer, Detail: "lxc"}
			h.Devices = &probe.Devices{}
		}), "k3s", "agent", CheckContainer, Fail, "the kubelet does not start", "lxc.mount.entry = /dev/kmsg"},
		{"a Docker container without /dev/kmsg gets --device", edited(func(h *probe.Host) {
			h.Environment = probe.Environment{Kind: probe.EnvContainer, Detail: "docker"}
			h.Devices = &probe.Devices{}
		}), "kubeadm", "worker", CheckContainer, Fail, "", "--device /dev/kmsg"},
		{"a container with unknown devices warns", edited(func(h *probe.Host) {
			h.Environment = probe.Environment{Kind: probe.EnvContainer, Detail: "podman"}
			h.Devices = nil
		}), "microk8s", "node", CheckContainer, Warn, "unknown", ""},
		{"an unknown environment warns", edited(func(h *probe.Host) { h.Environment = probe.Environment{} }), "rke2", "agent", CheckContainer, Warn, "unknown", ""},
		// filesystem
		{"ext4 passes", typical(), "k3s", "server", CheckFilesystem, Pass, "container layers can live on ext4", ""},
		{"NFS fails k3s, whose agent refuses the overlayfs snapshotter there", edited(func(h *probe.Host) {
			h.DataMount = &probe.DataMount{Path: "/var/lib", Point: "/var/lib", FSType: "nfs4"}
		}), "k3s", "agent", CheckFilesystem, Fail, "a network filesystem", "k3s: --snapshotter native"},
		{"tmpfs only warns: layers work there until the next reboot", edited(func(h *probe.Host) {
			h.DataMount = &probe.DataMount{Path: "/var/lib", Point: "/var/lib", FSType: "tmpfs"}
		}), "k3s", "agent", CheckFilesystem, Warn, "lost at every reboot", ""},
		{"a read-only mount fails", edited(func(h *probe.Host) {
			h.DataMount = &probe.DataMount{Path: "/var/lib", Point: "/", FSType: "ext4", Options: []string{"ro"}}
		}), "microk8s", "node", CheckFilesystem, Fail, "mounted read-only", "remount / read-write"},
		{"ZFS 2.1 warns MicroK8s", edited(func(h *probe.Host) {
			h.DataMount = &probe.DataMount{Path: "/var/lib", Point: "/", FSType: "zfs", ZFSVersion: "2.1.5-1ubuntu6~22.04.1"}
		}), "microk8s", "node", CheckFilesystem, Warn, "ZFS 2.1.5-1ubuntu6~22.04.1: overlayfs works on ZFS only from OpenZFS 2.2", "zvol"},
		{"ZFS 2.2 passes", edited(func(h *probe.Host) {
			h.DataMount = &probe.DataMount{Path: "/var/lib", Point: "/", FSType: "zfs", ZFSVersion: "2.2.2-0ubuntu9"}
		}), "microk8s", "node", CheckFilesystem, Pass, "", ""},
		{"a noexec mount fails, with the remount", edited(func(h *probe.Host) {
			h.DataMount = &probe.DataMount{Path: "/var/lib", Point: "/var", FSType: "ext4", Options: []string{"noexec"}}
		}), "k3s", "agent", CheckFilesystem, Fail, "/var is mounted noexec", "remount /var without noexec"},
		{"a FUSE filesystem fails k3s", edited(func(h *probe.Host) {
			h.DataMount = &probe.DataMount{Path: "/var/lib", Point: "/", FSType: "fuse.sshfs"}
		}), "k3s", "agent", CheckFilesystem, Fail, "FUSE", ""},
		{"an unknown mount warns", edited(func(h *probe.Host) { h.DataMount = nil }), "k3s", "agent", CheckFilesystem, Warn, "unknown", ""},
		// kernel-modules
		{"a kernel with every option built in passes", typical(), "k3s", "server", CheckKernelModules, Pass, "every required option is built in", ""},
		{"VXLAN as a module with its file passes", edited(func(h *probe.Host) {
			h.Kernel.Options["VXLAN"] = "m"
			h.ModuleFiles = &probe.ModuleFiles{Tree: "/lib/modules/6.8.0-1004-raspi", Present: map[string]bool{"vxlan": true}}
		}), "k3s", "agent", CheckKernelModules, Pass, "every required module has its file", ""},
		{"VXLAN as a module without its file fails: Ubuntu on a Pi", edited(func(h *probe.Host) {
			h.Kernel.Options["VXLAN"] = "m"
			h.OS.ID = "ubuntu"
			h.ModuleFiles = &probe.ModuleFiles{Tree: "/lib/modules/5.15.0-1012-raspi", Present: map[string]bool{"vxlan": false}}
		}), "k3s", "agent", CheckKernelModules, Fail, "has no file for vxlan", "linux-modules-extra-raspi"},
		{"a loaded module needs no file", edited(func(h *probe.Host) {
			h.Kernel.Options["VXLAN"] = "m"
			h.Kernel.Modules = map[string]string{"vxlan": "loaded"}
			h.ModuleFiles = &probe.ModuleFiles{}
		}), "k3s", "agent", CheckKernelModules, Pass, "", ""},
		{"no module tree for the running kernel fails", edited(func(h *probe.Host) {
			h.Kernel.Options["OVERLAY_FS"] = "m"
			h.OS.KernelVersion = "6.1.0-18-amd64"
			h.ModuleFiles = &probe.ModuleFiles{}
		}), "k3s", "server", CheckKernelModules, Fail, "has no module directory (/lib/modules/6.1.0-18-amd64): overlay cannot load", "reboot into the kernel"},
		{"an unknown module tree warns", edited(func(h *probe.Host) {
			h.Kernel.Options["VXLAN"] = "m"
			h.Missing = map[string]string{"moduleFiles": "no /lib/modules under the root"}
		}), "k3s", "server", CheckKernelModules, Warn, "could not be looked for: no /lib/modules under the root", ""},
		// selinux
		{"SELinux off passes", typical(), "k3s", "server", CheckSELinux, Pass, "does not enforce", ""},
		{"enforcing with both modules passes", edited(func(h *probe.Host) {
			h.SELinux = &probe.SELinux{Mode: "enforcing", Policy: "targeted", Modules: map[string]bool{"container": true, "k3s": true, "rke2": false}}
		}), "k3s", "server", CheckSELinux, Pass, "container and k3s policy modules are installed", ""},
		{"enforcing without k3s-selinux warns on Rocky", edited(func(h *probe.Host) {
			h.OS.ID = "rocky"
			h.SELinux = &probe.SELinux{Mode: "enforcing", Policy: "targeted", Modules: map[string]bool{"container": true, "k3s": false}}
		}), "k3s", "agent", CheckSELinux, Warn, "the k3s policy modules are missing", "sudo dnf install -y k3s-selinux (k3s-selinux comes from https://rpm.rancher.io)"},
		{"an unreadable policy store warns", edited(func(h *probe.Host) {
			h.SELinux = &probe.SELinux{Mode: "enforcing", Policy: "targeted"}
			h.Missing = map[string]string{"selinux.modules": "open /var/lib/selinux/targeted/active/modules: permission denied"}
		}), "k3s", "agent", CheckSELinux, Warn, "permission denied (run kfit as root", ""},
		{"an unknown mode warns", edited(func(h *probe.Host) { h.SELinux = nil }), "k3s", "agent", CheckSELinux, Warn, "unknown", ""},
		// docker-access
		{"a user in the docker group passes kind", typical(), "kind", "cluster", CheckDockerAccess, Pass, "pi may use the Docker socket", ""},
		{"a user outside the docker group warns kind", edited(func(h *probe.Host) { h.DockerAccess.Groups = []string{"pi"} }), "kind", "cluster", CheckDockerAccess, Warn, "pi is not in the socket's group docker", "sudo usermod -aG docker pi, then log out and in again"},
		{"Docker's snap gets the snap steps", edited(func(h *probe.Host) { h.DockerAccess.Groups = []string{"pi"}; h.DockerAccess.Snap = true }), "kind", "cluster", CheckDockerAccess, Warn, "", "sudo snap disable docker && sudo snap enable docker"},
		{"root warns minikube: DRV_AS_ROOT", edited(func(h *probe.Host) {
			h.DockerAccess = &probe.DockerAccess{UID: 0, User: "root", Socket: "/run/docker.sock", SocketGroup: "docker", SocketMode: "Srw-rw----"}
		}), "minikube", "node", CheckDockerAccess, Warn, "DRV_AS_ROOT", "--force"},
		{"root passes kind", edited(func(h *probe.Host) { h.DockerAccess = &probe.DockerAccess{UID: 0, User: "root"} }), "kind", "cluster", CheckDockerAccess, Pass, "root may use", ""},
		{"no Docker at all passes", edited(func(h *probe.Host) { delete(h.Runtime.Tools, "docker"); h.DockerAccess = nil }), "kind", "cluster", CheckDockerAccess, Pass, "Docker is not installed", ""},
		{"unknown access warns", edited(func(h *probe.Host) { h.DockerAccess = nil }), "minikube", "node", CheckDockerAccess, Warn, "unknown", ""},
		// time
		{"a synchronised clock passes every role", typical(), "microshift", "node", CheckTime, Pass, "synchronised", ""},
		{"an unsynchronised clock warns, with timedatectl under systemd", edited(func(h *probe.Host) { h.Clock = &probe.Clock{MaxErrorMicros: 16000000} }), "k3s", "server", CheckTime, Warn, "not synchronised", "sudo timedatectl set-ntp true"},
		{"without systemd the fix is chrony", edited(func(h *probe.Host) { h.Clock = &probe.Clock{}; h.Runtime.Init = "openrc"; h.OS.ID = "alpine" }), "kind", "cluster", CheckTime, Warn, "", "sudo apk add chrony"},
		{"an unknown clock warns", edited(func(h *probe.Host) { h.Clock = nil; h.Missing = map[string]string{"clock": "a snapshot does not tell"} }), "microshift", "node", CheckTime, Warn, "a snapshot does not tell", ""},
		// proxy
		{"no proxy passes kubeadm", typical(), "kubeadm", "worker", CheckProxy, Pass, "no HTTP(S) proxy is set", ""},
		{"a proxy without the service range in NO_PROXY warns kubeadm", edited(func(h *probe.Host) {
			h.Proxy = &probe.Proxy{From: "environment", HTTPSProxy: "http://proxy.corp:3128", NoProxy: "localhost,127.0.0.1"}
		}), "kubeadm", "control-plane", CheckProxy, Warn, "NO_PROXY does not cover 10.96.0.0/12", "add 10.96.0.0/12 and your nodes' network to NO_PROXY and no_proxy where the proxy is set"},
		{"a wider NO_PROXY network covers it", edited(func(h *probe.Host) {
			h.Proxy = &probe.Proxy{From: "/etc/environment", HTTPProxy: "http://proxy.corp:3128", NoProxy: "localhost, 10.0.0.0/8"}
		}), "kubeadm", "control-plane", CheckProxy, Pass, "bypassed", ""},
		{"a narrower NO_PROXY network does not", edited(func(h *probe.Host) {
			h.Proxy = &probe.Proxy{From: "/etc/environment", HTTPProxy: "http://proxy.corp:3128", NoProxy: "10.96.0.0/16"}
		}), "kubeadm", "control-plane", CheckProxy, Warn, "", "in /etc/environment"},
		{"unknown proxy settings warn", edited(func(h *probe.Host) { h.Proxy = nil }), "kubeadm", "worker", CheckProxy, Warn, "unknown", ""},
		// route
		{"a default route passes", typical(), "k3s", "server", CheckRoute, Pass, "default route", ""},
		{"no default route warns k3s", edited(func(h *probe.Host) { h.Routes.Default = false }), "rke2", "server", CheckRoute, Warn, "no default route", "black-hole"},
		{"an unknown routing table warns", edited(func(h *probe.Host) { h.Routes = nil }), "k3s", "agent", CheckRoute, Warn, "unknown", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := Evaluate(derived(tt.host), cat, Options{})
			c := check(t, result(t, rep, tt.distro, tt.role), tt.id)
			assert.Equal(t, tt.want, c.Verdict, c.Reason)
			assert.Contains(t, c.Reason, tt.reason)
			assert.NotEmpty(t, c.Source)
			if tt.want != Pass && tt.fix != "" {
				require.NotNil(t, c.Fixable)
				assert.Contains(t, c.Fix, tt.fix)
			}
		})
	}
}

// A check applies only where the distro's catalog entry has the
// condition: kind documents no firewall, k3s no inotify limits.
func TestHostConditionsApplyWhereDocumented(t *testing.T) {
	rep := Evaluate(derived(typical()), defaultCatalog(t), Options{})
	has := func(distro, role, id string) bool {
		for _, c := range result(t, rep, distro, role).Checks {
			if c.ID == id {
				return true
			}
		}
		return false
	}
	assert.True(t, has("kind", "cluster", CheckInotify))
	assert.False(t, has("kind", "cluster", CheckFirewall))
	assert.False(t, has("k3s", "server", CheckInotify))
	assert.True(t, has("kubeadm", "worker", CheckSysctl))
	assert.False(t, has("k3s", "server", CheckSysctl))
	assert.False(t, has("kind", "cluster", CheckContainer), "kind runs its kubelets in containers of its own making")
	assert.True(t, has("kind", "cluster", CheckTime), "the clock is every role's")
	assert.False(t, has("talos", "control-plane", CheckTime), "Talos replaces the OS and keeps its own time")
}

func TestZFSVersions(t *testing.T) {
	for v, want := range map[string]bool{"2.2.0": true, "zfs-2.2.2-0ubuntu9": true, "2.1.5-1ubuntu6~22.04.1": false, "3.0": true, "0.8.3": false,
		"2.x": false, "2": false, "": false, "two.two": false, "2.": false} {
		assert.Equal(t, want, zfsAtLeast(v, 2, 2), v)
	}
}

// A snapshot may carry anything under the new keys: odd values are judged
// or unknown, never a panic.
func TestHostConditionsOnOddSnapshots(t *testing.T) {
	cat := defaultCatalog(t)
	for _, doc := range []string{
		`{"schemaVersion": 1, "dns": {"resolvConf": "", "nameservers": ["", "::", "not an address", "300.1.1.1"]}, "routes": {"networks": ["", " ", "10.0.0.0/8", "garbage eth0", "10.42.0.0/33 x"]}}`,
		`{"schemaVersion": 1, "dockerAccess": {"uid": -1, "socket": "/run/docker.sock", "socketMode": "s"}, "dataMount": {"fsType": "zfs", "zfsVersion": "2.x"}, "moduleFiles": {}}`,
		`{"schemaVersion": 1, "kernel": {"config": "/boot/config", "options": {"VXLAN": "m"}}, "moduleFiles": {"tree": "/lib/modules/x", "present": {}}, "sysctl": {"values": {"net.ipv4.ip_forward": "yes", "fs.inotify.max_user_instances": "-5"}, "atBoot": {"net.ipv4.ip_forward": {"value": "0", "file": ""}}}}`,
		`{"schemaVersion": 1, "identity": {"machineIdState": "weird"}, "leftovers": {"found": [{"path": "", "of": ""}]}, "selinux": {"mode": "enforcing", "modules": {}}, "apparmor": {"enabled": true}, "clock": {"synchronized": false}}`,
	} {
		h, err := probe.ReadSnapshot([]byte(doc), "odd.json")
		require.NoError(t, err)
		rep := Evaluate(h, cat, Options{})
		for _, r := range rep.Results {
			for _, c := range r.Checks {
				assert.NotEmpty(t, c.Reason, "%s %s %s", r.Distro, r.Role, c.ID)
			}
		}
		var ids Identities
		ids.Add(h)
		ids.Add(h)
		ids.Conflicts([]string{"a", "b"}, cat)
	}
}

// A leftover path kfit's user could not look at (kubeadm's 0700
// /var/lib/etcd, as an ordinary user) is unknown: it warns, and a clean
// finding elsewhere does not make it pass.
func TestUnreadableLeftoversAreUnknown(t *testing.T) {
	cat := defaultCatalog(t)
	h := edited(func(h *probe.Host) {
		h.Leftovers = &probe.Leftovers{Found: []probe.Leftover{}}
		h.Missing = map[string]string{"leftovers.unread": "lstat /var/lib/rancher/k3s: permission denied"}
	})
	c := check(t, result(t, Evaluate(derived(h), cat, Options{}), "k3s", "server"), CheckLeftovers)
	assert.Equal(t, Warn, c.Verdict)
	assert.Contains(t, c.Reason, "permission denied")
}
