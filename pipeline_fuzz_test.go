package main

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzSnapshotPipeline feeds kfit snapshots of any bytes, seeded with the
// reference machines: `check --host` in every format and `plan` over two
// of them must exit 0, 1 or 2 (never panic, never 3); exit 2 writes
// nothing on stdout, and every other output keeps its format's promise
// (checkOutput).
func FuzzSnapshotPipeline(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("testdata", "snapshots", "*.json"))
	for _, s := range seeds {
		b, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"schemaVersion":1}`))
	f.Add([]byte(`{"schemaVersion":1,"cpu":{"logical":-1,"quota":1e308,"effective":1e-320},"memory":{"totalBytes":18446744073709551615}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		snap := filepath.Join(t.TempDir(), "host.json")
		if err := os.WriteFile(snap, data, 0o644); err != nil {
			t.Fatal(err)
		}
		other := filepath.Join("testdata", "snapshots", "pi3b-1gb.json")
		for _, args := range [][]string{
			{"check", "--host", snap, "-o", "text"},
			{"check", "--host", snap, "-o", "json"},
			{"check", "--host", snap, "-o", "yaml"},
			{"check", "--host", snap, "-o", "junit"},
			{"check", "--host", snap, "-o", "markdown"},
			{"plan", "-o", "json", snap, other},
			{"plan", "-o", "text", snap, other},
		} {
			code, out, stderr := kfit(args...)
			if code != exitFits && code != exitNoFit && code != exitUsage {
				t.Fatalf("kfit %q: exit %d: %s", args, code, stderr)
			}
			if code == exitUsage {
				if out != "" {
					t.Fatalf("kfit %q: exit 2 with output on stdout:\n%q", args, out)
				}
				continue
			}
			format := args[len(args)-1]
			if args[0] == "plan" {
				format = args[2]
			}
			if err := checkOutput(format, out); err != nil {
				t.Fatalf("kfit %q: %v\n%q", args, err, out)
			}
			if err := checkOutput("text", stderr); err != nil {
				t.Fatalf("kfit %q: stderr: %v\n%q", args, err, stderr)
			}
		}
	})
}
