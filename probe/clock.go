package probe

import "errors"

// Clock is whether the kernel's clock is synchronised (by NTP, chrony,
// systemd-timesyncd), as adjtimex(2) tells it, read-only, on the live
// machine. It is a fact of the moment: a snapshot does not carry it.
type Clock struct {
	Synchronized bool `json:"synchronized"`
	// MaxErrorMicros is the kernel's maximum error estimate.
	MaxErrorMicros int64 `json:"maxErrorMicros,omitempty"`
}

func (p prober) clock(h *Host) {
	if !p.live {
		h.miss("clock", errors.New("the clock is read (adjtimex) on the live machine only, not under --root"))
		return
	}
	c, err := readClock()
	if err != nil {
		h.miss("clock", err)
		return
	}
	h.Clock = c
}

// forgetClock makes the clock unknown in a snapshot read later: whether it
// was synchronised then says little of now. A snapshot without it keeps its
// own reason.
func (h *Host) forgetClock() {
	if h.Clock != nil {
		h.Clock = nil
		h.miss("clock", errors.New("a snapshot does not tell whether the clock is synchronised now"))
	}
}
