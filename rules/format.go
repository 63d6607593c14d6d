package rules

import (
	"fmt"
	"strconv"

	"github.com/kfit-dev/kfit/internal/units"
)

// cpus formats a CPU count: "1 CPU", "2 CPUs", "0.5 CPUs".
func cpus(v float64) string {
	s := units.TrimZero(strconv.FormatFloat(v, 'f', 1, 64))
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

func atof(s string) float64 {
	f, _ := strconv.ParseFloat(s, 64)
	return f
}
