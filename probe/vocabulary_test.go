package probe

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/kfit-dev/kfit/catalog"
)

// Every tool a catalog may name is one probe looks for. (The test may
// import catalog; probe itself must not.)
func TestCatalogToolsAreProbed(t *testing.T) {
	probed := map[string]bool{}
	for _, s := range toolSpecs {
		probed[s.name] = true
	}
	for _, tool := range catalog.Tools() {
		for _, exe := range tool.Executables {
			assert.True(t, probed[exe], "catalog tool %s needs %s, which probe does not look for", tool.Name, exe)
		}
	}
}
