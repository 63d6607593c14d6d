package probe

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
)

// SchemaVersion is the version of the Host JSON. New keys may be added within
// a version; a key is never removed or given another meaning.
const SchemaVersion = 1

// Host is what kfit knows about one machine. A zero count or size means
// unknown (no running machine has 0 CPUs or 0 bytes of RAM); the reason is in
// Missing under the fact's key. Swap and free disk can truly be zero, so they
// are pointers: nil means unknown.
type Host struct {
	SchemaVersion int         `json:"schemaVersion"`
	OS            OS          `json:"os"`
	CPU           CPU         `json:"cpu"`
	Memory        Memory      `json:"memory"`
	Disk          Disk        `json:"disk"`
	Cgroup        Cgroup      `json:"cgroup"`
	Environment   Environment `json:"environment"`
	Kernel        Kernel      `json:"kernel"`
	Runtime       Runtime     `json:"runtime"`
	Ports         *Ports      `json:"ports,omitempty"` // nil: unknown
	Boot          Boot        `json:"boot"`
	Laptop        *Laptop     `json:"laptop,omitempty"`               // nil: not a laptop
	Hostname      string      `json:"hostname,omitempty" clean:"253"` // a DNS name: 255 octets on the wire (RFC 1035), 253 characters

	// The host conditions, each read by the group of its own file
	// (network.go, routes.go, sysctl.go, security.go, identity.go, ...);
	// nil is unknown, with the reason in Missing.
	DNS       *DNS       `json:"dns,omitempty"`
	Firewall  *Firewall  `json:"firewall,omitempty"`
	Routes    *Routes    `json:"routes,omitempty"`
	Sysctl    *Sysctl    `json:"sysctl,omitempty"`
	AppArmor  *AppArmor  `json:"apparmor,omitempty"`
	SELinux   *SELinux   `json:"selinux,omitempty"`
	Identity  *Identity  `json:"identity,omitempty"`
	Leftovers *Leftovers `json:"leftovers,omitempty"`
	Devices   *Devices   `json:"devices,omitempty"`
	DataMount *DataMount `json:"dataMount,omitempty"`

	ModuleFiles  *ModuleFiles  `json:"moduleFiles,omitempty"`
	DockerAccess *DockerAccess `json:"dockerAccess,omitempty"`
	Clock        *Clock        `json:"clock,omitempty"` // live only; a snapshot read back forgets it
	Proxy        *Proxy        `json:"proxy,omitempty"`

	// Missing maps a fact's key ("memory", "cpu.physical", ...) to why it
	// could not be read; the key "*" gives the reason for every fact that
	// has none of its own (a described what-if machine).
	Missing map[string]string `json:"missing,omitempty" clean:"1024"`
}

// miss records why a fact is unknown. Each fact group fills a Host of its
// own, so no two goroutines write one Host.
func (h *Host) miss(key string, err error) {
	if h.Missing == nil {
		h.Missing = map[string]string{}
	}
	h.Missing[key] = err.Error()
}

// Why returns the reason a fact is unknown: the recorded one, or a note that a
// snapshot did not carry it.
func (h *Host) Why(key string) string {
	if r, ok := h.Missing[key]; ok {
		return r
	}
	if r, ok := h.Missing["*"]; ok {
		return r // a reason for every fact not given
	}
	return "not in the snapshot"
}

// ReadSnapshot parses a Host saved by `kfit probe -o json`. Keys may be absent
// (they are unknown); wrong types, trailing data and an unknown schemaVersion
// are errors that name the file and the position.
func ReadSnapshot(data []byte, name string) (Host, error) {
	var h Host
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&h); err != nil {
		return Host{}, fmt.Errorf("read snapshot %s: %s", name, jsonError(data, dec, err))
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		line, col := lineCol(data, dec.InputOffset()-1)
		return Host{}, fmt.Errorf("read snapshot %s: line %d, column %d: unexpected data after the JSON object", name, line, col)
	}
	if h.SchemaVersion != SchemaVersion {
		return Host{}, fmt.Errorf("read snapshot %s: schemaVersion %d is not supported (this kfit reads %d)", name, h.SchemaVersion, SchemaVersion)
	}
	cleanHost(&h)
	h.dropNonsense()
	h.forgetClock()
	h.Derive()
	return h, nil
}

