//go:build linux

package probe

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/kfit-dev/kfit/internal/fakeroot"
)

// collectRoot unpacks testdata/roots/NAME.txtar and probes it.
func collectRoot(t *testing.T, name string) Host {
	t.Helper()
	dir := t.TempDir()
	cleanup, err := fakeroot.Unpack(filepath.Join("..", "testdata", "roots", name+".txtar"), dir)
	require.NoError(t, err)
	t.Cleanup(cleanup)
	h, err := Collect(context.Background(), fakeSys(Options{Root: dir}))
	require.NoError(t, err)
	return h
}

func TestCgroupLayouts(t *testing.T) {
	t.Run("container on cgroup v2 limited to 1 GiB and 1.5 CPUs", func(t *testing.T) {
		h := collectRoot(t, "container-cgroup2-1g")
		assert.Equal(t, CgroupV2, h.Cgroup.Version)
		assert.Equal(t, "/", h.Cgroup.Path)
		assert.Equal(t, []string{"cpu", "cpuset", "hugetlb", "io", "memory", "misc", "pids", "rdma"}, h.Cgroup.Controllers)
		assert.Equal(t, uint64(1<<30), h.Memory.LimitBytes)
		assert.Equal(t, uint64(16*GiB), h.Memory.InstalledBytes)
		assert.Equal(t, uint64(1<<30), h.Memory.EffectiveBytes)
		require.NotNil(t, h.CPU.Quota)
		assert.Equal(t, 1.5, *h.CPU.Quota)
		assert.Equal(t, 8, h.CPU.Logical)
		assert.Equal(t, 8, h.CPU.Online)
		assert.Equal(t, 8, h.CPU.Affinity)
		assert.Equal(t, 1.5, h.CPU.Effective)
		assert.Equal(t, Environment{Kind: EnvContainer, Detail: "docker"}, h.Environment)
		assert.Equal(t, "amd64", h.OS.Arch)
	})
	t.Run("cgroup v1 host whose parent slice holds the limits", func(t *testing.T) {
		h := collectRoot(t, "host-cgroup1-limits")
		assert.Equal(t, CgroupV1, h.Cgroup.Version)
		assert.Equal(t, "/kfit.slice/run.scope", h.Cgroup.Path)
		assert.Equal(t, []string{"cpu", "cpuacct", "cpuset", "memory", "pids"}, h.Cgroup.Controllers)
		assert.Equal(t, uint64(2<<30), h.Memory.LimitBytes, "the parent's 2 GiB, not the leaf's sentinel")
		require.NotNil(t, h.CPU.Quota)
		assert.Equal(t, 0.5, *h.CPU.Quota)
		assert.Equal(t, 0.5, h.CPU.Effective)
		assert.Equal(t, Environment{Kind: EnvVM, Detail: "openstack"}, h.Environment)
	})
	t.Run("hybrid", func(t *testing.T) {
		h := collectRoot(t, "host-cgroup-hybrid")
		assert.Equal(t, CgroupHybrid, h.Cgroup.Version)
		assert.Equal(t, []string{"cpu", "cpuacct", "cpuset", "memory", "pids"}, h.Cgroup.Controllers)
		assert.Zero(t, h.Memory.LimitBytes)
		assert.Nil(t, h.CPU.Quota)
	})
	t.Run("Raspberry Pi 4 with the memory controller off", func(t *testing.T) {
		h := collectRoot(t, "rpi4-memcg-off")
		assert.Equal(t, CgroupV2, h.Cgroup.Version)
		assert.Equal(t, []string{"cpu", "cpuset", "io", "pids"}, h.Cgroup.Controllers)
		assert.Equal(t, []string{"memory"}, h.Cgroup.Disabled)
		assert.Equal(t, "/boot/firmware/cmdline.txt", h.Boot.CmdlineTxtPath)
		assert.Equal(t, "Raspberry Pi 4 Model B Rev 1.5", h.Boot.RaspberryPi)
		assert.Equal(t, Environment{Kind: EnvBareMetal, Detail: "Raspberry Pi 4 Model B Rev 1.5"}, h.Environment)
		assert.Equal(t, "arm64", h.OS.Arch)
		assert.Equal(t, "Cortex-A72", h.CPU.Model)
	})
	t.Run("Raspberry Pi 5 capture: cgroup v2 told by /proc/cgroups alone", func(t *testing.T) {
		h, err := Collect(context.Background(), fakeSys(Options{Root: root("rpi5-memcg-disabled")}))
		require.NoError(t, err)
		assert.Equal(t, CgroupV2, h.Cgroup.Version)
		assert.Equal(t, []string{"memory"}, h.Cgroup.Disabled)
		assert.NotContains(t, h.Cgroup.Controllers, "memory")
		assert.Contains(t, h.Boot.CmdlineTxt, "cgroup_enable=memory")
	})
	t.Run("k8s-node capture: cgroup v1 from its mount table", func(t *testing.T) {
		h, err := Collect(context.Background(), fakeSys(Options{Root: root("k8s-node-kvm-cgroupv1")}))
		require.NoError(t, err)
		assert.Equal(t, CgroupHybrid, h.Cgroup.Version, "v1 controllers beside /sys/fs/cgroup/unified")
		assert.Contains(t, h.Cgroup.Controllers, "memory")
		assert.Contains(t, h.Missing["cgroup.limits"], "/proc/self/cgroup", "no own-cgroup file was captured")
	})
	t.Run("no cgroup facts at all", func(t *testing.T) {
		h := collectRoot(t, "laptop-lid-suspend")
		assert.Empty(t, h.Cgroup.Version)
		assert.Contains(t, h.Missing["cgroup"], "no cgroup mount")
	})
}

