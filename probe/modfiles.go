package probe

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
)

// ModuleFiles says which of the modules kfit knows (KernelOptions) have a
// file in the running kernel's module tree: an option built as a module
// ("m") is of no use when its file was not installed.
type ModuleFiles struct {
	// Tree is the module directory of the running kernel; "" when there is
	// none (a kernel whose modules were removed, or not installed).
	Tree string `json:"tree,omitempty"`
	// Present maps each module of KernelOptions to whether modules.dep
	// lists it.
	Present map[string]bool `json:"present,omitempty"`
}

func (p prober) moduleFiles(h *Host) {
	rel := h.OS.KernelVersion
	if rel == "" {
		h.miss("moduleFiles", errors.New("the kernel release is unknown"))
		return
	}
	var bases []string
	for _, b := range []string{"/lib/modules", "/usr/lib/modules"} {
		if p.root.IsDir(b) {
			bases = append(bases, b)
		}
	}
	if len(bases) == 0 {
		h.miss("moduleFiles", errors.New("no /lib/modules under the root"))
		return
	}
	if !pathSafe(rel) {
		h.miss("moduleFiles", fmt.Errorf("the kernel release %q is no directory name", rel))
		return
	}
	wanted := map[string]bool{}
	for _, m := range KernelOptions {
		if m != "" {
			wanted[m] = true
		}
	}
	for _, b := range bases {
		tree := path.Join(b, rel)
		if !p.root.IsDir(tree) {
			continue
		}
		v, err := p.parseFile(tree+"/modules.dep", func(r io.Reader) (any, error) { return ParseModulesDep(r, wanted) })
		if err != nil {
			h.miss("moduleFiles", err)
			return
		}
		h.ModuleFiles = &ModuleFiles{Tree: tree, Present: v.(map[string]bool)}
		return
	}
	h.ModuleFiles = &ModuleFiles{} // a module tree, but none for this kernel
}

// ParseModulesDep reads modules.dep ("kernel/net/vxlan/vxlan.ko.zst: deps")
// and says which of the wanted modules it lists (names with '_', as
// /proc/modules has them).
func ParseModulesDep(r io.Reader, wanted map[string]bool) (map[string]bool, error) {
	out := make(map[string]bool, len(wanted))
	for m := range wanted {
		out[m] = false
	}
	sc := bufio.NewScanner(bounded(r, 32*maxFileBytes))
	sc.Buffer(make([]byte, 0, 4096), 1<<16)
	for sc.Scan() {
		file, _, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			continue
		}
		name := path.Base(file)
		if i := strings.Index(name, ".ko"); i > 0 {
			name = name[:i]
		}
		name = strings.ReplaceAll(name, "-", "_")
		if wanted[name] {
			out[name] = true
		}
	}
	return out, sc.Err()
}
