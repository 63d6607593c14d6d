package catalog

import (
	"bytes"
	"encoding/gob"
	"flag"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite catalog.gob from catalog.yaml")

// TestEmbeddedGobMatchesYAML keeps the fast-loading catalog.gob equal to
// catalog.yaml, the file people read and edit.
func TestEmbeddedGobMatchesYAML(t *testing.T) {
	fromYAML, err := decodeYAML(builtin)
	require.NoError(t, err)
	if *update {
		var buf bytes.Buffer
		require.NoError(t, gob.NewEncoder(&buf).Encode(fromYAML))
		require.NoError(t, os.WriteFile("catalog.gob", buf.Bytes(), 0o644))
		return
	}
	var fromGob Catalog
	require.NoError(t, gob.NewDecoder(bytes.NewReader(builtinGob)).Decode(&fromGob),
		"catalog.gob is stale or broken: go test ./catalog -run TestEmbeddedGobMatchesYAML -update")
	assert.Equal(t, fromYAML, fromGob,
		"catalog.gob differs from catalog.yaml: go test ./catalog -run TestEmbeddedGobMatchesYAML -update")
}

func BenchmarkDefault(b *testing.B) {
	for b.Loop() {
		if _, err := Default(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseYAML(b *testing.B) {
	for b.Loop() {
		if _, err := Parse(bytes.NewReader(builtin), "catalog.yaml"); err != nil {
			b.Fatal(err)
		}
	}
}
