package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kfit-dev/kfit/probe"
)

// leaves lists the dotted key of every value in a JSON document.
func leaves(prefix string, v any, out map[string]bool) {
	switch t := v.(type) {
	case map[string]any:
		for k, x := range t {
			leaves(strings.TrimPrefix(prefix+"."+k, "."), x, out)
		}
	case []any:
		scalars := true
		for i, x := range t {
			if _, ok := x.(map[string]any); ok {
				scalars = false
				leaves(fmt.Sprintf("%s[%d]", prefix, i), x, out)
			}
		}
		if scalars {
			out[prefix] = true
		}
	default:
		out[prefix] = true
	}
}

// kfit probe's text shows every fact of the JSON snapshot, by its key, on
// every captured machine and on this one.
func TestProbeTextShowsEveryFact(t *testing.T) {
	roots, err := filepath.Glob(filepath.Join("testdata", "hosts", "*"))
	require.NoError(t, err)
	roots = append(roots, "/")
	for _, root := range roots {
		if st, err := os.Stat(root); err != nil || !st.IsDir() {
			continue
		}
		t.Run(filepath.Base(root), func(t *testing.T) {
			h, err := probe.Collect(context.Background(), probe.Options{Root: root})
			require.NoError(t, err)
			js, err := json.Marshal(h)
			require.NoError(t, err)
			var doc map[string]any
			require.NoError(t, json.Unmarshal(js, &doc))
			delete(doc, "schemaVersion")
			missing, _ := doc["missing"].(map[string]any)
			delete(doc, "missing")
			keys := map[string]bool{}
			leaves("", doc, keys)
			require.NotEmpty(t, keys)
			var b strings.Builder
			renderHostText(&b, h, makePalette(false))
			text := b.String()
			for k := range keys {
				assert.Contains(t, text, "\n  "+safe(k)+" ", "fact %s", k)
			}
			for k := range missing {
				assert.Contains(t, text, "\n  "+safe(k)+": ", "unknown fact %s", k)
			}
		})
	}
}
