package probe

import (
	"bufio"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"net/netip"
	"strconv"
	"strings"
)

// Routes is what the kernel's routing table says: whether there is a
// default route, and the networks this machine reaches directly or
// through a gateway (its LAN, a VPN, a Docker bridge).
type Routes struct {
	Default bool `json:"default"`
	// Networks are the destinations of the routes, other than the default
	// and link-local ones, with the interface: "192.168.1.0/24 eth0".
	Networks []string `json:"networks,omitempty"`
}

// maxRoutes bounds what kfit keeps of a routing table.
const maxRoutes = 256

func (p prober) routes(h *Host) {
	v4, err := p.parseFile("/proc/net/route", func(r io.Reader) (any, error) { return ParseRoutes(r) })
	if err != nil {
		h.miss("routes", err)
		return
	}
	rt := v4.(Routes)
	v6, err := p.parseFile("/proc/net/ipv6_route", func(r io.Reader) (any, error) { return ParseIPv6Routes(r) })
	if err == nil {
		r6 := v6.(Routes)
		rt.Default = rt.Default || r6.Default
		rt.Networks = append(rt.Networks, r6.Networks...)
	} else if !errors.Is(err, fs.ErrNotExist) { // no IPv6 is no error
		h.miss("routes.ipv6", err)
	}
	if len(rt.Networks) > maxRoutes {
		rt.Networks = rt.Networks[:maxRoutes]
	}
	h.Routes = &rt
}

// ParseRoutes reads /proc/net/route: addresses in host byte order (little
// endian on the machines kfit runs on), flags in hex.
func ParseRoutes(r io.Reader) (Routes, error) {
	var rt Routes
	sc := bufio.NewScanner(bounded(r, 16*maxFileBytes))
	sc.Buffer(make([]byte, 0, 4096), 1<<16)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 8 || f[0] == "Iface" {
			continue
		}
		flags, err1 := strconv.ParseUint(f[3], 16, 32)
		dst, err2 := hex.DecodeString(f[1])
		mask, err3 := hex.DecodeString(f[7])
		if err1 != nil || err2 != nil || err3 != nil || len(dst) != 4 || len(mask) != 4 || flags&0x1 == 0 { // RTF_UP
			continue
		}
		if f[1] == "00000000" && f[7] == "00000000" {
			rt.Default = true
			continue
		}
		ones := 0
		for m := binary.LittleEndian.Uint32(mask); m != 0; m >>= 1 {
			ones += int(m & 1)
		}
		addr := netip.AddrFrom4([4]byte{dst[3], dst[2], dst[1], dst[0]})
		if pfx, err := addr.Prefix(ones); err == nil && !addr.IsLinkLocalUnicast() && len(rt.Networks) < maxRoutes {
			rt.Networks = append(rt.Networks, pfx.String()+" "+clean(f[0], 16))
		}
	}
	return rt, sc.Err()
}

// ParseIPv6Routes reads /proc/net/ipv6_route: destination and prefix
// length in hex, flags, and the interface last. Rejecting routes
// (RTF_REJECT, the "unreachable" entries on lo) and link-local or
// multicast ones are left out.
func ParseIPv6Routes(r io.Reader) (Routes, error) {
	var rt Routes
	sc := bufio.NewScanner(bounded(r, 16*maxFileBytes))
	sc.Buffer(make([]byte, 0, 4096), 1<<16)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 10 {
			continue
		}
		dst, err1 := hex.DecodeString(f[0])
		plen, err2 := strconv.ParseUint(f[1], 16, 8)
		flags, err3 := strconv.ParseUint(f[8], 16, 32)
		if err1 != nil || err2 != nil || err3 != nil || len(dst) != 16 || flags&0x1 == 0 || flags&0x200 != 0 || f[9] == "lo" {
			continue
		}
		addr := netip.AddrFrom16([16]byte(dst))
		if plen == 0 {
			rt.Default = true
			continue
		}
		if addr.IsLinkLocalUnicast() || addr.IsMulticast() || plen == 128 {
			continue
		}
		if pfx, err := addr.Prefix(int(plen)); err == nil && len(rt.Networks) < maxRoutes {
			rt.Networks = append(rt.Networks, pfx.String()+" "+clean(f[9], 16))
		}
	}
	return rt, sc.Err()
}