// Derive fills the figures computed from other facts, where they are
// absent: the installed estimate and the effective CPU and memory. A cgroup
// limit that could not be read may be the tightest, so while it is unknown
// (Missing "memory.limit", "cpu.quota") the effective figure is unknown too.
func (h *Host) Derive() {
	m := &h.Memory
	if m.InstalledBytes == 0 && m.TotalBytes > 0 {
		m.InstalledBytes, m.InstalledFrom = EstimateInstalled(m.TotalBytes), "memtotal"
	}
	if _, unknown := h.Missing["memory.limit"]; m.EffectiveBytes == 0 && !unknown {
		m.EffectiveBytes = m.InstalledBytes
		if m.LimitBytes > 0 {
			m.EffectiveBytes = tightest(m.EffectiveBytes, m.LimitBytes)
		}
	}
	c := &h.CPU
	if _, unknown := h.Missing["cpu.quota"]; c.Effective == 0 && !unknown {
		for _, v := range []float64{float64(c.Logical), float64(c.Online), float64(c.Affinity)} {
			if v > 0 {
				c.Effective = tightest(c.Effective, v)
			}
		}
		if c.Quota != nil && *c.Quota > 0 {
			c.Effective = tightest(c.Effective, *c.Quota)
		}
	}
}

// tightest is the smaller of a figure and a limit, where 0 is no figure yet.
func tightest[T uint64 | float64](cur, limit T) T {
	if cur == 0 {
		return limit
	}
	return min(cur, limit)
}

// dropNonsense makes unknown the figures of a snapshot that no machine has:
// negative counts, a quota or an effective CPU count that is not a positive
// finite number.
func (h *Host) dropNonsense() {
	c := &h.CPU
	for _, f := range []struct {
		key string
		n   *int
	}{{"cpu.logical", &c.Logical}, {"cpu.physical", &c.Physical}, {"cpu.online", &c.Online}, {"cpu.affinity", &c.Affinity}} {
		if *f.n < 0 {
			h.miss(f.key, fmt.Errorf("the snapshot's %s, %d, is not a count of CPUs", f.key, *f.n))
			*f.n = 0
		}
	}
	if c.Quota != nil && !(*c.Quota > 0 && *c.Quota <= maxCPUs) {
		h.miss("cpu.quota", fmt.Errorf("the snapshot's cpu.quota, %g, is not a number of CPUs", *c.Quota))
		c.Quota = nil
	}
	if !(c.Effective >= 0 && c.Effective <= maxCPUs) { // 0 is unknown, not nonsense
		h.miss("cpu.effective", fmt.Errorf("the snapshot's cpu.effective, %g, is not a number of CPUs", c.Effective))
		c.Effective = 0
	}
	h.dropNonsenseFsync()
}

// maxCPUs bounds a believable CPU count or quota: Linux's NR_CPUS is at most
// 8192 today (x86_64 with CPUMASK_OFFSTACK, powerpc); a quota beyond it is
// legal (100000000 1000 is 100,000 CPUs) but no limit at all, and unknown here.
const maxCPUs = 1 << 16

func jsonError(data []byte, dec *json.Decoder, err error) string {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	// Offsets count the bytes read, so the offending byte is the one before.
	off := dec.InputOffset() - 1
	msg := err.Error()
	switch {
	case errors.As(err, &syn):
		off = syn.Offset - 1
	case errors.As(err, &typ):
		off = typ.Offset - 1
		field := typ.Field
		if field == "" {
			field = "the snapshot"
		}
		msg = fmt.Sprintf("%s is a JSON %s, want %s", field, typ.Value, jsonWant(typ.Type))
	case errors.Is(err, io.EOF):
		return "empty file, want a JSON object"
	case errors.Is(err, io.ErrUnexpectedEOF):
		off = int64(len(data))
		msg = "unexpected end of file"
	}
	line, col := lineCol(data, off)
	return fmt.Sprintf("line %d, column %d: %s", line, col, msg)
}

// jsonWant says in JSON's terms, never Go's, what a field holds.
func jsonWant(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Struct, reflect.Map:
		return "an object"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return "a whole number"
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number of 0 or more"
	case reflect.Float32, reflect.Float64:
		return "a number"
	}
	return "another type"
}

// lineCol turns a byte index into a 1-based line and column.
func lineCol(data []byte, off int64) (line, col int) {
	off = max(0, min(off, int64(len(data))))
	before := data[:off]
	line = bytes.Count(before, []byte("\n")) + 1
	col = int(off) - bytes.LastIndexByte(before, '\n')
	return line, col
}
