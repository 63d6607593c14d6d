package fsroot

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// bothWays runs a test with the kernel resolving paths (openat2) and with
// the user-space walk that older kernels get.
func bothWays(t *testing.T, test func(t *testing.T)) {
	for _, walk := range []bool{false, true} {
		name := "openat2"
		if walk {
			name = "walk"
		}
		t.Run(name, func(t *testing.T) {
			saved := noOpenat2.Load()
			noOpenat2.Store(walk)
			defer noOpenat2.Store(saved)
			test(t)
		})
	}
}

// tree makes a root and, beside it, a secret the root's links point at.
func tree(t *testing.T) (root, secret string) {
	t.Helper()
	dir := t.TempDir()
	root = filepath.Join(dir, "root")
	outside := filepath.Join(dir, "outside")
	secret = filepath.Join(outside, "secret")
	for _, d := range []string{root + "/etc", root + "/run/systemd", root + "/proc/sys", outside} {
		require.NoError(t, os.MkdirAll(d, 0o755))
	}
	require.NoError(t, os.WriteFile(secret, []byte("SECRET\n"), 0o644))
	require.NoError(t, os.WriteFile(root+"/run/systemd/stub", []byte("inside\n"), 0o644))
	links := map[string]string{
		"etc/abs-escape":  secret,                              // absolute, to the host's file
		"etc/rel-escape":  "../../outside/secret",              // relative, climbing out
		"etc/deep-escape": "../../../../../../../../" + secret, // more ".." than the root is deep
		"etc/resolv.conf": "/run/systemd/stub",                 // absolute, meant inside the root
		"etc/os-release":  "../run/systemd/stub",               // relative, inside
		"proc/sys/outdir": filepath.Dir(secret),                // a directory outside
		"etc/loop":        "loop2",
		"etc/loop2":       "loop",
		"etc/null":        "/dev/null", // the host's device, or nothing in the root
	}
	for name, target := range links {
		require.NoError(t, os.Symlink(target, filepath.Join(root, name)))
	}
	return root, secret
}

func TestReadsStayInTheRoot(t *testing.T) {
	bothWays(t, func(t *testing.T) {
		root, secret := tree(t)
		r, err := Open(root)
		require.NoError(t, err)
		defer r.Close()

		for _, name := range []string{"/etc/abs-escape", "/etc/rel-escape", "/etc/deep-escape", "/proc/sys/outdir/secret", "/../outside/secret", "../../" + secret, secret} {
			b, err := r.ReadFile(name, 1<<10)
			assert.NotContains(t, string(b), "SECRET", name)
			assert.ErrorIs(t, err, fs.ErrNotExist, name)
		}
		for _, name := range []string{"/etc/resolv.conf", "/etc/os-release", "etc/resolv.conf", "/run/systemd/../systemd/stub"} {
			b, err := r.ReadFile(name, 1<<10)
			require.NoError(t, err, name)
			assert.Equal(t, "inside\n", string(b), name)
		}
		_, err = r.ReadFile("/etc/loop", 1<<10)
		assert.ErrorIs(t, err, unix.ELOOP)
		_, err = r.ReadFile("/etc/null", 1<<10)
		assert.ErrorIs(t, err, fs.ErrNotExist, "/dev/null of the host is not in the root")

		// The same holds for stat, lstat, readlink, readdir and statfs.
		_, err = r.Stat("/etc/abs-escape")
		assert.ErrorIs(t, err, fs.ErrNotExist)
		st, err := r.Lstat("/etc/abs-escape")
		require.NoError(t, err)
		assert.Equal(t, fs.ModeSymlink, st.Mode().Type())
		target, err := r.Readlink("/etc/abs-escape")
		require.NoError(t, err)
		assert.Equal(t, secret, target, "a link's text is read as it is")
		_, err = r.ReadDir("/proc/sys/outdir")
		assert.ErrorIs(t, err, fs.ErrNotExist)
		names, err := r.ReadDir("/run/systemd/")
		require.NoError(t, err)
		assert.Equal(t, []string{"stub"}, names)
		_, err = r.Statfs("/proc/sys/outdir")
		assert.ErrorIs(t, err, fs.ErrNotExist)
		sf, err := r.Statfs("/etc")
		require.NoError(t, err)
		assert.Positive(t, sf.TotalBytes)
		assert.True(t, r.IsDir("/etc"))
		assert.False(t, r.Exists("/etc/abs-escape"))
	})
}

