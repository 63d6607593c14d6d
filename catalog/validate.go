package catalog

import (
	"errors"
	"fmt"
	"maps"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/kfit-dev/kfit/internal/units"
)

// Ids and role names are printed as they are and read back from
// --distro ID:ROLE, split on commas: they hold no ':', ',' or space.
var idPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9+._-]*$`)

func validID(s string) bool { return len(s) <= maxID && idPattern.MatchString(s) }

// distroError makes the errors about distro i: pos locates the path, and the
// message names the distro.
func distroError(pos func(path ...any) string, i int, d *Distro) func(what string, path ...any) error {
	return func(what string, path ...any) error {
		full := append([]any{"distros", i}, path...)
		return fmt.Errorf("%s: distro %s: %s", pos(full...), label(d.ID), what)
	}
}

// roleError makes the errors about role j of a distro: they name the role
// and the field.
func roleError(at func(what string, path ...any) error, j int, r *Role) func(field, what string, path ...any) error {
	return func(field, what string, path ...any) error {
		full := append([]any{"roles", j}, path...)
		return at(fmt.Sprintf("role %s: field %s: %s", label(r.Name), field, what), full...)
	}
}

// checkText is the last step of decoding: every string of the document is
// printable and bounded, and its ids and role names read back from
// --distro, before any later stage quotes them. pos locates a path in the
// document.
func (c *Catalog) checkText(pos func(path ...any) string) error {
	for i := range c.Distros {
		d := &c.Distros[i]
		at := distroError(pos, i, d)
		if !validID(d.ID) {
			return at(fmt.Sprintf("field id: %s is not a valid id (up to %d lower case letters, digits, + . _ -)", quote(d.ID), maxID), "id")
		}
		if p, msg := badString(reflect.ValueOf(d).Elem(), maxWord); msg != "" {
			if p[0] == "roles" { // roles, index, field...: badString names a field of a struct
				return at(fmt.Sprintf("role %s: field %s: %s", label(d.Roles[p[1].(int)].Name), fieldName(p[2:]), msg), p...)
			}
			return at(fmt.Sprintf("field %s: %s", fieldName(p), msg), p...)
		}
		for j := range d.Roles {
			if r := &d.Roles[j]; !validID(r.Name) {
				return roleError(at, j, r)("name", fmt.Sprintf("%s is not a valid role name", quote(r.Name)), "name")
			}
		}
	}
	return nil
}

// resolve looks up each requirement's sources and reads its sizes and
// counts. pos locates a path in the catalog.
func (c *Catalog) resolve(pos func(path ...any) string) error {
	for i := range c.Distros {
		d := &c.Distros[i]
		at := distroError(pos, i, d)
		if err := d.resolveConditions(at); err != nil {
			return err
		}
		source := func(key string) (*Source, bool) {
			src, ok := d.Sources[key]
			return &src, ok
		}
		for j := range d.Roles {
			r := &d.Roles[j]
			rat := roleError(at, j, r)
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
			if f := r.Footprint; f != nil && f.Memory != "" {
				v, err := units.ParseSize(f.Memory)
				if err != nil {
					return rat("footprint.memory", err.Error(), "footprint.memory")
				}
				f.MemoryBytes = float64(v)
			}
			if f := r.Footprint; f != nil && f.AtLeast != "" {
				v, err := units.ParseSize(f.AtLeast)
				if err != nil {
					return rat("footprint.atLeast", err.Error(), "footprint.atLeast")
				}
				f.AtLeastBytes = float64(v)
			}
			for _, c := range r.cited() {
				src, ok := source(c.c.Source)
				if !ok {
					return rat(c.field+".source", sourceMissing(c.c.Source, d), c.field)
				}
				c.c.Cite = src
			}
			for _, q := range []struct {
				field string
				req   *Requirement
			}{{"cpus", r.CPUs}, {"memory", r.Memory}, {"disk", r.Disk}} {
				if q.req == nil {
					continue
				}
				q.req.RecommendedCite = q.req.Cite
				if key := q.req.RecommendedSource; key != "" {
					src, ok := source(key)
					if !ok {
						return rat(q.field+".recommendedSource", sourceMissing(key, d), q.field)
					}
					q.req.RecommendedCite = src
				}
				if key := q.req.MinOfSource; key != "" {
					src, ok := source(key)
					if !ok {
						return rat(q.field+".minOfSource", sourceMissing(key, d), q.field)
					}
					q.req.MinOfCite = src
				}
			}
			if cg := r.Cgroup; cg != nil {
				cg.V1Cite = cg.Cite
				if key := cg.V1Source; key != "" {
					src, ok := source(key)
					if !ok {
						return rat("cgroup.v1Source", sourceMissing(key, d), "cgroup")
					}
					cg.V1Cite = src
				}
			}
		}
	}
	return nil
}

// validate checks what YAML's types cannot: limits, the fields a distro and
// a role must have, the values and the words they may hold. pos locates a
// path in the catalog.
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
	for i := range c.Distros {
		d := &c.Distros[i]
		at := distroError(pos, i, d)
		if d.Name == "" {
			return at("field name: missing", "name")
		}
		if d.Version == "" {
			return at("field version: missing (name the release the numbers apply to)", "version")
		}
		if d.Purpose != "" && !slices.Contains(Purposes(), d.Purpose) {
			return at(fmt.Sprintf("field purpose: %s is not %s", quote(d.Purpose), orList(Purposes())), "purpose")
		}
		for _, key := range slices.Sorted(maps.Keys(d.Sources)) {
			if s := d.Sources[key]; !strings.HasPrefix(s.URL, "https://") || s.Quote == "" || s.Seen == "" {
				return at(fmt.Sprintf("field sources.%s: needs an https url, a quote and the date it was seen", key), "sources", key)
			}
		}
		if len(d.Roles) == 0 {
			return at("field roles: a distro needs at least one role", "roles")
		}
		for j := range d.Roles {
			r := &d.Roles[j]
			rat := roleError(at, j, r)
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
			}{{"cpus", r.CPUs}, {"memory", r.Memory}, {"disk", r.Disk}} {
				if q.req == nil {
					continue
				}
				if q.req.MinOfMemTotal && (q.field != "memory" || q.req.Min == "" || q.req.MinOfSource == "") {
					return rat(q.field+".minOfMemTotal", "goes with memory only, with a min and a minOfSource", q.field)
				}
				if q.req.MinOfSource != "" && !q.req.MinOfMemTotal {
					return rat(q.field+".minOfSource", "goes with minOfMemTotal: true", q.field)
				}
			}
			if err := r.checkValues(); err != nil {
				return rat(fieldName(err.path), err.msg, err.path...)
			}
			if err := r.checkWords(); err != nil {
				return rat(fieldName(err.path), err.msg, err.path...)
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
	add("footprint", r.Footprint != nil && (r.Footprint.Unknown == "" || r.Footprint.AtLeast != ""), r.Footprint)
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

// fieldError is what is wrong with a role's field, by its path in the role.
type fieldError struct {
	path []any
	msg  string
}

// fieldErr is a fieldError for the field of that dotted name; its position
// is the role's.
func fieldErr(field, msg string) *fieldError { return &fieldError{[]any{field}, msg} }

// checkValues validates the verdicts, kinds and numbers of the newer
// requirements.
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
		return fieldErr("cluster", fmt.Sprintf("%q is not server, agent, node or single", r.Cluster))
	}
	if c := r.Cgroup; c != nil && !oneOf(c.V1, "ok", "warn", "fail") {
		return fieldErr("cgroup.v1", fmt.Sprintf("%q is not ok, warn or fail", c.V1))
	}
	if s := r.Swap; s != nil && !oneOf(s.Verdict, "warn", "fail") {
		return fieldErr("swap.verdict", fmt.Sprintf("%q is not warn or fail", s.Verdict))
	}
	for _, t := range []struct {
		field string
		req   *ToolsReq
	}{{"init", r.Init}, {"tools", r.Tools}} {
		if t.req == nil {
			continue
		}
		if !oneOf(t.req.Missing, "warn", "fail") {
			return fieldErr(t.field+".missing", fmt.Sprintf("%q is not warn or fail", t.req.Missing))
		}
		if len(t.req.AllOf)+len(t.req.AnyOf) == 0 {
			return fieldErr(t.field, "needs allOf or anyOf")
		}
	}
	if f := r.Footprint; f != nil {
		if f.Unknown != "" && (f.Memory != "" || f.CPU != 0) {
			return fieldErr("footprint", "has figures and says they are unknown")
		}
		if f.AtLeast != "" && f.Unknown == "" {
			return fieldErr("footprint.atLeast", "goes with unknown: a lower bound where no figure is published")
		}
		if f.Unknown == "" && f.Memory == "" && f.CPU == 0 {
			return fieldErr("footprint", "needs memory, cpu or unknown (say why there is no figure)")
		}
		if f.CPU < 0 {
			return fieldErr("footprint.cpu", fmt.Sprintf("%v is negative", f.CPU))
		}
	}
	if s := r.Storage; s != nil {
		for _, m := range s.Avoid {
			if !oneOf(m, "hdd", "sd") {
				return fieldErr("storage.avoid", fmt.Sprintf("%q is not hdd or sd", m))
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
				for i := 0; i < len(n.Content); i += 2 { // key, value, key, value...
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
