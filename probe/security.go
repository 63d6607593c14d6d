package probe

import (
	"errors"
	"io/fs"
	"path"
)

// AppArmor says whether the kernel enforces AppArmor and where its profile
// loader is: container runtimes load their default profile with
// apparmor_parser.
type AppArmor struct {
	Enabled bool `json:"enabled"`
	// Parser is the apparmor_parser found, or "" when there is none.
	Parser string `json:"parser,omitempty"`
}

func (p prober) security(h *Host) {
	line, err := p.readLine("/sys/module/apparmor/parameters/enabled")
	switch {
	case err == nil:
		h.AppArmor = &AppArmor{Enabled: line == "Y"}
	case errors.Is(err, fs.ErrNotExist) && p.root.IsDir("/sys/module"):
		h.AppArmor = &AppArmor{} // not in this kernel
	default:
		h.miss("apparmor", err)
		return
	}
	if !h.AppArmor.Enabled {
		return
	}
	for _, d := range p.searchPath() {
		exe := path.Join(d, "apparmor_parser")
		if st, err := p.root.Stat(exe); err == nil && !st.IsDir() && st.Mode()&0o111 != 0 {
			h.AppArmor.Parser = exe
			return
		}
	}
}
