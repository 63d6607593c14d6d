package catalog

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Release is another release of a distribution that kfit can judge, older
// or newer than the current one: its roles' requirements are the current
// release's, except those it states, which replace the current ones whole
// (as a user catalog's do).
type Release struct {
	Version string `yaml:"version" json:"version"`
	// EndOfSupport is the last day the release gets fixes (YYYY-MM-DD),
	// from a cited release calendar; "" when none is published.
	EndOfSupport string `yaml:"endOfSupport,omitempty" json:"endOfSupport,omitempty"`
	// Roles hold, by role name, only what differs from the current release.
	Roles []Role `yaml:"roles,omitempty" json:"roles,omitempty"`
	Cited `yaml:",inline"`
}

// Purposes say what a distribution is for (Distro.Purpose).
const (
	PurposeServer = "server" // a cluster on this machine's own OS
	PurposeDev    = "dev"    // a development cluster in containers or a VM
	PurposeOS     = "os"     // an operating system installed in place of this one
)

// Purposes lists the values Distro.Purpose takes.
func Purposes() []string { return []string{PurposeServer, PurposeDev, PurposeOS} }

// PurposeOf is what the distribution is for; a user's distribution that
// does not say is a server.
func (d *Distro) PurposeOf() string {
	if d.Purpose == "" {
		return PurposeServer
	}
	return d.Purpose
}

// mergeReleases lays a user's releases over the built-in ones: a release
// with a known version replaces that one whole, a new one is added. The
// user's come first, in their order, so that an error's index is the one in
// the user's file.
func mergeReleases(base, user []Release) []Release {
	if len(user) == 0 {
		return base
	}
	out := slices.Clone(user)
	for _, b := range base {
		if !slices.ContainsFunc(user, func(u Release) bool { return releaseKey(u.Version) == releaseKey(b.Version) }) {
			out = append(out, b)
		}
	}
	return out
}

// releaseKey is a version as releases are told apart: without case or a
// leading "v".
func releaseKey(v string) string { return strings.TrimPrefix(strings.ToLower(v), "v") }

// sameRelease says whether asked, a version as a user or a pipeline writes
// it (v1.34, 1.34, v1.34.5+k3s1, V1.34), names the release version: equal
// without a leading "v", or version followed by a further part.
func sameRelease(asked, version string) bool {
	a, v := releaseKey(asked), releaseKey(version)
	if a == v {
		return true
	}
	return v != "" && strings.HasPrefix(a, v) && strings.ContainsRune(".+-", rune(a[len(v)]))
}

// Versions lists the releases kfit knows for the distribution, the current
// one first.
func (d *Distro) Versions() []string {
	vs := []string{d.Version}
	for _, r := range d.Releases {
		vs = append(vs, r.Version)
	}
	return vs
}

// At returns the distribution as of the release asked names (see
// sameRelease): itself for the current release, or its older release with
// that release's requirements laid over the current ones. An unknown release
// is an error that lists the known ones.
func (d *Distro) At(asked string) (*Distro, error) {
	if asked == "" || sameRelease(asked, d.Version) {
		return d, nil
	}
	for k := range d.Releases {
		if sameRelease(asked, d.Releases[k].Version) {
			return d.at(k), nil
		}
	}
	return nil, fmt.Errorf("unknown release %s of %s; known: %s", quote(asked), d.ID, strings.Join(d.Versions(), ", "))
}

// at is the distribution as of its release k.
func (d *Distro) at(k int) *Distro {
	rel := d.Releases[k]
	out := *d
	out.Version, out.Current = rel.Version, d.Version
	out.Roles = make([]Role, len(d.Roles))
	for j, r := range d.Roles {
		out.Roles[j] = r.clone()
		for _, u := range rel.Roles {
			if u.Name == r.Name {
				overlayRole(&out.Roles[j], u)
			}
		}
	}
	return &out
}

// SupportedOn says whether the release still gets fixes on day: its end of
// support is that day or later. A release without one is not counted on.
func (r Release) SupportedOn(day time.Time) bool {
	return r.EndOfSupport != "" && r.EndOfSupport >= day.Format(time.DateOnly)
}

// OlderThan says whether release version a is older than b, comparing
// their numbers in order (v1.34 < v1.35 < v1.35.2; 4.18 < 4.20).
func OlderThan(a, b string) bool {
	na, nb := numbers(a), numbers(b)
	for i := range min(len(na), len(nb)) {
		if na[i] != nb[i] {
			return na[i] < nb[i]
		}
	}
	return len(na) < len(nb)
}