func TestKernelConfig(t *testing.T) {
	h := collectRoot(t, "kernel-config-full")
	assert.Equal(t, "/boot/config-6.1.0-18-amd64", h.Kernel.Config)
	assert.Equal(t, "m", h.Kernel.Options["VXLAN"])
	assert.Equal(t, "y", h.Kernel.Options["MEMCG"])
	has, known := h.Kernel.Has("OVERLAY_FS")
	assert.True(t, has && known)

	h = collectRoot(t, "kernel-config-no-vxlan")
	assert.Equal(t, "n", h.Kernel.Options["VXLAN"])
	has, known = h.Kernel.Has("VXLAN")
	assert.False(t, has)
	assert.True(t, known)
	assert.Equal(t, "loaded", h.Kernel.Modules["br_netfilter"])
	has, _ = h.Kernel.Has("BRIDGE_NETFILTER")
	assert.False(t, has, "the config says not set; a loaded module of that name cannot override it")
	assert.NotContains(t, h.Kernel.Options, "LOCALVERSION", "only the options kfit needs are kept")

	empty := collectRoot(t, "host-cgroup-hybrid")
	assert.Contains(t, empty.Missing["kernel.config"], "no kernel config in /proc/config.gz, /boot/config-$(uname -r)")
	_, known = empty.Kernel.Has("VXLAN")
	assert.False(t, known)
}

func TestParseKernelConfigGzip(t *testing.T) {
	plain := "CONFIG_VXLAN=m\n# CONFIG_OVERLAY_FS is not set\nCONFIG_MEMCG=y\nCONFIG_UNRELATED=y\n"
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	_, _ = zw.Write([]byte(plain))
	require.NoError(t, zw.Close())
	for name, in := range map[string][]byte{"plain": []byte(plain), "gzip": gz.Bytes()} {
		got, err := ParseKernelConfig(bytes.NewReader(in))
		require.NoError(t, err, name)
		assert.Equal(t, map[string]string{"VXLAN": "m", "OVERLAY_FS": "n", "MEMCG": "y"}, got, name)
	}
	_, err := ParseKernelConfig(bytes.NewReader([]byte{0x1f, 0x8b, 1, 2, 3}))
	assert.ErrorContains(t, err, "not a valid gzip file")
	_, err = ParseKernelConfig(strings.NewReader("hello\nworld\n"))
	assert.ErrorContains(t, err, "not a kernel config")
}

