//go:build linux

package probe

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/kfit-dev/kfit/internal/fakeroot"
)

// A hypervisor's disk says it rotates whatever backs it: its media is
// virtual, not hdd, while a real rotating disk stays hdd.
func TestVirtualDisks(t *testing.T) {
	dir := t.TempDir()
	cleanup, err := fakeroot.Unpack(filepath.Join("..", "testdata", "roots", "vm-disks.txtar"), dir)
	require.NoError(t, err)
	t.Cleanup(cleanup)
	tests := []struct {
		name         string
		major, minor uint32
		device       string
		sectors      uint64
		media        string
	}{
		{"a virtio disk is virtual", 252, 2, "vda", 41943040, "virtual"},
		{"a Xen disk is virtual", 202, 1, "xvda", 16777216, "virtual"},
		{"a VMware disk is virtual", 8, 1, "sda", 83886080, "virtual"},
		{"a Hyper-V disk is virtual", 8, 17, "sdb", 62914560, "virtual"},
		{"a QEMU emulated SCSI disk is virtual", 8, 33, "sdc", 83886080, "virtual"},
		{"a SATA hard disk stays hdd", 8, 49, "sdd", 1953525168, "hdd"},
		{"LVM on a virtio disk is what its disk is", 253, 0, "dm-0", 37748736, "virtual"},
		{"LVM on a hard disk is what its disk is", 253, 1, "dm-1", 1953521664, "hdd"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := fakeSys(Options{Root: dir})
			o.Statfs = func(string) (FS, error) {
				return FS{FreeBytes: 1 << 30, TotalBytes: 1 << 34, Type: 0xEF53, Dev: unix.Mkdev(tt.major, tt.minor)}, nil
			}
			h, err := Collect(context.Background(), o)
			require.NoError(t, err)
			assert.Equal(t, tt.device, h.Disk.Device)
			assert.Equal(t, tt.sectors*512, h.Disk.DeviceBytes)
			assert.Equal(t, tt.media, h.Disk.Media)
			assert.NotContains(t, h.Missing, "disk.media")
		})
	}
}

// The virtio disk of a captured KVM guest (a Fedora VM, from jaypipes/ghw's
// snapshot) says rotational 1; kfit says virtual. Its LVM volume dm-0, whose
// slaves the capture lacks, keeps the flag the kernel gave it.
func TestCapturedKVMGuestDisk(t *testing.T) {
	for _, tt := range []struct {
		name         string
		major, minor uint32
		device       string
		media        string
	}{
		{"the root partition's disk vda", 252, 3, "vda", "virtual"},
		{"the LVM volume without its slaves", 253, 0, "dm-0", "hdd"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			o := fakeSys(Options{Root: root("kvm-xeon-2vcpu-2g")})
			o.Statfs = func(string) (FS, error) {
				return FS{FreeBytes: 1 << 30, TotalBytes: 1 << 34, Type: 0x58465342, Dev: unix.Mkdev(tt.major, tt.minor)}, nil
			}
			h, err := Collect(context.Background(), o)
			require.NoError(t, err)
			assert.Equal(t, tt.device, h.Disk.Device)
			assert.Equal(t, tt.media, h.Disk.Media)
			assert.Equal(t, EnvVM, h.Environment.Kind, "the cpuinfo hypervisor flag")
		})
	}
}
