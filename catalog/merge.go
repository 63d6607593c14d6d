package catalog

import (
	"fmt"
	"io"
	"maps"

	"go.yaml.in/yaml/v3"
)

// Merge reads a user catalog in the same schema and lays it over c: a
// distribution with a new id is added; one with a known id changes the
// fields it gives (name, version, cni, cri, sources) and its roles. A role
// with a known name has each requirement it gives replaced whole (memory,
// cpus, disk, ports, ...); a new role is added and must be complete. Errors
// name the user's file, line and column, the distro, the role and the field.
func (c *Catalog) Merge(r io.Reader, name string) (*Catalog, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("read catalog %s: %w", name, err)
	}
	user, err := decodeYAML(data)
	if err != nil {
		return nil, fmt.Errorf("catalog %s: %w", name, err)
	}

	// Within the user's file, ids must be unique: a second entry would
	// silently change the first.
	userPos := func(path ...any) string {
		var root yaml.Node
		if yaml.Unmarshal(data, &root) != nil {
			return "unknown position"
		}
		return position(&root, path...)
	}
	seen := map[string]bool{}
	for ui, ud := range user.Distros {
		if seen[ud.ID] {
			return nil, fmt.Errorf("catalog %s: %s: distro %s: field id: duplicate distro id", name, userPos("distros", ui, "id"), label(ud.ID))
		}
		seen[ud.ID] = true
		roles := map[string]bool{}
		for uj, ur := range ud.Roles {
			if roles[ur.Name] {
				return nil, fmt.Errorf("catalog %s: %s: distro %s: role %s: field name: duplicate role", name, userPos("distros", ui, "roles", uj, "name"), label(ud.ID), label(ur.Name))
			}
			roles[ur.Name] = true
		}
	}

	out := &Catalog{Distros: make([]Distro, len(c.Distros))}
	copy(out.Distros, c.Distros)
	type at struct{ d, r int } // index in the user's file; r is -1 for the distro itself
	origin := map[at]at{}
	// Indexes by id keep the merge linear: a user catalog can hold
	// thousands of distributions.
	index := make(map[string]int, len(c.Distros)+len(user.Distros))
	for i := range out.Distros {
		out.Distros[i].Roles = append([]Role(nil), out.Distros[i].Roles...)
		out.Distros[i].Sources = maps.Clone(out.Distros[i].Sources)
		origin[at{i, -1}] = at{-1, -1}
		index[out.Distros[i].ID] = i
	}
	for ui, ud := range user.Distros {
		bi, ok := index[ud.ID]
		if !ok {
			out.Distros = append(out.Distros, ud)
			bi = len(out.Distros) - 1
			index[ud.ID] = bi
			origin[at{bi, -1}] = at{ui, -1}
			for uj := range ud.Roles {
				origin[at{bi, uj}] = at{ui, uj}
			}
			continue
		}
		origin[at{bi, -1}] = at{ui, -1}
		d := &out.Distros[bi]
		overlayDistro(d, ud)
		roles := make(map[string]int, len(d.Roles)+len(ud.Roles))
		for j, r := range d.Roles {
			roles[r.Name] = j
		}
		for uj, ur := range ud.Roles {
			bj, ok := roles[ur.Name]
			if !ok {
				d.Roles = append(d.Roles, ur)
				bj = len(d.Roles) - 1
				roles[ur.Name] = bj
			} else {
				overlayRole(&d.Roles[bj], ur)
			}
			origin[at{bi, bj}] = at{ui, uj}
		}
	}

	pos := func(path ...any) string {
		// path is distros, i, [roles, j, ...]: map the merged indexes back
		// to the user's file.
		if len(path) < 2 {
			return "unknown position"
		}
		di, _ := path[1].(int)
		rj := -1
		if len(path) >= 4 && path[2] == "roles" {
			rj, _ = path[3].(int)
		}
		o, ok := origin[at{di, rj}]
		if !ok {
			o, ok = origin[at{di, -1}]
			path = path[:2]
		}
		if !ok || o.d < 0 {
			return "the built-in catalog"
		}
		p := append([]any{"distros", o.d}, path[2:]...)
		if rj >= 0 && o.r >= 0 {
			p[3] = o.r
		}
		return userPos(p...)
	}
	if err := out.validate(pos); err != nil {
		return nil, fmt.Errorf("catalog %s: %w", name, err)
	}
	return out, nil
}

func overlayDistro(d *Distro, u Distro) {
	if u.Name != "" {
		d.Name = u.Name
	}
	if u.Homepage != "" {
		d.Homepage = u.Homepage
	}
	if u.Version != "" {
		d.Version = u.Version
	}
	if u.CNI != nil {
		d.CNI = u.CNI
	}
	if u.CRI != nil {
		d.CRI = u.CRI
	}
	if u.ReplacesOS {
		d.ReplacesOS = true
	}
	if d.Sources == nil {
		d.Sources = map[string]Source{}
	}
	maps.Copy(d.Sources, u.Sources)
}

// overlayRole replaces each requirement the user gives, whole.
func overlayRole(r *Role, u Role) {
	if u.Cluster != "" {
		r.Cluster = u.Cluster
	}
	if u.OS != nil {
		r.OS = u.OS
	}
	if u.OSIDs != nil {
		r.OSIDs = u.OSIDs
	}
	if u.Arch != nil {
		r.Arch = u.Arch
	}
	if u.CPUFlags != nil {
		r.CPUFlags = u.CPUFlags
	}
	if u.CPUs != nil {
		r.CPUs = u.CPUs
	}
	if u.Memory != nil {
		r.Memory = u.Memory
	}
	if u.Disk != nil {
		r.Disk = u.Disk
	}
	if u.Cgroup != nil {
		r.Cgroup = u.Cgroup
	}
	if u.Kernel != nil {
		r.Kernel = u.Kernel
	}
	if u.Swap != nil {
		r.Swap = u.Swap
	}
	if u.Init != nil {
		r.Init = u.Init
	}
	if u.Tools != nil {
		r.Tools = u.Tools
	}
	if u.Ports != nil {
		r.Ports = u.Ports
	}
	if u.Storage != nil {
		r.Storage = u.Storage
	}
	if u.Footprint != nil {
		r.Footprint = u.Footprint
	}
	if u.OldTable != "" {
		r.OldTable = u.OldTable
	}
}
