package probe

import (
	"bufio"
	"errors"
	"io"
	"io/fs"
	"strings"
)

// Identity is what tells this machine from its clones, and how it names
// itself.
type Identity struct {
	// MachineID is /etc/machine-id, "" when it is empty or says
	// "uninitialized" (then MachineIDState says which); plan compares it.
	MachineID      string `json:"machineId,omitempty"`
	MachineIDState string `json:"machineIdState,omitempty"` // "ok", "empty", "uninitialized", "absent"
	// NodePassword is true when /etc/rancher/node/password exists: a k3s
	// or RKE2 node's secret, which a cloned image carries along.
	NodePassword bool `json:"nodePassword,omitempty"`
	// Hosts says what /etc/hosts maps: "localhost" and the hostname, to
	// whether a line names them (absent when there is no /etc/hosts).
	Hosts map[string]bool `json:"hosts,omitempty"`
}

func (p prober) identity(h *Host) {
	if err := p.needEtc(); err != nil {
		h.miss("identity", err)
		return
	}
	id := &Identity{}
	b, err := p.readFile("/etc/machine-id")
	switch {
	case errors.Is(err, fs.ErrNotExist):
		id.MachineIDState = "absent"
	case err != nil:
		h.miss("identity.machineId", err)
	default:
		v := strings.TrimSpace(string(b))
		switch {
		case v == "":
			id.MachineIDState = "empty"
		case v == "uninitialized":
			id.MachineIDState = "uninitialized"
		default:
			id.MachineIDState, id.MachineID = "ok", clean(v, 64)
		}
	}
	id.NodePassword = p.root.Exists("/etc/rancher/node/password")
	names := map[string]bool{"localhost": true}
	var own Host // the hostname group runs beside this one
	p.hostname(&own)
	if own.Hostname != "" {
		names[strings.ToLower(own.Hostname)] = true
	}
	if m, err := p.parseFile("/etc/hosts", func(r io.Reader) (any, error) { return parseHosts(r, names) }); err == nil {
		id.Hosts = m.(map[string]bool)
	}
	h.Identity = id
}

// parseHosts says which of names a hosts(5) file maps to an address.
func parseHosts(r io.Reader, names map[string]bool) (map[string]bool, error) {
	out := map[string]bool{}
	for n := range names {
		out[n] = false
	}
	sc := bufio.NewScanner(bounded(r, maxFileBytes))
	sc.Buffer(make([]byte, 0, 4096), 1<<16)
	for sc.Scan() {
		line, _, _ := strings.Cut(sc.Text(), "#")
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		for _, n := range f[1:] {
			if n = strings.ToLower(n); names[n] {
				out[n] = true
			}
		}
	}
	return out, sc.Err()
}
