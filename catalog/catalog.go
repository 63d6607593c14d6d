package catalog

import (
	"bytes"
	_ "embed"
	"fmt"
	"strings"
)

//go:embed catalog.yaml
var builtin []byte

// The catalog kfit uses is catalog.yaml compiled in as Go code
// (builtin_gen.go): no YAML decoding on the way to every verdict.
// TestBuiltinMatchesYAML keeps the two equal; refresh it with
// go generate ./catalog.
//
//go:generate go test -tags catalog_generate -run ^TestBuiltinMatchesYAML$ -update .

// Catalog is the list of distributions kfit knows.
type Catalog struct {
	Distros []Distro `yaml:"distros" json:"distros"`
}

// Distro is one Kubernetes distribution and the roles a machine can take in it.
type Distro struct {
	ID       string `yaml:"id" json:"id"`
	Name     string `yaml:"name" json:"name"`
	Homepage string `yaml:"homepage" json:"homepage"`
	// Version names the current release, the one the roles' numbers apply
	// to ("v1.35"); --distro ID@VERSION names it or one of Releases.
	Version string `yaml:"version" json:"version"`
	// VersionSource cites why Version is the current release (a release
	// channel, a release page).
	VersionSource string  `yaml:"versionSource,omitempty" json:"-"`
	VersionCite   *Source `yaml:"-" json:"versionSource,omitempty"`
	// Current is, on a distribution At made for another release, the
	// current release's version; "" on the catalog's own entries.
	Current string `yaml:"-" json:"-"`
	// Releases are the other releases kfit can judge, newest first: each
	// states what differs from the current release (release.go).
	Releases []Release `yaml:"releases,omitempty" json:"releases,omitempty"`
	// Purpose is what the distribution is for: server, dev or os (see
	// Purposes); a user's distribution that does not say is a server.
	Purpose string   `yaml:"purpose,omitempty" json:"purpose,omitempty"`
	CNI     []string `yaml:"cni" json:"cni"`
	CRI     []string `yaml:"cri" json:"cri"`
	// ReplacesOS marks distributions that are the operating system (Talos):
	// the current OS and its software do not matter, only the hardware.
	ReplacesOS bool   `yaml:"replacesOS,omitempty" json:"replacesOS,omitempty"`
	Roles      []Role `yaml:"roles" json:"roles"`

	Conditions *Conditions `yaml:"conditions,omitempty" json:"conditions,omitempty"` // conditions.go
	// Sources are the cited documents, by a short key that requirements name.
	Sources map[string]Source `yaml:"sources" json:"sources"`
}

// Role is one way a machine takes part in a cluster (k3s server, k0s worker, ...).
type Role struct {
	Name string `yaml:"name" json:"name"`
	// Standalone roles make a working single-node cluster on their own
	// (a k3s server schedules pods; a k3s agent needs a server elsewhere).
	Standalone bool `yaml:"standalone" json:"standalone"`
	// Cluster says how the role takes part in a cluster of several
	// machines, for kfit plan: "server" anchors one, "agent" joins a
	// server, "node" joins its peers, "single" runs on one machine only.
	Cluster string `yaml:"cluster" json:"cluster"`
	OS      *List  `yaml:"os" json:"os"`
	// OSIDs restricts the Linux distribution (os-release ID or ID_LIKE).
	OSIDs *List `yaml:"osIDs,omitempty" json:"osIDs,omitempty"`
	Arch  *List `yaml:"arch" json:"arch"`
	// CPUFlags lists CPU feature flags a role needs, by architecture.
	CPUFlags *FlagsReq    `yaml:"cpuFlags,omitempty" json:"cpuFlags,omitempty"`
	CPUs     *Requirement `yaml:"cpus,omitempty" json:"cpus,omitempty"`
	Memory   *Requirement `yaml:"memory,omitempty" json:"memory,omitempty"`
	Disk     *Requirement `yaml:"disk,omitempty" json:"disk,omitempty"`
	Cgroup   *CgroupReq   `yaml:"cgroup,omitempty" json:"cgroup,omitempty"`
	Kernel   *KernelReq   `yaml:"kernel,omitempty" json:"kernel,omitempty"`
	Swap     *SwapReq     `yaml:"swap,omitempty" json:"swap,omitempty"`
	Init     *ToolsReq    `yaml:"init,omitempty" json:"init,omitempty"`
	Tools    *ToolsReq    `yaml:"tools,omitempty" json:"tools,omitempty"`
	Ports    *PortsReq    `yaml:"ports,omitempty" json:"ports,omitempty"`
	Storage  *StorageReq  `yaml:"storage,omitempty" json:"storage,omitempty"`
	// Footprint is what the role uses once it runs, as measured and
	// published; Unknown says why there is no figure.
	Footprint *Footprint `yaml:"footprint,omitempty" json:"footprint,omitempty"`
	// OldTable says where the comparison table people pass around differs
	// from the current docs, and how.
	OldTable string `yaml:"oldTable,omitempty" json:"oldTable,omitempty"`
}