// numbers are the runs of digits in a version, as numbers.
func numbers(v string) []int {
	var out []int
	n, in := 0, false
	for _, r := range v + "." {
		if '0' <= r && r <= '9' {
			n, in = min(n*10+int(r-'0'), 1<<30), true
			continue
		}
		if in {
			out = append(out, n)
		}
		n, in = 0, false
	}
	return out
}

// checkReleases validates the other releases: versions, dates, role names;
// each release's requirements are resolved and validated with its
// distribution, as the current ones are.
func (d *Distro) checkReleases(at func(what string, path ...any) error) error {
	if key := d.VersionSource; key != "" {
		src, ok := d.Sources[key]
		if !ok {
			return at("field versionSource: "+sourceMissing(key, d), "versionSource")
		}
		d.VersionCite = &src
	}
	seen := map[string]bool{releaseKey(d.Version): true}
	for k, r := range d.Releases {
		field := fmt.Sprintf("releases[%d]", k)
		key := releaseKey(r.Version)
		switch {
		case r.Version == "":
			return at("field "+field+".version: missing", "releases", k)
		case strings.ContainsAny(r.Version, ":,@ \t"):
			return at(fmt.Sprintf("field %s.version: %s holds a character --distro ID@VERSION:ROLE cannot carry (: , @ or a space)", field, quote(r.Version)), "releases", k, "version")
		case seen[key]:
			return at(fmt.Sprintf("field %s.version: %s is listed twice", field, quote(r.Version)), "releases", k, "version")
		}
		seen[key] = true
		if r.EndOfSupport != "" {
			if _, err := time.Parse(time.DateOnly, r.EndOfSupport); err != nil {
				return at(fmt.Sprintf("field %s.endOfSupport: %s is not a date (YYYY-MM-DD)", field, quote(r.EndOfSupport)), "releases", k, "endOfSupport")
			}
			if r.Source == "" {
				return at("field "+field+".source: an end of support needs a source (the release calendar)", "releases", k)
			}
		}
		if r.Source != "" {
			src, ok := d.Sources[r.Source]
			if !ok {
				return at(fmt.Sprintf("field %s.source: %s", field, sourceMissing(r.Source, d)), "releases", k)
			}
			d.Releases[k].Cite = &src
		}
		for m, u := range r.Roles {
			if d.Role(u.Name) == nil {
				return at(fmt.Sprintf("field %s.roles[%d].name: %s is not a role of %s; valid: %s", field, m, quote(u.Name), d.ID, strings.Join(d.roleNames(), ", ")), "releases", k, "roles", m)
			}
		}
	}
	return nil
}

func (d *Distro) roleNames() []string {
	names := make([]string, len(d.Roles))
	for i, r := range d.Roles {
		names[i] = r.Name
	}
	return names
}

// checkReleases validates every distribution's other releases, and resolves
// and validates each of them laid over its distribution, as the current
// release is: every requirement it states is cited and well formed.
func (c *Catalog) checkReleases(pos func(path ...any) string) error {
	for i := range c.Distros {
		d := &c.Distros[i]
		if err := d.checkReleases(distroError(pos, i, d)); err != nil {
			return err
		}
		for k := range d.Releases {
			rd := d.at(k)
			rd.ID = d.ID + "@" + rd.Version // errors name the release
			one := &Catalog{Distros: []Distro{*rd}}
			rel := d.Releases[k]
			at := func(path ...any) string {
				// distros, 0, roles, j, field...: the field in the release's
				// own role, where it states one.
				if len(path) >= 4 && path[2] == "roles" {
					if j, ok := path[3].(int); ok && j < len(rd.Roles) {
						if m := slices.IndexFunc(rel.Roles, func(r Role) bool { return r.Name == rd.Roles[j].Name }); m >= 0 {
							return pos(append([]any{"distros", i, "releases", k, "roles", m}, path[4:]...)...)
						}
					}
				}
				return pos("distros", i, "releases", k)
			}
			if err := one.resolve(at); err != nil {
				return err
			}
			if err := one.validate(at); err != nil {
				return err
			}
		}
	}
	return nil
}

// Judged is the release record of the release the distribution stands for,
// when it is one of its other releases (see At); nil for the current one.
func (d *Distro) Judged() *Release {
	for i := range d.Releases {
		if d.Releases[i].Version == d.Version {
			return &d.Releases[i]
		}
	}
	return nil
}
