package probe

import (
	"errors"
	"io/fs"
	"strings"
)

// Leftovers lists what an earlier Kubernetes install left on the machine.
type Leftovers struct {
	Found []Leftover `json:"found"`
}

// Leftover is one file, directory or network interface an install left,
// and whose it is: k3s, rke2, k0s, microk8s, kubeadm (a kubelet's or
// kubeadm's files), or cni (any network plugin's).
type Leftover struct {
	Path string `json:"path"`
	Of   string `json:"of"`
}

// leftoverPaths are looked for; nonEmpty ones count only with something in
// them (an empty /var/lib/etcd passes kubeadm's preflight).
var leftoverPaths = []struct {
	path, of string
	nonEmpty bool
}{
	{"/var/lib/rancher/k3s", "k3s", false},
	{"/etc/rancher/k3s", "k3s", false},
	{"/var/lib/rancher/rke2", "rke2", false},
	{"/etc/rancher/rke2", "rke2", false},
	{"/var/lib/k0s", "k0s", false},
	{"/etc/k0s", "k0s", false},
	{"/var/snap/microk8s", "microk8s", false},
	{"/etc/kubernetes/manifests", "kubeadm", true},
	{"/etc/kubernetes/manifests/kube-apiserver.yaml", "kubeadm", false},
	{"/etc/kubernetes/manifests/kube-controller-manager.yaml", "kubeadm", false},
	{"/etc/kubernetes/manifests/kube-scheduler.yaml", "kubeadm", false},
	{"/etc/kubernetes/manifests/etcd.yaml", "kubeadm", false},
	{"/etc/kubernetes/kubelet.conf", "kubeadm", false},
	{"/etc/kubernetes/bootstrap-kubelet.conf", "kubeadm", false},
	{"/etc/kubernetes/pki/ca.crt", "kubeadm", false},
	{"/var/lib/etcd", "kubeadm", true},
	{"/var/lib/kubelet", "kubeadm", true},
	{"/etc/cni/net.d", "cni", true},
	{"/run/flannel/subnet.env", "cni", false},
}

// leftoverLinks are network interfaces network plugins make, by name or
// prefix (a trailing *).
var leftoverLinks = []string{"cni0", "flannel.1", "flannel-wg", "flannel-v6.1", "kube-ipvs0", "kube-bridge", "vxlan.calico", "cali*", "cilium_*", "weave", "tunl0"}

// LeftoverPaths lists every path kfit looks at for earlier installs.
func LeftoverPaths() []string {
	out := make([]string, len(leftoverPaths))
	for i, l := range leftoverPaths {
		out[i] = l.path
	}
	return out
}

func (p prober) leftovers(h *Host) {
	if err := p.needEtc(); err != nil {
		h.miss("leftovers", err)
		return
	}
	l := &Leftovers{Found: []Leftover{}}
	var errs []error
	for _, lp := range leftoverPaths {
		st, err := p.root.Lstat(lp.path)
		if err != nil {
			// Not there is no leftover; a path that could not be looked
			// at (a 0700 directory, as kfit's user) is unknown, not absent.
			if !errors.Is(err, fs.ErrNotExist) {
				errs = append(errs, err)
			}
			continue
		}
		if lp.nonEmpty && st.IsDir() {
			names, err := p.root.ReadDir(lp.path)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			if len(names) == 0 {
				continue
			}
		}
		l.Found = append(l.Found, Leftover{Path: lp.path, Of: lp.of})
	}
	if links, err := p.root.ReadDir("/sys/class/net"); err == nil {
		for _, name := range links {
			for _, want := range leftoverLinks {
				prefix, isPrefix := strings.CutSuffix(want, "*")
				if name == want || (isPrefix && strings.HasPrefix(name, prefix)) {
					l.Found = append(l.Found, Leftover{Path: "/sys/class/net/" + clean(name, 32), Of: "cni"})
					break
				}
			}
		}
	}
	switch {
	case len(errs) > 0 && len(l.Found) == 0:
		h.miss("leftovers", errors.Join(errs...))
		return
	case len(errs) > 0:
		// What was found stands; what could not be read is unknown.
		h.miss("leftovers.unread", errors.Join(errs...))
	}
	h.Leftovers = l
}