// Cited is embedded in every requirement: the key of its source under the
// distro's sources, resolved into Cite when the catalog is validated.
type Cited struct {
	Source string  `yaml:"source" json:"-"`
	Cite   *Source `yaml:"-" json:"source"`
}

func (c *Cited) cited() *Cited { return c }

// List is a cited set of accepted values (operating systems, architectures).
type List struct {
	Values []string `yaml:"values" json:"values"`
	Cited  `yaml:",inline"`
}

// CgroupReq is what a role needs of the cgroup hierarchy.
type CgroupReq struct {
	// V1 is what cgroup v1 (or hybrid) means for the role: "ok", "warn" or
	// "fail".
	V1 string `yaml:"v1" json:"v1"`
	// Require lists controllers the role cannot run without; Recommend
	// those whose absence is a warning. Names are cgroup v2's (io, not blkio).
	Require   []string `yaml:"require,omitempty" json:"require,omitempty"`
	Recommend []string `yaml:"recommend,omitempty" json:"recommend,omitempty"`
	Cited     `yaml:",inline"`
	// V1Source cites what V1 says, when another document says it.
	V1Source string  `yaml:"v1Source,omitempty" json:"-"`
	V1Cite   *Source `yaml:"-" json:"v1Source,omitempty"`
	// HostWide marks a role whose kubelet runs under a container runtime's
	// cgroup (kind, k3d, minikube's docker driver), not under the process
	// that runs kfit: a controller is missing only when the kernel has
	// switched it off.
	HostWide bool `yaml:"hostWide,omitempty" json:"hostWide,omitempty"`
	// V1OptOut is the supported way to keep running on cgroup v1 where V1
	// is "fail" (the kubelet's failCgroupV1: false), as its docs give it: the
	// second choice after moving to cgroup v2.
	V1OptOut string `yaml:"v1OptOut,omitempty" json:"v1OptOut,omitempty"`
}

// KernelReq lists kernel build options (without CONFIG_); "A|B" accepts
// either, for options that were renamed.
type KernelReq struct {
	Require []KernelOption `yaml:"require,omitempty" json:"require,omitempty"`
	// RequireOnV1 are needed only on cgroup v1 (CGROUP_CPUACCT, ...).
	RequireOnV1 []KernelOption `yaml:"requireOnV1,omitempty" json:"requireOnV1,omitempty"`
	Recommend   []KernelOption `yaml:"recommend,omitempty" json:"recommend,omitempty"`
	Cited       `yaml:",inline"`
}

// SwapReq says what swap means for a role: "warn" (the kubelet tolerates it,
// failSwapOn: false) or "fail" (the kubelet refuses to start).
type SwapReq struct {
	Verdict string `yaml:"verdict" json:"verdict"`
	Cited   `yaml:",inline"`
}

// ToolsReq names software a role needs: all of AllOf and one of AnyOf.
// Missing is the verdict when they are absent: "fail" or "warn".
type ToolsReq struct {
	AllOf   []string `yaml:"allOf,omitempty" json:"allOf,omitempty"`
	AnyOf   []string `yaml:"anyOf,omitempty" json:"anyOf,omitempty"`
	Missing string   `yaml:"missing" json:"missing"`
	Cited   `yaml:",inline"`
}

// PortsReq lists the ports a role listens on.
type PortsReq struct {
	TCP   []int `yaml:"tcp,omitempty" json:"tcp,omitempty"`
	UDP   []int `yaml:"udp,omitempty" json:"udp,omitempty"`
	Cited `yaml:",inline"`
}

