package probe

import (
	"errors"
	"io/fs"
	"os"
	"strings"
)

// Proxy is the HTTP proxy the installing shell would pass on: the
// environment of kfit itself on the live machine, else /etc/environment.
// Credentials in a proxy URL are never kept.
type Proxy struct {
	From       string `json:"from"` // "environment" or "/etc/environment"
	HTTPProxy  string `json:"httpProxy,omitempty"`
	HTTPSProxy string `json:"httpsProxy,omitempty"`
	NoProxy    string `json:"noProxy,omitempty"`
}

func (p prober) proxy(h *Host) {
	get := func(vals map[string]string) *Proxy {
		pick := func(name string) string {
			if v := vals[name]; v != "" {
				return v
			}
			return vals[strings.ToLower(name)]
		}
		px := &Proxy{HTTPProxy: withoutCredentials(pick("HTTP_PROXY")), HTTPSProxy: withoutCredentials(pick("HTTPS_PROXY")),
			NoProxy: clean(pick("NO_PROXY"), 4096)}
		return px
	}
	if p.live {
		env := map[string]string{}
		for _, k := range []string{"HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "no_proxy"} {
			env[k] = os.Getenv(k)
		}
		if px := get(env); px.HTTPProxy != "" || px.HTTPSProxy != "" {
			px.From = "environment"
			h.Proxy = px
			return
		}
	}
	if err := p.needEtc(); err != nil {
		h.miss("proxy", err)
		return
	}
	b, err := p.readFile("/etc/environment")
	switch {
	case errors.Is(err, fs.ErrNotExist):
		h.Proxy = &Proxy{From: "/etc/environment"}
	case err != nil:
		h.miss("proxy", err)
	default:
		vals, _ := ParseOSRelease(strings.NewReader(string(b)))
		px := get(vals)
		px.From = "/etc/environment"
		h.Proxy = px
	}
}

// withoutCredentials keeps a proxy URL's scheme, host and port: a password
// in it must not reach a report or a snapshot. The host is what follows the
// last '@' (a password may hold '@', '#' or '?', which a URL parser would
// take for the host's end); anything else than a host name or address
// there is reported only as set.
func withoutCredentials(raw string) string {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return ""
	}
	scheme, rest, ok := strings.Cut(raw, "://")
	if !ok {
		scheme, rest = "", raw
	}
	if i := strings.LastIndex(rest, "@"); i >= 0 {
		rest = rest[i+1:]
	}
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		rest = rest[:i]
	}
	if rest == "" || strings.Trim(rest, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]") != "" {
		return "(set)"
	}
	if scheme == "" {
		return clean(rest, 256)
	}
	if strings.Trim(scheme, "abcdefghijklmnopqrstuvwxyz0123456789+.-") != "" {
		return "(set)"
	}
	return clean(scheme+"://"+rest, 256)
}
