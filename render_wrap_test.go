package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWrap(t *testing.T) {
	long := "  → cgroup: this machine runs cgroup hybrid (v1 controllers), and this role requires cgroup v2 (https://docs.k0sproject.io/stable/external-runtime-deps/#control-groups-cgroups)"
	tests := []struct {
		name  string
		in    string
		width int
		want  string
	}{
		{"a short line stays", "  a short line\n", 80, "  a short line\n"},
		{"no width, no wrapping", long + "\n", 0, long + "\n"},
		{"too narrow a terminal, no wrapping", long + "\n", 20, long + "\n"},
		{"a long line breaks at spaces, continued two columns deeper", long + "\n", 60,
			"  → cgroup: this machine runs cgroup hybrid (v1\n" +
				"    controllers), and this role requires cgroup v2\n" +
				"    (https://docs.k0sproject.io/stable/external-runtime-deps/#control-groups-cgroups)\n"},
		{"colour codes take no columns", "\x1b[31m" + strings.Repeat("x", 39) + "\x1b[0m y\n", 41, "\x1b[31m" + strings.Repeat("x", 39) + "\x1b[0m y\n"},
		{"a table row continues under its last cell", "  ✗  k3s server  does not fit: memory: needs 2 GB, has 1 GiB; it would fit with 1 GiB more RAM\n", 60,
			"  ✗  k3s server  does not fit: memory: needs 2 GB, has 1\n" +
				"                 GiB; it would fit with 1 GiB more RAM\n"},
		{"a row whose last cell starts far right stays whole", "  cpu   pass   4 CPUs" + strings.Repeat(" ", 40) + "[███]  ≥ 2 CPUs and more words\n", 50,
			"  cpu   pass   4 CPUs" + strings.Repeat(" ", 40) + "[███]  ≥ 2 CPUs and more words\n"},
		{"the last line may lack a newline", "aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii", 40, "aaaa bbbb cccc dddd eeee ffff gggg hhhh\n  iiii"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := wrap(tt.in, tt.width)
			assert.Equal(t, tt.want, got)
			for _, line := range strings.Split(got, "\n") {
				if tt.width >= minWrapWidth && got != tt.in && !strings.Contains(line, "https://") {
					assert.LessOrEqual(t, visibleWidth(line), tt.width, line)
				}
			}
			assert.Equal(t, strings.Fields(tt.in), strings.Fields(got), "the same words in the same order")
		})
	}
}

// Only a terminal gets wrapped lines: a file or a pipe gets whole ones,
// whatever $COLUMNS says.
func TestTermWidthOnlyForATerminal(t *testing.T) {
	t.Setenv("COLUMNS", "50")
	f, err := os.Create(filepath.Join(t.TempDir(), "out"))
	require.NoError(t, err)
	defer f.Close()
	assert.Zero(t, termWidth(f))
	assert.Zero(t, termWidth(&strings.Builder{}))
	if tty, err := os.OpenFile("/dev/tty", os.O_WRONLY, 0); err == nil {
		defer tty.Close()
		assert.Equal(t, 50, termWidth(tty), "$COLUMNS first")
	}
}
