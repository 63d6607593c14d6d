package catalog

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/kfit-dev/kfit/internal/units"
)

//go:embed catalog.yaml
var builtin []byte

// The catalog kfit uses is catalog.yaml compiled in as Go code
// (builtin_gen.go): no parsing or decoding on the way to every verdict.
// TestBuiltinMatchesYAML keeps the two equal; refresh it with
// go test ./catalog -run TestBuiltinMatchesYAML -update.

// Catalog is the list of distributions kfit knows.
type Catalog struct {
	Distros []Distro `yaml:"distros" json:"distros"`
}

// Distro is one Kubernetes distribution and the roles a machine can take in it.
type Distro struct {
	ID       string `yaml:"id" json:"id"`
	Name     string `yaml:"name" json:"name"`
	Homepage string `yaml:"homepage" json:"homepage"`
	// Version names the release the numbers apply to ("v1.33", "docs of
	// 2026-08").
	Version string   `yaml:"version" json:"version"`
	CNI     []string `yaml:"cni" json:"cni"`
	CRI     []string `yaml:"cri" json:"cri"`
	// ReplacesOS marks distributions that are the operating system (Talos):
	// the current OS and its software do not matter, only the hardware.
	ReplacesOS bool   `yaml:"replacesOS,omitempty" json:"replacesOS,omitempty"`
	Roles      []Role `yaml:"roles" json:"roles"`
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
}

// KernelReq lists kernel build options (without CONFIG_); "A|B" accepts
// either, for options that were renamed.
type KernelReq struct {
	Require []string `yaml:"require,omitempty" json:"require,omitempty"`
	// RequireOnV1 are needed only on cgroup v1 (CGROUP_CPUACCT, ...).
	RequireOnV1 []string `yaml:"requireOnV1,omitempty" json:"requireOnV1,omitempty"`
	Recommend   []string `yaml:"recommend,omitempty" json:"recommend,omitempty"`
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
	Cited       `yaml:",inline"`
}

// StorageReq lists the media the docs advise against for the role's data
// ("hdd", "sd"); a role on one gets a warning.
type StorageReq struct {
	Avoid []string `yaml:"avoid" json:"avoid"`
	Cited `yaml:",inline"`
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

// Default returns the built-in catalog. The embedded file is validated by the
// tests, so an error here means a broken build.
func Default() (*Catalog, error) {
	c := builtinCatalog()
	if err := c.validate(func(path ...any) string { return yamlPosition(builtin, path...) }); err != nil {
		return nil, fmt.Errorf("catalog catalog.yaml (built in): %w", err)
	}
	return &c, nil
}

// decodeYAML reads a catalog without validating it. A catalog is one YAML
// document: a second one would be ignored without a word, so it is an error.
func decodeYAML(data []byte) (Catalog, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var c Catalog
	if err := dec.Decode(&c); err != nil {
		if errors.Is(err, io.EOF) {
			return c, errors.New("empty file")
		}
		return c, cleanYAMLError(err)
	}
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case errors.Is(err, io.EOF):
		return c, nil
	case err != nil:
		return c, fmt.Errorf("a second YAML document follows the catalog: %w", cleanYAMLError(err))
	}
	return c, fmt.Errorf("line %d, column %d: a second YAML document starts here; a catalog is one document", next.Line, next.Column)
}

func yamlPosition(data []byte, path ...any) string {
	var root yaml.Node
	if yaml.Unmarshal(data, &root) != nil {
		return "unknown position"
	}
	return position(&root, path...)
}

// Builtin returns the embedded catalog file as shipped.
func Builtin() []byte { return bytes.Clone(builtin) }

// Parse reads and validates a catalog. name labels the input in errors, which
// also give the line and column, the distro, the role and the field.
func Parse(r io.Reader, name string) (*Catalog, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("read catalog %s: %w", name, err)
	}
	c, err := decodeYAML(data)
	if err != nil {
		return nil, fmt.Errorf("catalog %s: %w", name, err)
	}
	// The node tree is only needed to say where a validation error is; it
	// is parsed then, not on every start.
	if err := c.validate(func(path ...any) string { return yamlPosition(data, path...) }); err != nil {
		return nil, fmt.Errorf("catalog %s: %w", name, err)
	}
	return &c, nil
}

