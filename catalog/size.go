package catalog

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Size units as people write them. "GB" is decimal (10^9) and "GiB" binary
// (2^30), as the distributions' docs mean them; "G" alone is taken as binary,
// the way free(1), Docker and Kubernetes quantities read it.
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

// ParseRAMSize reads an amount of RAM as people write it: RAM is sold in
// binary sizes, so "4GB" is 4 GiB here (and "512MB" 512 MiB). Explicit
// GiB and MiB mean the same.
func ParseRAMSize(s string) (uint64, error) {
	t := strings.TrimSpace(s)
	upper := strings.ToUpper(t)
	for _, u := range []string{"KB", "MB", "GB", "TB"} {
		if strings.HasSuffix(upper, u) && !strings.HasSuffix(upper, "I"+u[1:]) {
			t = t[:len(t)-2] + u[:1] + "iB"
			break
		}
	}
	return ParseSize(t)
}