func TestSoftwareAndPorts(t *testing.T) {
	h := collectRoot(t, "software-docker-ports")
	assert.Equal(t, "systemd", h.Runtime.Init)
	assert.Equal(t, Tool{Path: "/usr/bin/docker", Socket: "/run/docker.sock"}, h.Runtime.Tools["docker"])
	assert.Equal(t, Tool{Socket: "/run/snapd.socket"}, h.Runtime.Tools["snap"])
	require.NotNil(t, h.Runtime.KVM)
	assert.True(t, *h.Runtime.KVM)
	require.NotNil(t, h.Ports)
	assert.Equal(t, []string{"22/tcp", "6443/tcp", "8472/udp", "10250/tcp"}, h.Ports.Listening, "LISTEN sockets only; the established one on 22 is not counted twice")
	assert.Contains(t, h.CPU.Flags, "vmx")

	bare := collectRoot(t, "host-cgroup-hybrid")
	assert.Nil(t, bare.Ports)
	assert.Contains(t, bare.Missing["ports"], "/proc/net/tcp")
}

func TestLaptops(t *testing.T) {
	l := collectRoot(t, "laptop-lid-suspend").Laptop
	require.NotNil(t, l)
	assert.Equal(t, "notebook", l.Chassis)
	assert.Equal(t, "suspend", l.LidSwitch)
	assert.Equal(t, "suspend", l.LidSwitchExternalPower, "defaults to HandleLidSwitch")
	assert.Equal(t, "ignore", l.LidSwitchDocked)
	assert.Empty(t, l.LidSwitchSetIn, "logind's default")
	assert.Equal(t, SleepTargets, l.SleepUnmasked)
	require.NotNil(t, l.OnAC)
	assert.False(t, *l.OnAC)
	assert.Equal(t, &Battery{CapacityPercent: 64, Status: "Discharging"}, l.Battery)
	assert.Equal(t, &Route{Interface: "wlp3s0", Wireless: true}, l.DefaultRoute)

	l = collectRoot(t, "laptop-lid-ignore").Laptop
	require.NotNil(t, l)
	assert.Equal(t, "ignore", l.LidSwitch)
	assert.Equal(t, "ignore", l.LidSwitchExternalPower)
	assert.Equal(t, "ignore", l.LidSwitchDocked, "90-docked.conf sorts after 10-vendor.conf")
	assert.Equal(t, "/etc/systemd/logind.conf.d/50-server.conf", l.LidSwitchSetIn)
	assert.Equal(t, []string{}, l.SleepUnmasked)
	assert.True(t, *l.OnAC)
	assert.Equal(t, &Route{Interface: "enp0s25"}, l.DefaultRoute)

	assert.Nil(t, collectRoot(t, "host-cgroup-hybrid").Laptop, "no laptop section without a battery or a portable chassis")
	e6410, err := Collect(context.Background(), fakeSys(Options{Root: root("dell-latitude-e6410")}))
	require.NoError(t, err)
	require.NotNil(t, e6410.Laptop, "the E6410 capture's DMI chassis type is 9 (laptop)")
	assert.Equal(t, "laptop", e6410.Laptop.Chassis)
}

