package units

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// sizeUnits are the units as people write them (see the package comment).
var sizeUnits = map[string]float64{
	"B":  1,
	"K":  1 << 10,
	"KB": 1e3, "KIB": 1 << 10,
	"M":  1 << 20,
	"MB": 1e6, "MIB": 1 << 20,
	"G":  1 << 30,
	"GB": 1e9, "GIB": 1 << 30,
	"T":  1 << 40,
	"TB": 1e12, "TIB": 1 << 40,
}

// ParseSize reads a size such as "4GB", "512MB", "3.5GiB" or "4G". A unit is
// required: a bare number is an error, because "4" could mean bytes or gigabytes.
func ParseSize(s string) (uint64, error) {
	t := strings.TrimSpace(s)
	if strings.HasPrefix(t, "-") {
		return 0, fmt.Errorf("size %q is negative", s)
	}
	i := strings.IndexFunc(t, func(r rune) bool { return (r < '0' || r > '9') && r != '.' })
	if i <= 0 {
		if i < 0 && t != "" {
			return 0, fmt.Errorf("size %q has no unit (write e.g. 4GB, 512MB or 3.5GiB)", s)
		}
		return 0, fmt.Errorf("size %q is not a number with a unit (e.g. 4GB, 512MB, 3.5GiB)", s)
	}
	num, unit := t[:i], strings.ToUpper(strings.TrimSpace(t[i:]))
	mult, ok := sizeUnits[unit]
	if !ok {
		return 0, fmt.Errorf("size %q has an unknown unit %q (use B, KB, MB, GB, TB, KiB, MiB, GiB, TiB, K, M, G or T)", s, t[i:])
	}
	f, err := strconv.ParseFloat(num, 64)
	if err != nil {
		return 0, fmt.Errorf("size %q is not a number with a unit (e.g. 4GB, 512MB, 3.5GiB)", s)
	}
	v := f * mult
	if math.IsInf(v, 0) || math.IsNaN(v) || v >= math.MaxUint64 {
		return 0, fmt.Errorf("size %q is too large", s)
	}
	return uint64(math.Round(v)), nil
}

// Bytes formats a size in binary units with one decimal: "3.7 GiB", "512 MiB".
func Bytes(b float64) string {
	neg := b < 0
	if neg {
		b = -b
	}
	units := []string{"B", "KiB", "MiB", "GiB", "TiB", "PiB"}
	i := 0
	for b >= 1024 && i < len(units)-1 {
		b /= 1024
		i++
	}
	s := strconv.FormatFloat(b, 'f', 1, 64)
	if i == 0 || b >= 100 {
		s = strconv.FormatFloat(b, 'f', 0, 64)
	}
	s = TrimZero(s) + " " + units[i]
	if neg {
		s = "-" + s
	}
	return s
}

// TrimZero drops a trailing ".0": "2.0" is "2".
func TrimZero(s string) string {
	if len(s) > 2 && s[len(s)-2:] == ".0" {
		return s[:len(s)-2]
	}
	return s
}

// Spaced puts a space between a size's number and its unit, as the docs'
// sizes read in a sentence: "2GB" is "2 GB".
func Spaced(s string) string {
	i := strings.IndexFunc(s, func(r rune) bool { return (r < '0' || r > '9') && r != '.' })
	if i <= 0 {
		return s
	}
	return s[:i] + " " + strings.TrimSpace(s[i:])
}
