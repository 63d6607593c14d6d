package probe

import (
	"errors"
	"io/fs"
	"net/url"
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
// in it must not reach a report or a snapshot.
func withoutCredentials(raw string) string {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return ""
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		if u2, err2 := url.Parse("http://" + raw); err2 == nil && u2.Host != "" {
			return clean(u2.Host, 256)
		}
		return "(set)"
	}
	return clean(u.Scheme+"://"+u.Host, 256)
}