func TestParsers(t *testing.T) {
	cpuMax := []struct {
		in   string
		want float64
		ok   bool
		err  bool
	}{
		{"max 100000\n", 0, false, false},
		{"50000 100000\n", 0.5, true, false},
		{"150000 100000", 1.5, true, false},
		{"200000", 2, true, false},
		{"", 0, false, true},
		{"-5 100000", 0, false, true},
		{"100 0", 0, false, true},
		{"a b c", 0, false, true},
	}
	for _, tt := range cpuMax {
		got, ok, err := ParseCPUMax(strings.NewReader(tt.in))
		assert.Equal(t, tt.err, err != nil, "%q: %v", tt.in, err)
		assert.Equal(t, tt.ok, ok, tt.in)
		assert.Equal(t, tt.want, got, tt.in)
	}
	memMax := []struct {
		in   string
		want uint64
		ok   bool
		err  bool
	}{
		{"max\n", 0, false, false},
		{"536870912\n", 512 << 20, true, false},
		{"9223372036854771712\n", 0, false, false},
		{"-1", 0, false, false},
		{"lots", 0, false, true},
	}
	for _, tt := range memMax {
		got, ok, err := ParseMemoryMax(strings.NewReader(tt.in))
		assert.Equal(t, tt.err, err != nil, tt.in)
		assert.Equal(t, tt.ok, ok, tt.in)
		assert.Equal(t, tt.want, got, tt.in)
	}
	for in, want := range map[string]int{"0-3": 4, "0": 1, "0-1,4,6-7\n": 5} {
		n, err := ParseCPUList(in)
		require.NoError(t, err)
		assert.Equal(t, want, n, in)
	}
	for _, bad := range []string{"", "3-1", "a", "0-99999999"} {
		_, err := ParseCPUList(bad)
		assert.Error(t, err, bad)
	}
	own, err := parseProcCgroup(strings.NewReader("12:pids:/a\n6:cpu,cpuacct:/b\n0::/c\ngarbage\n"))
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"pids": "/a", "cpu": "/b", "cpuacct": "/b", "": "/c"}, own)
	mounts, err := parseMountinfo(strings.NewReader(`36 35 0:30 / /sys/fs/cgroup/with\040space rw shared:10 - cgroup2 cgroup2 rw`+"\nshort line\n"), nil)
	require.NoError(t, err)
	require.Len(t, mounts, 1)
	assert.Equal(t, "/sys/fs/cgroup/with space", mounts[0].point)
	ports, err := ParseProcNet(strings.NewReader("  sl  local_address\n 0: 00000000:192B 00000000:0000 0A 0\n 1: 00000000:0016 0100007F:D000 01 0\n"), "0A")
	require.NoError(t, err)
	assert.Equal(t, []int{6443}, ports)
	_, err = ParseProcNet(strings.NewReader(" 0: 00000000:ZZZZ 00000000:0000 0A 0\n"), "0A")
	assert.Error(t, err)
	assert.Equal(t, map[string]string{"HandleLidSwitch": "ignore"}, ParseLogind(strings.NewReader("[Other]\nHandleLidSwitch=lock\n[Login]\n# HandleLidSwitchDocked=x\nHandleLidSwitch = ignore\n")))
}

func TestHostileFilesDoNotHang(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "proc"), 0o755))
	// A named pipe where meminfo should be: opening it for reading would
	// block forever without O_NONBLOCK.
	if err := mkfifo(filepath.Join(dir, "proc", "meminfo")); err != nil {
		t.Skipf("no FIFOs here: %v", err)
	}
	h, err := Collect(context.Background(), fakeSys(Options{Root: dir}))
	require.NoError(t, err)
	assert.Contains(t, h.Missing["memory"], "not a regular file")
}

