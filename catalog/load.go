package catalog

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"maps"
	"reflect"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Every catalog, the built-in one and a user's, is made by load, in four
// stages: decode the YAML document (the built-in one comes decoded, from
// builtin_gen.go), overlay it on a base catalog (an empty one for the
// built-in catalog), resolve each requirement's sources and sizes, and
// validate the result: ids, strings, limits and the vocabulary.

// document is a catalog file on its way in.
type document struct {
	name string // as errors name it
	data []byte // the YAML text: decoded, and searched for positions in errors
	// decoded, when not nil, is data already decoded.
	decoded *Catalog
}

// Default returns the built-in catalog, loaded as a user's catalog is: an
// error here means a broken build.
func Default() (*Catalog, error) {
	c := builtinCatalog()
	return load(&Catalog{}, document{name: "catalog.yaml (built in)", data: builtin, decoded: &c})
}

// Merge reads a user catalog in the same schema and lays it over c: a
// distribution with a new id is added; one with a known id changes the
// fields it gives (name, version, cni, cri, sources) and its roles. A role
// with a known name has each requirement it gives replaced whole (memory,
// cpus, disk, ports, ...); a new role is added and must be complete. Errors
// name the user's file, line and column, the distro, the role and the field.
// c is not changed.
func (c *Catalog) Merge(r io.Reader, name string) (*Catalog, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("read catalog %s: %w", name, err)
	}
	return load(c, document{name: name, data: data})
}

// load makes a catalog of doc laid over base; base is not changed.
func load(base *Catalog, doc document) (*Catalog, error) {
	wrap := func(err error) error { return fmt.Errorf("catalog %s: %w", doc.name, err) }
	// The node tree is only needed to say where an error is; it is parsed
	// then, not on every start.
	docPos := func(path ...any) string {
		var root yaml.Node
		if yaml.Unmarshal(doc.data, &root) != nil {
			return "unknown position"
		}
		return position(&root, path...)
	}
	user := doc.decoded
	if user == nil {
		c, err := decodeYAML(doc.data)
		if err != nil {
			return nil, wrap(err)
		}
		user = &c
	}
	if err := user.checkText(docPos); err != nil {
		return nil, wrap(err)
	}
	out, pos, err := overlay(base, user, docPos)
	if err != nil {
		return nil, wrap(err)
	}
	if err := out.resolve(pos); err != nil {
		return nil, wrap(err)
	}
	if err := out.validate(pos); err != nil {
		return nil, wrap(err)
	}
	if err := out.checkReleases(pos); err != nil {
		return nil, wrap(err)
	}
	return out, nil
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
	err := dec.Decode(&next)
	if errors.Is(err, io.EOF) {
		return c, nil
	}
	if err != nil {
		return c, fmt.Errorf("a second YAML document follows the catalog: %w", cleanYAMLError(err))
	}
	return c, fmt.Errorf("line %d, column %d: a second YAML document starts here; a catalog is one document", next.Line, next.Column)
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

// overlay lays user over base, which it does not change, and returns the
// result with a pos that maps a path in the result back to user's document
// (docPos locates a path there).
func overlay(base, user *Catalog, docPos func(path ...any) string) (*Catalog, func(path ...any) string, error) {
	if err := uniqueIDs(user, docPos); err != nil {
		return nil, nil, err
	}
	out := &Catalog{Distros: make([]Distro, len(base.Distros), len(base.Distros)+len(user.Distros))}
	copy(out.Distros, base.Distros)
	// Where each distro and role the user gave is in the user's file, by
	// its index in out; what is not there comes from base.
	type at struct{ d, r int }
	distroOrigin := map[int]int{}
	roleOrigin := map[at]at{}
	// Indexes by id keep the merge linear: a user catalog can hold
	// thousands of distributions.
	index := make(map[string]int, len(base.Distros)+len(user.Distros))
	for i := range out.Distros {
		d := &out.Distros[i]
		// Resolving writes into the requirements: the base keeps its own.
		d.Roles = make([]Role, len(d.Roles))
		for j, r := range base.Distros[i].Roles {
			d.Roles[j] = r.clone()
		}
		d.Sources = maps.Clone(d.Sources)
		index[d.ID] = i
	}
	for ui, ud := range user.Distros {
		bi, ok := index[ud.ID]
		if !ok {
			out.Distros = append(out.Distros, ud)
			bi = len(out.Distros) - 1
			index[ud.ID] = bi
			distroOrigin[bi] = ui
			for uj := range ud.Roles {
				roleOrigin[at{bi, uj}] = at{ui, uj}
			}
			continue
		}
		distroOrigin[bi] = ui
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
			roleOrigin[at{bi, bj}] = at{ui, uj}
		}
	}

	pos := func(path ...any) string {
		// path is distros, i, [roles, j, ...]: map the merged indexes back
		// to the user's file.
		if len(path) < 2 {
			return docPos(path...)
		}
		di, _ := path[1].(int)
		if len(path) >= 4 && path[2] == "roles" {
			rj, _ := path[3].(int)
			if o, ok := roleOrigin[at{di, rj}]; ok {
				return docPos(append([]any{"distros", o.d, "roles", o.r}, path[4:]...)...)
			}
			path = path[:2] // a role of base: point at the user's distro
		}
		if ud, ok := distroOrigin[di]; ok {
			return docPos(append([]any{"distros", ud}, path[2:]...)...)
		}
		return "the built-in catalog"
	}
	return out, pos, nil
}

// uniqueIDs holds a user's file to one entry per distro id and role name:
// a second entry would silently change the first.
func uniqueIDs(user *Catalog, docPos func(path ...any) string) error {
	seen := map[string]bool{}
	for ui, ud := range user.Distros {
		if seen[ud.ID] {
			return fmt.Errorf("%s: distro %s: field id: duplicate distro id", docPos("distros", ui, "id"), label(ud.ID))
		}
		seen[ud.ID] = true
		roles := map[string]bool{}
		for uj, ur := range ud.Roles {
			if roles[ur.Name] {
				return fmt.Errorf("%s: distro %s: role %s: field name: duplicate role", docPos("distros", ui, "roles", uj, "name"), label(ud.ID), label(ur.Name))
			}
			roles[ur.Name] = true
		}
	}
	return nil
}

// clone copies the role and each requirement it points to.
func (r Role) clone() Role {
	v := reflect.ValueOf(&r).Elem()
	for i := range v.NumField() {
		if f := v.Field(i); f.Kind() == reflect.Pointer && !f.IsNil() {
			cp := reflect.New(f.Type().Elem())
			cp.Elem().Set(f.Elem())
			f.Set(cp)
		}
	}
	return r
}

func overlayDistro(d *Distro, u Distro) {
	if u.Name != "" {
		d.Name = u.Name
	}
	if u.Homepage != "" {
		d.Homepage = u.Homepage
	}
	if u.Version != "" {
		d.Version, d.VersionSource = u.Version, u.VersionSource
	}
	d.Releases = mergeReleases(d.Releases, u.Releases)
	if u.Purpose != "" {
		d.Purpose = u.Purpose
	}
	if u.CNI != nil {
		d.CNI = u.CNI
	}
	if u.CRI != nil {
		d.CRI = u.CRI
	}
	if u.Conditions != nil {
		d.Conditions = u.Conditions
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
