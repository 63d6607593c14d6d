package probe

import (
	"errors"
	"fmt"
	"io/fs"
)

// Devices says whether the device nodes a kubelet opens are here. It is
// judged only inside a container, where a runtime may leave them out.
type Devices struct {
	// Kmsg is true when /dev/kmsg is a character device: the kubelet's OOM
	// watcher reads the kernel log there and the kubelet will not start
	// without it.
	Kmsg bool `json:"kmsg"`
}

func (p prober) devices(h *Host) {
	if !p.root.IsDir("/dev") {
		h.miss("devices", errors.New("no /dev under the root"))
		return
	}
	st, err := p.root.Stat("/dev/kmsg")
	switch {
	case err == nil && st.Mode()&fs.ModeCharDevice != 0:
		h.Devices = &Devices{Kmsg: true}
	case err == nil:
		h.miss("devices", fmt.Errorf("/dev/kmsg is a %s, not a character device", st.Mode().Type()))
		h.Devices = &Devices{}
	case errors.Is(err, fs.ErrNotExist):
		h.Devices = &Devices{}
	default:
		h.miss("devices", err)
	}
}