func TestStorage(t *testing.T) {
	tests := []struct {
		name, dev, disk string
		files           map[string]string
		want            Disk
		missing         string
	}{
		{"an SD card partition", "179:2", "mmcblk0",
			map[string]string{"sys/dev/block/179:2@symlink": "../../devices/platform/emmc2bus/fe340000.mmc/mmc_host/mmc0/mmc0:0001/block/mmcblk0/mmcblk0p2",
				"sys/devices/platform/emmc2bus/fe340000.mmc/mmc_host/mmc0/mmc0:0001/block/mmcblk0/mmcblk0p2/partition": "2",
				"sys/devices/platform/emmc2bus/fe340000.mmc/mmc_host/mmc0/mmc0:0001/block/mmcblk0/size":                "62333952",
				"sys/devices/platform/emmc2bus/fe340000.mmc/mmc_host/mmc0/mmc0:0001/block/mmcblk0/queue/rotational":    "0"},
			Disk{FSType: "ext4", Device: "mmcblk0", DeviceBytes: 62333952 * 512, Media: "sd"}, ""},
		{"a laptop's spinning disk", "8:1", "sda",
			map[string]string{"sys/dev/block/8:1@symlink": "../../devices/pci0000:00/0000:00:1f.2/ata1/host0/target0:0:0/0:0:0:0/block/sda/sda1",
				"sys/devices/pci0000:00/0000:00:1f.2/ata1/host0/target0:0:0/0:0:0:0/block/sda/sda1/partition":   "1",
				"sys/devices/pci0000:00/0000:00:1f.2/ata1/host0/target0:0:0/0:0:0:0/block/sda/size":             "976773168",
				"sys/devices/pci0000:00/0000:00:1f.2/ata1/host0/target0:0:0/0:0:0:0/block/sda/queue/rotational": "1"},
			Disk{FSType: "ext4", Device: "sda", DeviceBytes: 976773168 * 512, Media: "hdd"}, ""},
		{"an NVMe disk, whole", "259:0", "nvme0n1",
			map[string]string{"sys/dev/block/259:0@symlink": "../../devices/pci0000:00/0000:00:1d.0/0000:3d:00.0/nvme/nvme0/nvme0n1",
				"sys/devices/pci0000:00/0000:00:1d.0/0000:3d:00.0/nvme/nvme0/nvme0n1/size":             "1000215216",
				"sys/devices/pci0000:00/0000:00:1d.0/0000:3d:00.0/nvme/nvme0/nvme0n1/queue/rotational": "0"},
			Disk{FSType: "ext4", Device: "nvme0n1", DeviceBytes: 1000215216 * 512, Media: "ssd"}, ""},
		{"an overlay in a container: no block device", "0:52", "", map[string]string{}, Disk{FSType: "ext4"}, "not a block device kfit can see"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			var ar strings.Builder
			for name, content := range tt.files {
				fmt.Fprintf(&ar, "-- %s --\n%s\n", name, content)
			}
			archive := filepath.Join(t.TempDir(), "root.txtar")
			require.NoError(t, os.WriteFile(archive, []byte(ar.String()), 0o644))
			cleanup, err := fakeroot.Unpack(archive, dir)
			require.NoError(t, err)
			defer cleanup()
			var major, minor uint32
			_, _ = fmt.Sscanf(tt.dev, "%d:%d", &major, &minor)
			o := fakeSys(Options{Root: dir})
			o.Statfs = func(string) (FS, error) {
				return FS{FreeBytes: 1 << 30, TotalBytes: 1 << 34, Type: 0xEF53, Dev: unix.Mkdev(major, minor)}, nil
			}
			h, err := Collect(context.Background(), o)
			require.NoError(t, err)
			got := h.Disk
			got.Path, got.FreeBytes, got.TotalBytes = "", nil, 0
			assert.Equal(t, tt.want, got)
			if tt.missing != "" {
				assert.Contains(t, h.Missing["disk.media"], tt.missing)
			}
		})
	}
}

