package catalog

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

func TestMergeExampleUserCatalog(t *testing.T) {
	base, err := Default()
	require.NoError(t, err)
	f, err := os.Open(filepath.Join("..", "testdata", "catalogs", "example.yaml"))
	require.NoError(t, err)
	defer f.Close()
	got, err := base.Merge(f, "example.yaml")
	require.NoError(t, err)

	server := got.Distro("k3s").Role("server")
	assert.Equal(t, 4e9, server.Memory.MinValue, "the user raised the k3s server's memory")
	assert.Equal(t, "https://wiki.example.org/homelab/sizing", server.Memory.Cite.URL)
	assert.Equal(t, 2.0, server.CPUs.MinValue, "what the user did not give stays")
	assert.Equal(t, "K3s", got.Distro("k3s").Name)
	assert.Equal(t, 2e9, base.Distro("k3s").Role("server").Memory.MinValue, "the built-in catalog is not changed")
	require.NotNil(t, got.Distro("kubesolo-lab"))
	assert.Equal(t, 1e9, got.Distro("kubesolo-lab").Role("node").Memory.RecommendedValue)
	assert.Len(t, got.Distros, len(base.Distros)+1)
}

func TestMergeRejectsBadUserCatalogs(t *testing.T) {
	base, err := Default()
	require.NoError(t, err)
	tests := []struct {
		name, doc string
		want      []string
	}{
		{"unknown field", "distros:\n  - id: k3s\n    roles:\n      - name: server\n        memroy: {min: 4GB}\n",
			[]string{"catalog bad.yaml", "line 5", "field memroy not found"}},
		{"negative size", "distros:\n  - id: k3s\n    roles:\n      - name: server\n        memory: {min: -4GB, source: hw}\n",
			[]string{"catalog bad.yaml: line 5, column 17: distro k3s: role server: field memory: min: size \"-4GB\" is negative"}},
		{"min above recommended", "distros:\n  - id: k3s\n    roles:\n      - name: agent\n        cpus: {min: 4, recommended: 2, source: hw}\n",
			[]string{"line 5, column 15: distro k3s: role agent: field cpus: min 4 is above recommended 2"}},
		{"duplicate id", "distros:\n  - id: mine\n    name: A\n  - id: mine\n    name: B\n",
			[]string{"catalog bad.yaml: line 4, column 5: distro mine: field id: duplicate distro id"}},
		{"duplicate role", "distros:\n  - id: k3s\n    roles:\n      - name: agent\n      - name: agent\n",
			[]string{"line 5, column 9: distro k3s: role agent: field name: duplicate role"}},
		{"a new role must be complete", "distros:\n  - id: k3s\n    roles:\n      - name: edge\n        cpus: {min: 1, source: hw}\n",
			[]string{"line 4, column 9: distro k3s: role edge: field os: missing"}},
		{"an unknown source", "distros:\n  - id: k3s\n    roles:\n      - name: server\n        memory: {min: 4GB, source: mine}\n",
			[]string{"line 5, column 17: distro k3s: role server: field memory.source: source \"mine\" is not under sources"}},
		{"a new distro needs a version", "distros:\n  - id: mine\n    name: Mine\n    roles:\n      - name: node\n",
			[]string{"line 2, column 5: distro mine: field version: missing"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := base.Merge(strings.NewReader(tt.doc), "bad.yaml")
			require.Error(t, err)
			for _, w := range tt.want {
				assert.Contains(t, err.Error(), w)
			}
		})
	}
}

func TestCatalogIsOneYAMLDocument(t *testing.T) {
	base, err := Default()
	require.NoError(t, err)
	tests := []struct {
		name, doc string
		want      string
	}{
		{"a second document", good + "---\ndistros: []\n", "catalog two.yaml: line 17, column 1: a second YAML document starts here; a catalog is one document"},
		{"an empty second document", good + "---\n", "catalog two.yaml: line 17, column 1: a second YAML document"},
		{"a broken second document", good + "---\n[\n", "catalog two.yaml: a second YAML document follows the catalog: line 18:"},
		{"the built-in catalog and another", string(Builtin()) + "--- {distros: []}\n", "a second YAML document starts here"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parse(strings.NewReader(tt.doc), "two.yaml")
			assert.ErrorContains(t, err, tt.want, "Parse")
			_, err = base.Merge(strings.NewReader(tt.doc), "two.yaml")
			assert.ErrorContains(t, err, tt.want, "Merge")
		})
	}
	_, err = base.Merge(strings.NewReader(good+"...\n# the end\n"), "one.yaml")
	assert.NoError(t, err, "a document end marker alone starts no document")
}

// parse loads a catalog on its own, over an empty one.
func parse(r io.Reader, name string) (*Catalog, error) {
	return (&Catalog{}).Merge(r, name)
}

func TestCleanYAMLError(t *testing.T) {
	esc := `\x1b` // how QuoteToASCII writes the escape: 4 characters
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"the library's prefix goes", errors.New("yaml: line 3: did not find expected key"), "line 3: did not find expected key"},
		{"one type error", &yaml.TypeError{Errors: []string{"line 3: field a not found"}}, "line 3: field a not found"},
		{"two type errors", &yaml.TypeError{Errors: []string{"line 3: field a not found", "line 4: field b not found"}},
			"line 3: field a not found (and 1 more errors)"},
		{"printable text at the limit stays", errors.New(strings.Repeat("a", maxText)), strings.Repeat("a", maxText)},
		{"an escape is quoted", errors.New("\x1b" + strings.Repeat("a", maxText-len(esc))), esc + strings.Repeat("a", maxText-len(esc))},
		{"quoted text past the limit is cut", errors.New("\x1b" + strings.Repeat("a", maxText-len(esc)+1)), esc + strings.Repeat("a", maxText-len(esc)) + "..."},
		{"printable text past the limit is cut", errors.New(strings.Repeat("a", maxText+1)), strings.Repeat("a", maxText) + "..."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.EqualError(t, cleanYAMLError(tt.err), tt.want)
		})
	}
}

func TestMergeErrorOfOneUnknownField(t *testing.T) {
	_, err := parse(strings.NewReader("distros:\n  - id: k3s\n    colour: red\n"), "bad.yaml")
	assert.EqualError(t, err, "catalog bad.yaml: line 3: field colour not found in type catalog.Distro")
	_, err = parse(strings.NewReader(""), "empty.yaml")
	assert.EqualError(t, err, "catalog empty.yaml: empty file")
	_, err = parse(strings.NewReader("distros: []\n"), "none.yaml")
	assert.EqualError(t, err, "catalog none.yaml: no distros")
}
