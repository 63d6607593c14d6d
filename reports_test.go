package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/kfit-dev/kfit/catalog"
	"github.com/kfit-dev/kfit/probe"
	"github.com/kfit-dev/kfit/rules"
)

func snapshotReport(t *testing.T, name string) (probe.Host, rules.Report, *catalog.Catalog) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "snapshots", name))
	require.NoError(t, err)
	h, err := probe.ReadSnapshot(data, name)
	require.NoError(t, err)
	cat, err := catalog.Default()
	require.NoError(t, err)
	return h, rules.Evaluate(h, cat, rules.Options{}), cat
}

// TestJUnitValidatesAgainstSchema holds -o junit to the JUnit XML schema
// with xmllint (Debian's libxml2-utils, which .ci/run installs).
func TestJUnitValidatesAgainstSchema(t *testing.T) {
	xmllint, err := exec.LookPath("xmllint")
	if err != nil {
		skipUnlessCI(t, "xmllint is not installed (apt-get install libxml2-utils); .ci/run installs it")
	}
	schema := filepath.Join("testdata", "junit", "junit.xsd")
	validate := func(doc []byte) error {
		f := filepath.Join(t.TempDir(), "report.xml")
		require.NoError(t, os.WriteFile(f, doc, 0o644))
		out, err := exec.Command(xmllint, "--noout", "--schema", schema, f).CombinedOutput()
		if err != nil {
			return &exec.ExitError{Stderr: out}
		}
		return nil
	}
	for _, snap := range []string{"pi3b-1gb.json", "laptop-4gb.json", "i686-2gb.json"} {
		for _, strict := range []bool{false, true} {
			h, rep, _ := snapshotReport(t, snap)
			var buf bytes.Buffer
			require.NoError(t, renderJUnit(&buf, h, rep, strict, time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)))
			assert.NoError(t, validate(buf.Bytes()), "%s strict=%v", snap, strict)
		}
	}
	// The validator must be able to say no: a suite without its properties.
	h, rep, _ := snapshotReport(t, "pi3b-1gb.json")
	var buf bytes.Buffer
	require.NoError(t, renderJUnit(&buf, h, rep, false, time.Now()))
	broken := strings.Replace(buf.String(), "<properties>", "<props>", 1)
	broken = strings.Replace(broken, "</properties>", "</props>", 1)
	assert.Error(t, validate([]byte(broken)))
}

func TestJUnitCountsFailuresAndWarnings(t *testing.T) {
	h, rep, _ := snapshotReport(t, "pi3b-1gb.json")
	for _, strict := range []bool{false, true} {
		var buf bytes.Buffer
		require.NoError(t, renderJUnit(&buf, h, rep, strict, time.Now()))
		var doc junitSuites
		require.NoError(t, xml.Unmarshal(buf.Bytes(), &doc))
		require.Len(t, doc.Suites, len(rep.Results))
		for i, s := range doc.Suites {
			r := rep.Results[i]
			assert.Equal(t, r.Distro+"@"+r.Version+":"+r.Role, s.Name)
			var fails, warns int
			for _, c := range r.Checks {
				switch c.Verdict {
				case rules.Fail:
					fails++
				case rules.Warn:
					warns++
				}
			}
			if strict {
				assert.Equal(t, fails+warns, s.Failures, s.Name)
				assert.Zero(t, s.Skipped, s.Name)
			} else {
				assert.Equal(t, fails, s.Failures, s.Name)
				assert.Equal(t, warns, s.Skipped, s.Name)
			}
			assert.Equal(t, len(r.Checks), s.Tests)
			assert.Contains(t, s.Properties, junitProperty{Name: "host.arch", Value: "arm"})
		}
	}
}

// The YAML report holds exactly what the JSON report holds.
func TestYAMLEqualsJSON(t *testing.T) {
	for _, snap := range []string{"pi3b-1gb.json", "laptop-4gb.json"} {
		h, rep, _ := snapshotReport(t, snap)
		v := checkJSON{SchemaVersion: 1, Host: h, Results: rep.Results, Best: rep.Best, Laptop: rep.Laptop}
		var js, ys bytes.Buffer
		require.NoError(t, writeJSON(&js, v))
		require.NoError(t, renderYAML(&ys, v))
		var fromJSON, fromYAML any
		require.NoError(t, json.Unmarshal(js.Bytes(), &fromJSON))
		require.NoError(t, yaml.Unmarshal(ys.Bytes(), &fromYAML))
		// Round-trip the YAML through JSON so numbers compare as float64.
		b, err := json.Marshal(fromYAML)
		require.NoError(t, err)
		var normalized any
		require.NoError(t, json.Unmarshal(b, &normalized))
		assert.Equal(t, fromJSON, normalized, snap)
		assert.False(t, strings.Contains(ys.String(), `{"`), "block style, not JSON's flow style")
		assert.True(t, strings.HasPrefix(ys.String(), "schemaVersion: 1\nhost:\n"), "JSON's key order is kept")
	}
}