// On a pure cgroup v2 machine statfs tells the version, and the mount
// table, which grows with every container, is not read.
func TestCgroupV2WithoutTheMountTable(t *testing.T) {
	dir := t.TempDir()
	cleanup, err := fakeroot.Unpack(filepath.Join("..", "testdata", "roots", "container-cgroup2-1g.txtar"), dir)
	require.NoError(t, err)
	defer cleanup()
	require.NoError(t, os.Remove(filepath.Join(dir, "proc", "self", "mountinfo")))
	o := fakeSys(Options{Root: dir})
	o.Statfs = func(path string) (FS, error) {
		if strings.HasSuffix(path, "/sys/fs/cgroup") {
			return FS{Type: cgroup2Magic}, nil
		}
		return FS{FreeBytes: 1 << 30, TotalBytes: 1 << 34}, nil
	}
	h, err := Collect(context.Background(), o)
	require.NoError(t, err)
	assert.Equal(t, CgroupV2, h.Cgroup.Version)
	assert.Equal(t, uint64(1<<30), h.Memory.LimitBytes)
	require.NotNil(t, h.CPU.Quota)
	assert.Equal(t, 1.5, *h.CPU.Quota)
}

// failingReader stands for the rest of a mount table that must not be read.
type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("read past the cgroup mounts") }

func TestMountTableIsReadOnlyAsFarAsTheCgroupMounts(t *testing.T) {
	own, err := parseProcCgroup(strings.NewReader("5:memory:/user.slice\n4:pids:/user.slice\n3:cpu,cpuacct:/user.slice\n1:name=systemd:/user.slice\n0::/user.slice\n"))
	require.NoError(t, err)
	cgroupMounts := strings.Join([]string{
		"22 21 0:19 / /sys/fs/cgroup ro,nosuid - tmpfs tmpfs ro,mode=755",
		"23 22 0:20 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw",
		"24 22 0:21 / /sys/fs/cgroup/systemd rw - cgroup cgroup rw,xattr,name=systemd",
		"25 22 0:22 / /sys/fs/cgroup/cpu,cpuacct rw - cgroup cgroup rw,cpu,cpuacct",
		"26 22 0:23 / /sys/fs/cgroup/pids rw - cgroup cgroup rw,pids",
		"27 22 0:24 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory",
	}, "\n") + "\n"
	// A hybrid host: every hierarchy this process is in is found by line 6,
	// so the thousands of container mounts after it are never read.
	mounts, err := parseMountinfo(io.MultiReader(strings.NewReader(cgroupMounts), failingReader{}), foundAll(own))
	require.NoError(t, err)
	assert.Len(t, mounts, 5, "the cgroup mounts, and no tmpfs")

	// Where a hierarchy is not mounted (no memory here), the whole table is read.
	withoutMemory := strings.Replace(cgroupMounts, "rw,memory", "rw,hugetlb", 1)
	_, err = parseMountinfo(io.MultiReader(strings.NewReader(withoutMemory), failingReader{}), foundAll(own))
	require.ErrorContains(t, err, "read past the cgroup mounts")
}

