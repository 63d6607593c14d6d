package probe

import "strings"

// Boot is what the kernel was started with.
type Boot struct {
	Cmdline string `json:"cmdline,omitempty" clean:"4096"` // /proc/cmdline; 4096 is a sanity limit (COMMAND_LINE_SIZE is 2048 on x86 and arm64)
	// CmdlineTxt is the Raspberry Pi firmware's cmdline.txt, where one exists.
	CmdlineTxt     string `json:"cmdlineTxt,omitempty" clean:"4096"`
	CmdlineTxtPath string `json:"cmdlineTxtPath,omitempty"`
	RaspberryPi    string `json:"raspberryPi,omitempty"` // the model, from the device tree
}

func (p prober) boot(h *Host) {
	if v, err := p.readLine("/proc/cmdline"); err == nil {
		h.Boot.Cmdline = v
	}
	if m, err := p.readFile("/proc/device-tree/model"); err == nil {
		if model := strings.TrimRight(string(m), "\x00\n"); strings.Contains(model, "Raspberry Pi") {
			h.Boot.RaspberryPi = model
		}
	}
	for _, f := range []string{"/boot/firmware/cmdline.txt", "/boot/cmdline.txt"} {
		if v, err := p.readLine(f); err == nil {
			h.Boot.CmdlineTxt, h.Boot.CmdlineTxtPath = v, f
			break
		}
	}
}
