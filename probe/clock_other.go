//go:build !linux

package probe

import "errors"

func readClock() (*Clock, error) {
	return nil, errors.New("the clock state is read with Linux's adjtimex only")
}
