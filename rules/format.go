package rules

import (
	"fmt"
	"strconv"
	"strings"
)

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
	s = trimZero(s) + " " + units[i]
	if neg {
		s = "-" + s
	}
	return s
}

func trimZero(s string) string {
	if len(s) > 2 && s[len(s)-2:] == ".0" {
		return s[:len(s)-2]
	}
	return s
}

// cpus formats a CPU count: "1 CPU", "2 CPUs", "0.5 CPUs".
func cpus(v float64) string {
	s := trimZero(strconv.FormatFloat(v, 'f', 1, 64))
	if s == "1" {
		return "1 CPU"
	}
	return s + " CPUs"
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// spaced puts a space between a size's number and its unit: "2GB" is "2 GB".
func spaced(s string) string {
	i := strings.IndexFunc(s, func(r rune) bool { return (r < '0' || r > '9') && r != '.' })
	if i <= 0 {
		return s
	}
	return s[:i] + " " + strings.TrimSpace(s[i:])
}

func atof(s string) float64 {
	f, _ := strconv.ParseFloat(s, 64)
	return f
}
