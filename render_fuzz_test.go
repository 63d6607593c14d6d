package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"

	"github.com/kfit-dev/kfit/catalog"
	"github.com/kfit-dev/kfit/probe"
	"github.com/kfit-dev/kfit/rules"
)

// FuzzRender runs the real CLI on a snapshot (and a user catalog) holding
// fuzzed strings, in every output format, and holds each output to its
// promise: an exit code of 0, 1 or 2; JSON that parses; JUnit that is XML
// 1.0 and parses; YAML that gives back the JSON; text and Markdown that
// cannot drive a terminal, and Markdown with no markup from data.
func FuzzRender(f *testing.F) {
	for i, s := range hostile {
		f.Add(s, hostile[(i+1)%len(hostile)], s+s, "https://example.org/"+s)
	}
	f.Add("pi", "Raspbian GNU/Linux 11 (bullseye)", "Cortex-A72", "https://docs.k3s.io/installation/requirements#hardware")
	f.Add("\xff", "\u0085", "a\\", "javascript:alert(1)")

	base, err := os.ReadFile(filepath.Join("testdata", "snapshots", "laptop-4gb.json"))
	if err != nil {
		f.Fatal(err)
	}
	cat, err := catalog.Default()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, a, b, c, url string) {
		h, err := probe.ReadSnapshot(base, "laptop-4gb.json")
		if err != nil {
			t.Fatal(err)
		}
		h.Hostname, h.OS.PrettyName, h.CPU.Model, h.OS.Machine = a, b, c, a
		h.Missing["cgroup"], h.Missing["disk"], h.Missing[a] = c, b, c
		dir := t.TempDir()
		snap := filepath.Join(dir, "host.json")
		data, err := json.Marshal(h)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(snap, data, 0o644); err != nil {
			t.Fatal(err)
		}
		// The same machine twice, from two files (one file twice is refused).
		snap2 := filepath.Join(filepath.Dir(snap), "host2.json")
		if err := os.WriteFile(snap2, data, 0o644); err != nil {
			t.Fatal(err)
		}
		userCat := userCatalog(t, a, url, b)

		// Every format from the snapshot; and, to keep an execution short,
		// one of four text and Markdown outputs with the user catalog.
		withCatalog := [][]string{
			{"check", "--host", snap, "--catalog", userCat, "-o", "text"},
			{"check", "--host", snap, "--catalog", userCat, "-o", "markdown"},
			{"plan", "--catalog", userCat, "-o", "text", snap, snap2},
			{"plan", "--catalog", userCat, "-o", "markdown", snap, snap2},
		}[len(a)%4]
		outs := map[string]string{}
		for _, args := range [][]string{
			{"check", "--host", snap, "-o", "text"},
			{"check", "--host", snap, "-o", "json"},
			{"check", "--host", snap, "-o", "yaml"},
			{"check", "--host", snap, "-o", "junit"},
			{"check", "--host", snap, "-o", "markdown"},
			withCatalog,
		} {
			code, out, stderr := kfit(args...)
			if code != exitFits && code != exitNoFit && code != exitUsage {
				t.Fatalf("kfit %q: exit %d: %s", args, code, stderr)
			}
			format := args[len(args)-1]
			if args[0] == "plan" {
				format = args[len(args)-3]
			}
			if err := checkOutput(format, out); err != nil {
				t.Fatalf("kfit %q: %v\n%q", args, err, out)
			}
			if len(args) == 5 {
				outs[format] = out
			}
		}
		if err := yamlEqualsJSON(outs["yaml"], outs["json"]); err != nil {
			t.Fatal(err)
		}

		// With colour on, kfit adds its colour codes and nothing else.
		rep := rules.Evaluate(h, cat, rules.Options{})
		var plain, coloured bytes.Buffer
		renderCheckText(&plain, h, rep, cat, makePalette(false), false)
		renderCheckText(&coloured, h, rep, cat, makePalette(true), false)
		if stripped := sgr.ReplaceAllString(coloured.String(), ""); stripped != plain.String() {
			t.Fatalf("colour adds more than colour:\n%q\n%q", stripped, plain.String())
		}
	})
}

// checkOutput holds one output to its format's promise.
func checkOutput(format, out string) error {
	switch format {
	case "json":
		if !json.Valid([]byte(out)) {
			return fmt.Errorf("invalid JSON")
		}
	case "junit":
		return xmlValid(out)
	case "text", "markdown":
		if !utf8.ValidString(out) {
			return fmt.Errorf("invalid UTF-8")
		}
		if err := unprintable(out); err != nil {
			return err
		}
		if format == "markdown" {
			return noMarkup(out)
		}
	}
	return nil
}