// FlagsReq maps a Go architecture to the CPU flags it needs there
// (/proc/cpuinfo names): Talos on amd64 needs x86-64-v2.
type FlagsReq struct {
	Arch  map[string][]string `yaml:"arch" json:"arch"`
	Level string              `yaml:"level,omitempty" json:"level,omitempty"` // a name for the set: "x86-64-v2"
	Cited `yaml:",inline"`
}

// Footprint is a role's measured use at idle: memory as a size, CPU as a
// fraction of one core. Conditions say what was measured where.
type Footprint struct {
	Memory     string  `yaml:"memory,omitempty" json:"memory,omitempty"`
	CPU        float64 `yaml:"cpu,omitempty" json:"cpu,omitempty"`
	Conditions string  `yaml:"conditions,omitempty" json:"conditions,omitempty"`
	// Unknown says why no figure is given; then Memory and CPU are empty.
	Unknown     string  `yaml:"unknown,omitempty" json:"unknown,omitempty"`
	MemoryBytes float64 `yaml:"-" json:"memoryBytes,omitempty"`
	// AtLeast, with Unknown, is a cited lower bound of the memory the role
	// uses (a k0s controller+worker runs at least a controller): not a
	// figure to rank by, but enough to say a role cannot fit.
	AtLeast      string  `yaml:"atLeast,omitempty" json:"atLeast,omitempty"`
	AtLeastBytes float64 `yaml:"-" json:"atLeastBytes,omitempty"`
	Cited        `yaml:",inline"`
}

// StorageReq lists the media the docs advise against for the role's data
// ("hdd", "sd"); a role on one gets a warning.
type StorageReq struct {
	Avoid []string `yaml:"avoid" json:"avoid"`
	// Datastore is the role's default datastore where it is not etcd
	// ("sqlite": a single k3s server's kine): a measured disk slower than
	// etcd's line warns instead of failing.
	Datastore string `yaml:"datastore,omitempty" json:"datastore,omitempty"`
	Cited     `yaml:",inline"`
}

// Requirement is a cited minimum and, where the docs give one, a
// recommendation. For cpus the values are CPU counts; for memory and disk they
// are sizes with a unit ("2GB", "512MB", "2GiB") and are kept as written.
type Requirement struct {
	Min         string `yaml:"min,omitempty" json:"min,omitempty"`
	Recommended string `yaml:"recommended,omitempty" json:"recommended,omitempty"`
	// RecommendedSource cites the recommendation when another document
	// gives it (kubeadm: the minimum from its preflight code, the
	// recommendation from its docs).
	RecommendedSource string  `yaml:"recommendedSource,omitempty" json:"-"`
	RecommendedCite   *Source `yaml:"-" json:"recommendedSource,omitempty"`
	// WholeDisk (disk only) compares the size of the whole disk rather
	// than the free space: Talos installs on and takes a whole disk.
	WholeDisk bool `yaml:"wholeDisk,omitempty" json:"wholeDisk,omitempty"`
	// MinOfMemTotal (memory only) holds MemTotal, not the installed RAM, to
	// the minimum, because the distribution's own preflight does (kubeadm
	// reads sysinfo's totalram); MinOfSource cites that code.
	MinOfMemTotal bool    `yaml:"minOfMemTotal,omitempty" json:"minOfMemTotal,omitempty"`
	MinOfSource   string  `yaml:"minOfSource,omitempty" json:"-"`
	MinOfCite     *Source `yaml:"-" json:"minOfSource,omitempty"`
	Cited         `yaml:",inline"`

	// Parsed values: bytes for sizes, CPUs for counts; 0 when not given.
	MinValue         float64 `yaml:"-" json:"minValue,omitempty"`
	RecommendedValue float64 `yaml:"-" json:"recommendedValue,omitempty"`
}

// Source is a cited document: where, what it says, and when we read it.
type Source struct {
	URL   string `yaml:"url" json:"url"`
	Quote string `yaml:"quote" json:"quote"`
	Seen  string `yaml:"seen" json:"seen"`
}

// Builtin returns the embedded catalog file as shipped.
func Builtin() []byte { return bytes.Clone(builtin) }

