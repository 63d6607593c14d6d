package catalog

import (
	"bytes"
	"fmt"
	"testing"
)

// genCatalog writes a user catalog of n new distributions with two roles
// each, and one change to a built-in distribution.
func genCatalog(n int) []byte {
	var b bytes.Buffer
	b.WriteString("distros:\n  - id: k3s\n    roles:\n      - name: server\n        cluster: single\n")
	for i := range n {
		fmt.Fprintf(&b, `  - id: gen%d
    name: Generated %d
    version: v1
    roles:
      - {name: server, cluster: server, os: {values: [linux], source: s}, arch: {values: [amd64], source: s}, memory: {min: 1GB, source: s}}
      - {name: agent, cluster: agent, os: {values: [linux], source: s}, arch: {values: [amd64], source: s}}
    sources:
      s: {url: "https://example.org/%d", quote: "1 GB", seen: "2026-11"}
`, i, i, i)
	}
	return b.Bytes()
}

func BenchmarkMerge(b *testing.B) {
	liftLimits(b) // the merge itself must stay linear past them
	base, err := Default()
	if err != nil {
		b.Fatal(err)
	}
	for _, n := range []int{1_000, 10_000} {
		data := genCatalog(n)
		b.Run(fmt.Sprintf("distros=%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, err := base.Merge(bytes.NewReader(data), "gen.yaml"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
