package probe

import (
	"bytes"
	"net/netip"
	"strings"
	"testing"
)

// FuzzHostConditionParsers feeds the host conditions' parsers any bytes:
// they never panic, and what they return keeps its shape.
func FuzzHostConditionParsers(f *testing.F) {
	addFiles(f, "roots/conditions-*.txtar")
	f.Add([]byte("nameserver 127.0.0.53\noptions edns0\n"))
	f.Add([]byte("eth0\t0001A8C0\t00000000\t0001\t0\t0\t100\t00FFFFFF\t0\t0\t0\n"))
	f.Add([]byte("20010db8000000000000000000000000 40 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000001 00000000 00000001     eth0\n"))
	f.Add([]byte("40 22 0:35 / /var/lib rw,noexec - nfs4 nas:/k rw\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if ns, err := ParseResolvConf(bytes.NewReader(data)); err == nil && len(ns) > 16 {
			t.Fatalf("%d nameservers kept", len(ns))
		}
		_, _ = ParseSysctlConf(bytes.NewReader(data))
		for _, parse := range []func([]byte) (Routes, error){
			func(b []byte) (Routes, error) { return ParseRoutes(bytes.NewReader(b)) },
			func(b []byte) (Routes, error) { return ParseIPv6Routes(bytes.NewReader(b)) },
		} {
			rt, err := parse(data)
			if err != nil {
				continue
			}
			if len(rt.Networks) > maxRoutes {
				t.Fatalf("%d routes kept", len(rt.Networks))
			}
			for _, n := range rt.Networks {
				dst, _, _ := strings.Cut(n, " ")
				if _, err := netip.ParsePrefix(dst); err != nil {
					t.Fatalf("route %q is no network: %v", n, err)
				}
			}
		}
		if m, err := FindMount(bytes.NewReader(data), DataDir); err == nil && m != nil && !within(DataDir, m.Point) {
			t.Fatalf("mount %q does not hold %s", m.Point, DataDir)
		}
		_, _ = ParseModulesDep(bytes.NewReader(data), map[string]bool{"vxlan": true})
		_, _ = parseHosts(bytes.NewReader(data), map[string]bool{"localhost": true})
		_ = forwardDrops(string(data))
		_ = withoutCredentials(string(data))
	})
}
