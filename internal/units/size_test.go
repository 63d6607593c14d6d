package units

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseSize(t *testing.T) {
	tests := []struct {
		in   string
		want uint64
		err  string
	}{
		{"4GB", 4e9, ""},
		{"4G", 4 << 30, ""},
		{"3.5GiB", 3.5 * (1 << 30), ""},
		{"512MB", 512e6, ""},
		{"512 MiB", 512 << 20, ""},
		{"0.5GB", 5e8, ""},
		{"1800MiB", 1800 << 20, ""},
		{"4", 0, "has no unit"},
		{"", 0, "not a number"},
		{"GB", 0, "not a number"},
		{"-1GB", 0, "is negative"},
		{"4XB", 0, "unknown unit"},
		{"1.2.3GB", 0, "not a number"},
		{"1e400GB", 0, "unknown unit"},
		{"99999999999TB", 0, "too large"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseSize(tt.in)
			if tt.err != "" {
				assert.ErrorContains(t, err, tt.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestBytes(t *testing.T) {
	for in, want := range map[float64]string{0: "0 B", 1023: "1023 B", 1024: "1 KiB", 1536: "1.5 KiB", 3.7 * (1 << 30): "3.7 GiB",
		150 << 20: "150 MiB", -(512 << 20): "-512 MiB", 1 << 60: "1024 PiB"} {
		assert.Equal(t, want, Bytes(in), "%v", in)
	}
	assert.Equal(t, "2 GB", Spaced("2GB"))
	assert.Equal(t, "0.5 GiB", Spaced("0.5GiB"))
	assert.Equal(t, "GB", Spaced("GB"))
}

func FuzzParseSize(f *testing.F) {
	for _, s := range []string{"4GB", "4G", "3.5GiB", "512MB", "512 MiB", "0.5GB", "1800MiB", "4", "", "-1GB", "1e400GB", "99999999999TB", "1.2.3GB", "7 b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseSize(s)
		if err != nil {
			if !strings.Contains(err.Error(), "size") {
				t.Fatalf("ParseSize(%q): error %q does not say it is about a size", s, err)
			}
			return
		}
		// A size written back in bytes reads as the same size.
		back, err := ParseSize(fmt.Sprintf("%dB", v))
		if err != nil || back != v {
			t.Fatalf("ParseSize(%q) = %d, but %dB reads as %d (%v)", s, v, v, back, err)
		}
	})
}
