//go:build linux

package probe

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kfit-dev/kfit/internal/fakeroot"
)

// The boot loader is found by its files alone, and told apart from the
// files another loader left behind.
func TestBootLoaders(t *testing.T) {
	tests := []struct {
		root   string
		loader string
		files  []string
	}{
		{"boot-debian-grub", LoaderGRUB, []string{"/etc/default/grub", "/boot/grub/grub.cfg"}},
		{"boot-fedora-grub", LoaderGRUB, []string{"/etc/default/grub", "/boot/grub2/grub.cfg"}},
		{"boot-arch-systemd-boot", LoaderSystemdBoot, []string{"/efi/loader/loader.conf"}},
		{"boot-proxmox-systemd-boot", LoaderSystemdBoot, []string{"/etc/kernel/cmdline", "/etc/kernel/proxmox-boot-uuids"}},
		{"boot-alpine-extlinux", LoaderExtlinux, []string{"/boot/extlinux.conf", "/etc/update-extlinux.conf"}},
		{"boot-sbc-extlinux", LoaderExtlinux, []string{"/boot/extlinux/extlinux.conf", "/etc/default/u-boot"}},
		{"rpi4-memcg-off", LoaderRaspberryPi, []string{"/boot/firmware/cmdline.txt"}},
		{"container-cgroup2-1g", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.root, func(t *testing.T) {
			h := collectRoot(t, tt.root)
			assert.Equal(t, tt.loader, h.Boot.Loader)
			assert.Equal(t, tt.files, h.Boot.LoaderFiles)
		})
	}
}

// Where GRUB and systemd-boot are both installed, the kernel's command line
// says which one booted: GRUB adds BOOT_IMAGE=.
func TestGRUBBootedNextToSystemdBoot(t *testing.T) {
	dir := t.TempDir()
	cleanup, err := fakeroot.Unpack(filepath.Join("..", "testdata", "roots", "boot-arch-systemd-boot.txtar"), dir)
	require.NoError(t, err)
	t.Cleanup(cleanup)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "proc", "cmdline"), []byte("BOOT_IMAGE=/vmlinuz-linux root=UUID=9d1c0a4e rw quiet\n"), 0o644))
	h, err := Collect(context.Background(), fakeSys(Options{Root: dir}))
	require.NoError(t, err)
	assert.Equal(t, LoaderGRUB, h.Boot.Loader)
	assert.Equal(t, []string{"/etc/default/grub"}, h.Boot.LoaderFiles)
}
