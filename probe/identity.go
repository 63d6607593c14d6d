package probe

import (
	"bufio"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"strings"
)

// Identity is what tells this machine from its clones, and how it names
// itself.
type Identity struct {
	// MachineID is not /etc/machine-id itself, which machine-id(5) asks
	// never to expose, but a hash of it specific to kfit (as systemd's
	// sd_id128_get_machine_app_specific makes one): equal machine-ids give
	// equal values, so plan can tell clones, and the ID cannot be read
	// back. "" when the file is empty or says "uninitialized" (then
	// MachineIDState says which).
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
			id.MachineIDState, id.MachineID = "ok", appSpecificID(v)
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

// kfitAppID names kfit in the machine-id hash.
const kfitAppID = "kfit host identity v1"

// appSpecificID is HMAC-SHA256 of kfit's app id keyed by the machine-id,
// cut to 128 bits.
func appSpecificID(machineID string) string {
	m := hmac.New(sha256.New, []byte(machineID))
	m.Write([]byte(kfitAppID))
	return hex.EncodeToString(m.Sum(nil)[:16])
}
