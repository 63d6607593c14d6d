package catalog

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func catalogSeeds(f *testing.F) {
	f.Add(Builtin())
	f.Add([]byte(good))
	if b, err := os.ReadFile(filepath.Join("..", "testdata", "catalogs", "example.yaml")); err == nil {
		f.Add(b)
	}
	f.Add([]byte("distros:\n  - id: k3s\n    roles:\n      - name: server\n        memory: {min: -4GB, source: hw}\n"))
	f.Add([]byte("distros: [{id: a, name: A, version: v1, roles: [{name: r, cluster: single, os: {values: [linux], source: s}, arch: {values: [amd64], source: s}}], sources: {s: {url: 'https://x', quote: q, seen: d}}}]"))
	f.Add([]byte("&a [*a]"))
	f.Add([]byte(good + "---\ndistros: []\n"))
	f.Add([]byte(strings.Replace(good, "name: Demo", `name: "De\e[2Jmo\u202e"`, 1)))
	f.Add([]byte("distros:\n  - {id: k3s, \"\\e]0;x\\a\": 1}\n"))
}

func FuzzParse(f *testing.F) {
	catalogSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := parse(bytes.NewReader(data), "fuzz.yaml")
		if err != nil {
			checkError(t, err, "catalog fuzz.yaml")
			return
		}
		checkCited(t, c)
		checkStrings(t, c)
	})
}

func FuzzMerge(f *testing.F) {
	catalogSeeds(f)
	base, err := Default()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := base.Merge(bytes.NewReader(data), "user.yaml")
		if err != nil {
			checkError(t, err, "catalog user.yaml")
			return
		}
		if len(c.Distros) < len(base.Distros) {
			t.Fatalf("a merge lost distributions: %d < %d", len(c.Distros), len(base.Distros))
		}
		checkCited(t, c)
		checkStrings(t, c)
	})
}

// checkError asserts that an error names the file and can be printed as it
// is: one line, no control or bidi characters, not long.
func checkError(t *testing.T, err error, prefix string) {
	t.Helper()
	if !strings.HasPrefix(err.Error(), prefix) {
		t.Fatalf("error does not name the file: %v", err)
	}
	if msg := checkString(err.Error(), 2*maxText+200); msg != "" {
		t.Fatalf("error %s: %q", msg, err)
	}
}

// checkStrings asserts that a valid catalog holds only printable, bounded
// strings and ids that --distro reads back.
func checkStrings(t *testing.T, c *Catalog) {
	t.Helper()
	if len(c.Distros) > maxDistros {
		t.Fatalf("%d distros", len(c.Distros))
	}
	for _, d := range c.Distros {
		if p, msg := badString(reflect.ValueOf(d), maxWord); msg != "" {
			t.Fatalf("%s: %s %s", d.ID, fieldName(p), msg)
		}
		for _, id := range d.RoleIDs() {
			if strings.Count(id, ":") != 1 || strings.ContainsAny(id, ", ") {
				t.Fatalf("--distro cannot read back %q", id)
			}
		}
	}
}

// checkCited asserts what validation promises: every number has a source.
func checkCited(t *testing.T, c *Catalog) {
	t.Helper()
	for _, d := range c.Distros {
		for _, r := range d.Roles {
			for _, nc := range r.cited() {
				if nc.c.Cite == nil {
					t.Fatalf("%s:%s %s has no source after validation", d.ID, r.Name, nc.field)
				}
			}
		}
	}
}