func TestOnlyRegularFilesAreOpened(t *testing.T) {
	bothWays(t, func(t *testing.T) {
		root, _ := tree(t)
		require.NoError(t, unix.Mkfifo(root+"/etc/fifo", 0o644))
		require.NoError(t, os.Symlink("fifo", root+"/etc/to-fifo"))
		devices := []string{"/etc/fifo", "/etc/to-fifo", "/etc"}
		if os.Geteuid() == 0 {
			// /dev/zero's numbers: a read would never end.
			require.NoError(t, unix.Mknod(root+"/etc/zero", unix.S_IFCHR|0o644, int(unix.Mkdev(1, 5))))
			devices = append(devices, "/etc/zero")
		}
		r, err := Open(root)
		require.NoError(t, err)
		defer r.Close()
		for _, name := range devices {
			_, err := r.ReadFile(name, 1<<10)
			assert.ErrorIs(t, err, ErrNotRegular, name)
		}
		_, err = r.ReadDir("/etc/fifo")
		assert.ErrorIs(t, err, unix.ENOTDIR)
	})
}

func TestReadLimits(t *testing.T) {
	root, _ := tree(t)
	require.NoError(t, os.WriteFile(root+"/etc/big", make([]byte, 2048), 0o644))
	r, err := Open(root)
	require.NoError(t, err)
	defer r.Close()
	_, err = r.ReadFile("/etc/big", 1024)
	var tl *TooLargeError
	require.ErrorAs(t, err, &tl)
	assert.Equal(t, "/etc/big is larger than 1 KiB, the most kfit reads of it", err.Error())
	b, err := r.ReadFile("/etc/big", 2048)
	require.NoError(t, err)
	assert.Len(t, b, 2048)
}

func TestUserFiles(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, unix.Mkfifo(dir+"/fifo", 0o644))
	require.NoError(t, os.WriteFile(dir+"/snap.json", []byte("{}"), 0o644))
	require.NoError(t, os.Symlink("snap.json", dir+"/link.json"))
	for name, want := range map[string]error{
		dir + "/fifo": ErrNotRegular, "/dev/zero": ErrNotRegular, dir: ErrNotRegular,
		dir + "/none": fs.ErrNotExist,
	} {
		_, err := ReadFile(name, 1<<10)
		assert.ErrorIs(t, err, want, name)
	}
	b, err := ReadFile(dir+"/link.json", 1<<10)
	require.NoError(t, err)
	assert.Equal(t, "{}", string(b))
	_, err = ReadFile(dir+"/snap.json", 1)
	assert.EqualError(t, err, dir+"/snap.json is larger than 1 byte, the most kfit reads of it")
	assert.True(t, errors.As(err, new(*TooLargeError)))
}

// A root that holds a live procfs (a host bind-mounted whole) must not make
// kfit consume the kernel log; other /proc files read as usual.
func TestKernelLogIsNotRead(t *testing.T) {
	root := t.TempDir()
	proc := filepath.Join(root, "hostproc")
	require.NoError(t, os.Mkdir(proc, 0o755))
	if err := unix.Mount("proc", proc, "proc", 0, ""); err != nil {
		t.Skipf("cannot mount a procfs here: %v", err)
	}
	defer unix.Unmount(proc, unix.MNT_DETACH)
	r, err := Open(root)
	require.NoError(t, err)
	defer r.Close()
	_, err = r.ReadFile("/hostproc/kmsg", 1<<20)
	assert.ErrorContains(t, err, "the kernel log, which reading would consume")
	b, err := r.ReadFile("/hostproc/self/status", 1<<20)
	require.NoError(t, err)
	assert.Contains(t, string(b), "Name:")
}
