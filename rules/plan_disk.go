package rules

import (
	"cmp"
	"fmt"
	"slices"
)

// diskRanking says how the servers of a plan were ordered by their measured
// disks (kfit probe --measure).
type diskRanking struct {
	machines int // distinct machines that can serve
	measured int // of them, those whose disk was measured
}

// byDisk puts first, among the machines that can serve with the same
// verdict, the one whose disk syncs fastest: the server keeps the datastore,
// and its fdatasync latency is what etcd and SQLite wait for on every write
// (see storage_fsync.go). Disks are compared only when every candidate was
// measured: an unmeasured disk is unknown, neither faster nor slower, and
// the order by headroom (planOrder) stands. Ties keep that order.
func byDisk(servers []candidate) diskRanking {
	var r diskRanking
	seen := map[int]bool{}
	for _, c := range servers {
		if !seen[c.host] {
			seen[c.host] = true
			r.machines++
			if c.s.fsyncP99 != nil {
				r.measured++
			}
		}
	}
	if r.compared() {
		slices.SortStableFunc(servers, func(a, b candidate) int {
			if n := byVerdict(a.s.standing, b.s.standing); n != 0 {
				return n
			}
			return cmp.Compare(*a.s.fsyncP99, *b.s.fsyncP99)
		})
	}
	return r
}

func (r diskRanking) compared() bool { return r.machines > 1 && r.measured == r.machines }

// why says why the lead leads.
func (r diskRanking) why(lead candidate) string {
	if !r.compared() {
		return "with the most headroom"
	}
	return fmt.Sprintf("with the fastest measured disk (fdatasync p99 %s ms) of the %d that can serve", msText(*lead.s.fsyncP99), r.machines)
}

// note says, where some disks were measured but not all, that they were
// not compared.
func (r diskRanking) note() string {
	if r.measured == 0 || r.compared() || r.machines < 2 {
		return ""
	}
	return fmt.Sprintf(" (%d of the %d machines that can serve had their disk measured; measure all with kfit probe --measure to compare them)", r.measured, r.machines)
}