// Spec is one --distro value: a distribution, optionally one of its
// releases ("" for the current one), and one of its roles or "" for any.
type Spec struct{ Distro, Role, Version string }

func (s Spec) String() string {
	out := s.Distro
	if s.Version != "" {
		out += "@" + s.Version
	}
	if s.Role != "" {
		out += ":" + s.Role
	}
	return out
}

// Matches says whether a result of that distribution, release and role is
// one the spec asks for; the zero Spec asks for any.
func (s Spec) Matches(distro, version, role string) bool {
	return (s.Distro == "" || s.Distro == distro) &&
		(s.Version == "" || sameRelease(s.Version, version)) &&
		(s.Role == "" || s.Role == role)
}

// ParseSpecs reads --distro values, "ID[@VERSION][:ROLE]", each of which may
// list several separated by commas; empty items are dropped. Ids and roles
// are matched without regard to case (MicroK8s is microk8s).
func ParseSpecs(values []string) ([]Spec, error) {
	var specs []Spec
	for _, v := range values {
		for _, item := range strings.Split(v, ",") {
			if item = strings.TrimSpace(item); item == "" {
				continue
			}
			rest, role, hasRole := strings.Cut(item, ":")
			id, version, hasVersion := strings.Cut(rest, "@")
			if id == "" || (hasRole && role == "") || (hasVersion && version == "") {
				return nil, fmt.Errorf("%s is not ID, ID:ROLE, ID@VERSION or ID@VERSION:ROLE", quote(item))
			}
			specs = append(specs, Spec{Distro: strings.ToLower(id), Version: version, Role: strings.ToLower(role)})
		}
	}
	return specs, nil
}

// Select keeps the distributions, releases and roles specs name, in their
// order; no spec keeps all. A spec with a version judges that release (see
// Distro.At); an unknown release is an error that lists the known ones.
func (c *Catalog) Select(specs []Spec) (*Catalog, error) {
	if len(specs) == 0 {
		return c, nil
	}
	byID := make(map[string]*Distro, len(c.Distros))
	for i := range c.Distros {
		byID[c.Distros[i].ID] = &c.Distros[i]
	}
	out := &Catalog{}
	index := map[string]int{} // by id@version
	for _, spec := range specs {
		id, role := spec.Distro, spec.Role
		d := byID[id]
		if d == nil {
			return nil, fmt.Errorf("unknown distro %s; valid: %s", quote(id), some(c.IDs()))
		}
		d, err := d.At(spec.Version)
		if err != nil {
			return nil, err
		}
		var picked []Role
		for _, r := range d.Roles {
			if role == "" || r.Name == role {
				picked = append(picked, r)
			}
		}
		if len(picked) == 0 {
			return nil, fmt.Errorf("unknown role %s for %s; valid: %s", quote(role), id, some(d.RoleIDs()))
		}
		key := id + "@" + d.Version
		i, ok := index[key]
		if !ok {
			cp := *d
			cp.Roles = nil
			out.Distros = append(out.Distros, cp)
			i = len(out.Distros) - 1
			index[key] = i
		}
		for _, r := range picked {
			if out.Distros[i].Role(r.Name) == nil {
				out.Distros[i].Roles = append(out.Distros[i].Roles, r)
			}
		}
	}
	return out, nil
}

// Distro returns the distribution with that id, or nil.
func (c *Catalog) Distro(id string) *Distro {
	for i := range c.Distros {
		if c.Distros[i].ID == id {
			return &c.Distros[i]
		}
	}
	return nil
}

// IDs lists the distribution ids and their id:role forms.
func (c *Catalog) IDs() []string {
	var ids []string
	for _, d := range c.Distros {
		ids = append(ids, d.ID)
		ids = append(ids, d.RoleIDs()...)
	}
	return ids
}

// Role returns the role with that name, or nil.
func (d *Distro) Role(name string) *Role {
	for i := range d.Roles {
		if d.Roles[i].Name == name {
			return &d.Roles[i]
		}
	}
	return nil
}

// RoleIDs lists the distro's roles as id:role.
func (d *Distro) RoleIDs() []string {
	ids := make([]string, len(d.Roles))
	for i, r := range d.Roles {
		ids[i] = d.ID + ":" + r.Name
	}
	return ids
}
