package main

import (
	"os"
	"testing"
)

// skipUnlessCI skips a test that this machine cannot run (no root, no
// strace, no xmllint), saying why; under CI, whose .ci/run runs as root and
// installs what the tests need, it fails instead, so that a test never
// passes in CI by not running.
func skipUnlessCI(t *testing.T, format string, args ...any) {
	t.Helper()
	if os.Getenv("CI") != "" {
		t.Fatalf("CI must run this test: "+format, args...)
	}
	t.Skipf(format, args...)
}