// TestEnvironment builds the few files that tell where kfit runs.
func TestEnvironment(t *testing.T) {
	x86 := "processor\t: 0\nmodel name\t: Intel(R) Core(TM) i5\nflags\t\t: fpu vme lm\n"
	vmCPU := "processor\t: 0\nmodel name\t: QEMU Virtual CPU\nflags\t\t: fpu lm hypervisor\n"
	tests := []struct {
		name  string
		files map[string]string
		want  Environment
	}{
		{"WSL2 by its kernel release", map[string]string{"proc/sys/kernel/osrelease": "5.15.153.1-microsoft-standard-WSL2\n", "proc/cpuinfo": vmCPU},
			Environment{Kind: EnvWSL, Detail: "WSL2"}},
		{"WSL1", map[string]string{"proc/sys/kernel/osrelease": "4.4.0-19041-Microsoft\n"}, Environment{Kind: EnvWSL, Detail: "WSL"}},
		{"Podman", map[string]string{"run/.containerenv": "", "proc/cpuinfo": x86}, Environment{Kind: EnvContainer, Detail: "podman"}},
		{"LXC by systemd's marker", map[string]string{"run/systemd/container": "lxc\n"}, Environment{Kind: EnvContainer, Detail: "lxc"}},
		{"LXD by the cgroup path", map[string]string{"proc/self/cgroup": "0::/lxc.payload.web/init.scope\n"}, Environment{Kind: EnvContainer, Detail: "lxc"}},
		{"a Kubernetes pod by the cgroup path", map[string]string{"proc/self/cgroup": "0::/kubepods/burstable/pod1/abc\n"}, Environment{Kind: EnvContainer, Detail: "kubernetes"}},
		{"a KVM guest by DMI", map[string]string{"sys/class/dmi/id/sys_vendor": "QEMU\n", "proc/cpuinfo": vmCPU}, Environment{Kind: EnvVM, Detail: "kvm"}},
		{"an unknown hypervisor by the CPU flag", map[string]string{"proc/cpuinfo": vmCPU}, Environment{Kind: EnvVM, Detail: "unknown hypervisor"}},
		{"bare metal by DMI", map[string]string{"sys/class/dmi/id/sys_vendor": "LENOVO\n", "sys/class/dmi/id/product_name": "20HRCTO1WW\n", "proc/cpuinfo": x86},
			Environment{Kind: EnvBareMetal, Detail: "LENOVO 20HRCTO1WW"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, body := range tt.files {
				require.NoError(t, os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755))
				require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644))
			}
			h, err := Collect(context.Background(), fakeSys(Options{Root: dir}))
			require.NoError(t, err)
			assert.Equal(t, tt.want, h.Environment)
		})
	}

	// Nothing to tell by: unknown, with the reason.
	h, err := Collect(context.Background(), fakeSys(Options{Root: t.TempDir()}))
	require.NoError(t, err)
	assert.Empty(t, h.Environment.Kind)
	assert.Contains(t, h.Missing["environment"], "no DMI data")
}

func TestKernelOptionsAskedFor(t *testing.T) {
	dir := t.TempDir()
	cleanup, err := fakeroot.Unpack(filepath.Join("..", "testdata", "roots", "kernel-config-bpf.txtar"), dir)
	require.NoError(t, err)
	t.Cleanup(cleanup)
	asked := []string{"BPF_SYSCALL", "BPF_JIT", "BPF_LSM", "DEBUG_INFO_BTF", "VXLAN", "OVERLAY_FS"}
	h, err := Collect(context.Background(), fakeSys(Options{Root: dir, KernelOptions: asked}))
	require.NoError(t, err)
	assert.Equal(t, map[string]string{
		"NAMESPACES": "y", "CGROUPS": "y", "MEMCG": "y", "VXLAN": "m",
		"BPF_SYSCALL": "y", "BPF_JIT": "n", "BPF_LSM": "n",
		"DEBUG_INFO_BTF": "n", // looked for and absent: not set
	}, h.Kernel.Options, "OVERLAY_FS, one kfit always records, stays absent when the config lacks it")
	for _, tt := range []struct {
		option     string
		has, known bool
	}{
		{"BPF_SYSCALL", true, true},
		{"BPF_JIT", false, true},
		{"BPF_LSM", false, true},
		{"DEBUG_INFO_BTF", false, true},
		{"OVERLAY_FS", false, true},
		{"VXLAN", true, true},
	} {
		has, known := h.Kernel.Has(tt.option)
		assert.Equal(t, []bool{tt.has, tt.known}, []bool{has, known}, tt.option)
	}

	// A snapshot taken without asking knows nothing of BPF_SYSCALL.
	plain, err := Collect(context.Background(), fakeSys(Options{Root: dir}))
	require.NoError(t, err)
	assert.NotContains(t, plain.Kernel.Options, "BPF_SYSCALL")
	has, known := plain.Kernel.Has("BPF_SYSCALL")
	assert.False(t, has || known, "an option not looked for is unknown, not missing")
	_, known = plain.Kernel.Has("OVERLAY_FS")
	assert.True(t, known, "one of KernelOptions absent from a config is not set")
}