// cleanYAMLError keeps the first of the YAML library's errors, with the
// count of the others, and escapes what it quotes from the file.
func cleanYAMLError(err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = te.Errors[0]
		if len(te.Errors) > 1 {
			msg += fmt.Sprintf(" (and %d more errors)", len(te.Errors)-1)
		}
	}
	if checkString(msg, maxText) != "" {
		msg = strings.Trim(strconv.QuoteToASCII(msg), `"`)
		if len(msg) > maxText {
			msg = msg[:maxText] + "..."
		}
	}
	return errors.New(msg)
}

// Ids and role names are printed as they are and read back from
// --distro ID:ROLE, split on commas: they hold no ':', ',' or space.
var idPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9+._-]*$`)

func validID(s string) bool { return len(s) <= maxID && idPattern.MatchString(s) }

// validate checks what YAML's types cannot: ids, sources, sizes, order of
// minimum and recommendation. pos locates a path in the document.
func (c *Catalog) validate(pos func(path ...any) string) error {
	if len(c.Distros) == 0 {
		return errors.New("no distros")
	}
	if len(c.Distros) > maxDistros {
		return fmt.Errorf("%s: more than %d distros", pos("distros", maxDistros), maxDistros)
	}
	roleCount := 0
	for i, d := range c.Distros {
		if roleCount+len(d.Roles) > maxRoles {
			return fmt.Errorf("%s: distro %s: more than %d roles in all distros", pos("distros", i, "roles", maxRoles-roleCount), label(d.ID), maxRoles)
		}
		roleCount += len(d.Roles)
	}
	seen := map[string]bool{}
	for i := range c.Distros {
		d := &c.Distros[i]
		at := func(what string, path ...any) error {
			full := append([]any{"distros", i}, path...)
			return fmt.Errorf("%s: distro %s: %s", pos(full...), label(d.ID), what)
		}
		if !validID(d.ID) {
			return at(fmt.Sprintf("field id: %s is not a valid id (up to %d lower case letters, digits, + . _ -)", quote(d.ID), maxID), "id")
		}
		if seen[d.ID] {
			return at("field id: duplicate distro id", "id")
		}
		seen[d.ID] = true
		if p, msg := badString(reflect.ValueOf(d).Elem(), maxWord); msg != "" {
			if len(p) > 2 && p[0] == "roles" {
				return at(fmt.Sprintf("role %s: field %s: %s", label(d.Roles[p[1].(int)].Name), fieldName(p[2:]), msg), p...)
			}
			return at(fmt.Sprintf("field %s: %s", fieldName(p), msg), p...)
		}
		if d.Name == "" {
			return at("field name: missing", "name")
		}
		if d.Version == "" {
			return at("field version: missing (name the release the numbers apply to)", "version")
		}
		for key, s := range d.Sources {
			if !strings.HasPrefix(s.URL, "https://") || s.Quote == "" || s.Seen == "" {
				return at(fmt.Sprintf("field sources.%s: needs an https url, a quote and the date it was seen", key), "sources", key)
			}
		}
		if len(d.Roles) == 0 {
			return at("field roles: a distro needs at least one role", "roles")
		}
		roles := map[string]bool{}
		for j := range d.Roles {
			r := &d.Roles[j]
			rat := func(field string, what string, path ...any) error {
				full := append([]any{"roles", j}, path...)
				return at(fmt.Sprintf("role %s: field %s: %s", label(r.Name), field, what), full...)
			}
			if !validID(r.Name) {
				return rat("name", fmt.Sprintf("%s is not a valid role name", quote(r.Name)), "name")
			}
			if roles[r.Name] {
				return rat("name", "duplicate role", "name")
			}
			roles[r.Name] = true
			for _, l := range []struct {
				field string
				list  *List
			}{{"os", r.OS}, {"arch", r.Arch}} {
				if l.list == nil || len(l.list.Values) == 0 {
					return rat(l.field, "missing (list the accepted values with a source)", l.field)
				}
			}
			for _, q := range []struct {
				field string
				req   *Requirement
				size  bool
			}{{"cpus", r.CPUs, false}, {"memory", r.Memory, true}, {"disk", r.Disk, true}} {
				if q.req == nil {
					continue
				}
				if err := q.req.resolve(q.size); err != nil {
					return rat(q.field, err.Error(), q.field)
				}
			}
			if err := r.checkValues(); err != nil {
				return rat(err.field, err.msg, err.field)
			}
			for _, c := range r.cited() {
				if c.c == nil {
					continue
				}
				src, ok := d.Sources[c.c.Source]
				if !ok {
					return rat(c.field+".source", sourceMissing(c.c.Source, d), c.field)
				}
				c.c.Cite = &src
			}
			for _, q := range []struct {
				field string
				req   *Requirement
			}{{"cpus", r.CPUs}, {"memory", r.Memory}, {"disk", r.Disk}} {
				if q.req == nil {
					continue
				}
				q.req.RecommendedCite = q.req.Cite
				if q.req.RecommendedSource != "" {
					src, ok := d.Sources[q.req.RecommendedSource]
					if !ok {
						return rat(q.field+".recommendedSource", sourceMissing(q.req.RecommendedSource, d), q.field)
					}
					q.req.RecommendedCite = &src
				}
				switch {
				case q.req.MinOfMemTotal && (q.field != "memory" || q.req.Min == "" || q.req.MinOfSource == ""):
					return rat(q.field+".minOfMemTotal", "goes with memory only, with a min and a minOfSource", q.field)
				case q.req.MinOfSource != "" && !q.req.MinOfMemTotal:
					return rat(q.field+".minOfSource", "goes with minOfMemTotal: true", q.field)
				case q.req.MinOfMemTotal:
					src, ok := d.Sources[q.req.MinOfSource]
					if !ok {
						return rat(q.field+".minOfSource", sourceMissing(q.req.MinOfSource, d), q.field)
					}
					q.req.MinOfCite = &src
				}
			}
			if cg := r.Cgroup; cg != nil {
				cg.V1Cite = cg.Cite
				if cg.V1Source != "" {
					src, ok := d.Sources[cg.V1Source]
					if !ok {
						return rat("cgroup.v1Source", sourceMissing(cg.V1Source, d), "cgroup")
					}
					cg.V1Cite = &src
				}
			}
		}
	}
	return nil
}

type namedCited struct {
	field string
	c     *Cited
}

// cited lists every requirement of the role with its field name.
func (r *Role) cited() []namedCited {
	var out []namedCited
	add := func(field string, ok bool, c interface{ cited() *Cited }) {
		if ok {
			out = append(out, namedCited{field, c.cited()})
		}
	}
	add("os", r.OS != nil, r.OS)
	add("osIDs", r.OSIDs != nil, r.OSIDs)
	add("arch", r.Arch != nil, r.Arch)
	add("cpuFlags", r.CPUFlags != nil, r.CPUFlags)
	add("footprint", r.Footprint != nil && r.Footprint.Unknown == "", r.Footprint)
	add("cpus", r.CPUs != nil, r.CPUs)
	add("memory", r.Memory != nil, r.Memory)
	add("disk", r.Disk != nil, r.Disk)
	add("cgroup", r.Cgroup != nil, r.Cgroup)
	add("kernel", r.Kernel != nil, r.Kernel)
	add("swap", r.Swap != nil, r.Swap)
	add("init", r.Init != nil, r.Init)
	add("tools", r.Tools != nil, r.Tools)
	add("ports", r.Ports != nil, r.Ports)
	add("storage", r.Storage != nil, r.Storage)
	return out
}

type fieldError struct{ field, msg string }

// checkValues validates the words and numbers of the newer requirements.
func (r *Role) checkValues() *fieldError {
	oneOf := func(v string, allowed ...string) bool {
		for _, a := range allowed {
			if v == a {
				return true
			}
		}
		return false
	}
	if !oneOf(r.Cluster, "server", "agent", "node", "single") {
		return &fieldError{"cluster", fmt.Sprintf("%q is not server, agent, node or single", r.Cluster)}
	}
	if c := r.Cgroup; c != nil && !oneOf(c.V1, "ok", "warn", "fail") {
		return &fieldError{"cgroup.v1", fmt.Sprintf("%q is not ok, warn or fail", c.V1)}
	}
	if s := r.Swap; s != nil && !oneOf(s.Verdict, "warn", "fail") {
		return &fieldError{"swap.verdict", fmt.Sprintf("%q is not warn or fail", s.Verdict)}
	}
	for _, t := range []struct {
		field string
		req   *ToolsReq
	}{{"init", r.Init}, {"tools", r.Tools}} {
		if t.req == nil {
			continue
		}
		if !oneOf(t.req.Missing, "warn", "fail") {
			return &fieldError{t.field + ".missing", fmt.Sprintf("%q is not warn or fail", t.req.Missing)}
		}
		if len(t.req.AllOf)+len(t.req.AnyOf) == 0 {
			return &fieldError{t.field, "needs allOf or anyOf"}
		}
	}
	if p := r.Ports; p != nil {
		for _, port := range append(append([]int{}, p.TCP...), p.UDP...) {
			if port < 1 || port > 65535 {
				return &fieldError{"ports", fmt.Sprintf("%d is not a port", port)}
			}
		}
	}
	if f := r.Footprint; f != nil {
		switch {
		case f.Unknown != "" && (f.Memory != "" || f.CPU != 0):
			return &fieldError{"footprint", "has figures and says they are unknown"}
		case f.Unknown == "" && f.Memory == "" && f.CPU == 0:
			return &fieldError{"footprint", "needs memory, cpu or unknown (say why there is no figure)"}
		case f.CPU < 0:
			return &fieldError{"footprint.cpu", fmt.Sprintf("%v is negative", f.CPU)}
		}
		if f.Memory != "" {
			v, err := units.ParseSize(f.Memory)
			if err != nil {
				return &fieldError{"footprint.memory", err.Error()}
			}
			f.MemoryBytes = float64(v)
		}
	}
	if s := r.Storage; s != nil {
		for _, m := range s.Avoid {
			if !oneOf(m, "hdd", "sd") {
				return &fieldError{"storage.avoid", fmt.Sprintf("%q is not hdd or sd", m)}
			}
		}
	}
	return nil
}

func sourceMissing(key string, d *Distro) string {
	if key == "" {
		return "every requirement needs a source"
	}
	keys := make([]string, 0, len(d.Sources))
	for k := range d.Sources {
		keys = append(keys, label(k))
	}
	sort.Strings(keys)
	return fmt.Sprintf("source %s is not under sources (have: %s)", quote(key), some(keys))
}

func (q *Requirement) resolve(size bool) error {
	parse := func(s string) (float64, error) {
		if size {
			v, err := units.ParseSize(s)
			return float64(v), err
		}
		var f float64
		if _, err := fmt.Sscan(s, &f); err != nil || f <= 0 {
			return 0, fmt.Errorf("%q is not a positive CPU count", s)
		}
		return f, nil
	}
	if q.Min == "" && q.Recommended == "" {
		return errors.New("needs min, recommended or both")
	}
	var err error
	if q.Min != "" {
		if q.MinValue, err = parse(q.Min); err != nil {
			return fmt.Errorf("min: %v", err)
		}
	}
	if q.Recommended != "" {
		if q.RecommendedValue, err = parse(q.Recommended); err != nil {
			return fmt.Errorf("recommended: %v", err)
		}
	}
	if q.Min != "" && q.Recommended != "" && q.MinValue > q.RecommendedValue {
		return fmt.Errorf("min %s is above recommended %s", q.Min, q.Recommended)
	}
	return nil
}

// position finds the line and column of a path (mapping keys and sequence
// indexes) in a YAML document, falling back to the deepest node found.
func position(root *yaml.Node, path ...any) string {
	n := root
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	for _, p := range path {
		next := (*yaml.Node)(nil)
		switch k := p.(type) {
		case string:
			if n.Kind == yaml.MappingNode {
				for i := 0; i+1 < len(n.Content); i += 2 {
					if n.Content[i].Value == k {
						next = n.Content[i+1]
						if next.Kind == yaml.ScalarNode {
							next = n.Content[i] // the key reads better than its value
						}
						break
					}
				}
			}
		case int:
			if n.Kind == yaml.SequenceNode && k < len(n.Content) {
				next = n.Content[k]
			}
		}
		if next == nil {
			break
		}
		n = next
	}
	return fmt.Sprintf("line %d, column %d", n.Line, n.Column)
}

// Select returns the roles named by specs ("k3s" for all of k3s's roles,
// "k3s:server" for one). An unknown id is an error that lists the valid ones.
func (c *Catalog) Select(specs []string) (*Catalog, error) {
	if len(specs) == 0 {
		return c, nil
	}
	byID := make(map[string]*Distro, len(c.Distros))
	for i := range c.Distros {
		byID[c.Distros[i].ID] = &c.Distros[i]
	}
	out := &Catalog{}
	index := map[string]int{}
	for _, spec := range specs {
		id, role, hasRole := strings.Cut(spec, ":")
		d := byID[id]
		if d == nil {
			return nil, fmt.Errorf("unknown distro %s; valid: %s", quote(id), some(c.IDs()))
		}
		var picked []Role
		for _, r := range d.Roles {
			if !hasRole || r.Name == role {
				picked = append(picked, r)
			}
		}
		if len(picked) == 0 {
			return nil, fmt.Errorf("unknown role %s for %s; valid: %s", quote(role), id, some(d.RoleIDs()))
		}
		i, ok := index[id]
		if !ok {
			cp := *d
			cp.Roles = nil
			out.Distros = append(out.Distros, cp)
			i = len(out.Distros) - 1
			index[id] = i
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
