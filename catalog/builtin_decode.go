//go:build catalog_generate

package catalog

// builtinCatalog decodes catalog.yaml. go generate builds the package with
// this file in place of builtin_gen.go, so that it can rewrite a
// builtin_gen.go that no longer compiles (after a change of the types).
func builtinCatalog() Catalog {
	c, err := decodeYAML(builtin)
	if err != nil {
		panic("catalog.yaml: " + err.Error())
	}
	return c
}
