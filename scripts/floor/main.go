//go:build linux

// Command floor is the speed baseline for kfit: a minimal program that reads
// the files kfit's probe reads (without parsing them) and makes the same
// system calls, and does nothing else. scripts/bench times kfit beside it.
package main

import (
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

func main() {
	n := 0
	for _, f := range []string{
		"/etc/os-release", "/proc/sys/kernel/osrelease", "/proc/sys/kernel/arch", "/proc/sys/kernel/hostname",
		"/proc/cpuinfo", "/proc/stat", "/proc/meminfo", "/sys/devices/system/cpu/online", "/proc/self/status",
		"/sys/devices/system/memory/block_size_bytes",
		"/proc/self/mountinfo", "/proc/self/cgroup", "/proc/cgroups",
		"/proc/config.gz", "/proc/modules", "/proc/cmdline", "/proc/1/comm",
		"/proc/net/tcp", "/proc/net/tcp6", "/proc/net/udp", "/proc/net/udp6",
		"/sys/class/dmi/id/chassis_type", "/sys/class/dmi/id/sys_vendor",
	} {
		b, _ := os.ReadFile(f)
		n += len(b)
	}
	for _, d := range []string{"/sys/devices/system/memory", "/sys/class/power_supply"} {
		entries, _ := os.ReadDir(d)
		n += len(entries)
	}
	var st unix.Statfs_t
	_ = unix.Statfs("/var/lib", &st)
	var u unix.Utsname
	_ = unix.Uname(&u)
	fmt.Println(n, st.Bavail)
}
