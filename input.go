package main

import (
	"path/filepath"
	"strings"

	"github.com/kfit-dev/kfit/internal/fsroot"

	"github.com/kfit-dev/kfit/probe"
)

// A machine kfit can judge has at least an OS, a CPU count and an amount of
// memory, or the reason they could not be read. Input without them (an
// empty directory given as --root, a snapshot holding only
// {"schemaVersion":1}) describes no machine: judging it would make every
// requirement unknown and let a pipeline go ahead on nothing, so it is an
// input error (exit 2), not a warning.

// coreMissing names the core facts h lacks with no reason recorded for
// them. A fact the probe could not read carries its reason in Missing, and
// is unknown (it warns); a fact simply absent was never there.
func coreMissing(h probe.Host) []string {
	var out []string
	absent := func(key string) bool {
		_, why := h.Missing[key]
		_, all := h.Missing["*"]
		return !why && !all
	}
	if h.OS.Name == "" && absent("os.name") {
		out = append(out, "the OS")
	}
	if h.CPU.Logical == 0 && h.CPU.Effective == 0 && absent("cpu.logical") {
		out = append(out, "the CPU count")
	}
	if h.Memory.TotalBytes == 0 && h.Memory.InstalledBytes == 0 && absent("memory") {
		out = append(out, "the memory")
	}
	return out
}

// listAnd joins "a", "b", "c" as "a, b and c".
func listAnd(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

// checkRoot refuses a --root that holds no Linux machine: an empty or
// unmounted directory, or another OS's, without /proc (the probe's own
// test of a Linux root). A root that has one is probed, and a fact it
// lacks is unknown and warns: a capture or a constructed root may hold
// only some files, and a deadline may cut the reading short.
func checkRoot(root string) error {
	if filepath.Clean(root) == "/" {
		return nil // this machine, whatever its OS
	}
	r, err := fsroot.Open(root)
	if err != nil {
		return nil // Collect reports it
	}
	defer r.Close()
	if !r.IsDir("/proc") {
		return usageErr("flag --root: %s holds no Linux machine: it has no /proc (an empty directory, or the machine not mounted?)", root)
	}
	// An empty /proc is a mount point whose procfs was not mounted (a
	// disk image, a bind mount of / without its submounts).
	if names, err := r.ReadDir("/proc"); err == nil && len(names) == 0 {
		return usageErr("flag --root: %s holds no Linux machine: its /proc is empty (procfs not mounted there? bind-mount it with -v /proc:%s/proc, or mount --rbind)", root, strings.TrimSuffix(root, "/"))
	}
	return nil
}

// checkSnapshot refuses a snapshot that describes no machine.
func checkSnapshot(file string, h probe.Host) error {
	if miss := coreMissing(h); len(miss) > 0 {
		return usageErr("read snapshot %s: describes no machine: it lacks %s, with no reason (kfit probe -o json records each fact or why it could not be read)", file, listAnd(miss))
	}
	return nil
}
