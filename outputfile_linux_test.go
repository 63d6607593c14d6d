package main

import (
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// onlyFiles says dir holds nothing but names: no temporary file is left.
func onlyFiles(t *testing.T, dir string, names ...string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	assert.ElementsMatch(t, names, got, "no temporary file is left behind")
}

func TestWriteOutputFile(t *testing.T) {
	t.Run("a new file is created 0644", func(t *testing.T) {
		dir := t.TempDir()
		f := filepath.Join(dir, "r.json")
		require.NoError(t, writeOutputFile(f, []byte("new")))
		st, err := os.Stat(f)
		require.NoError(t, err)
		assert.Equal(t, fs.FileMode(0o644), st.Mode())
		onlyFiles(t, dir, "r.json")
	})
	t.Run("an existing file is replaced and keeps its mode", func(t *testing.T) {
		dir := t.TempDir()
		f := filepath.Join(dir, "r.json")
		require.NoError(t, os.WriteFile(f, []byte("old"), 0o600))
		require.NoError(t, os.Chmod(f, 0o640))
		require.NoError(t, writeOutputFile(f, []byte("new")))
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		assert.Equal(t, "new", string(b))
		st, err := os.Stat(f)
		require.NoError(t, err)
		assert.Equal(t, fs.FileMode(0o640), st.Mode())
		onlyFiles(t, dir, "r.json")
	})
	t.Run("as root, an existing file keeps its owner", func(t *testing.T) {
		if os.Geteuid() != 0 {
			skipUnlessCI(t, "only root can give a file to another user")
		}
		dir := t.TempDir()
		f := filepath.Join(dir, "r.json")
		require.NoError(t, os.WriteFile(f, []byte("old"), 0o644))
		require.NoError(t, os.Chown(f, 65534, 65534))
		require.NoError(t, writeOutputFile(f, []byte("new")))
		st, err := os.Stat(f)
		require.NoError(t, err)
		sys := st.Sys().(*syscall.Stat_t)
		assert.Equal(t, []uint32{65534, 65534}, []uint32{sys.Uid, sys.Gid})
	})
	t.Run("a link is followed: the file is replaced, the link stays", func(t *testing.T) {
		dir := t.TempDir()
		require.NoError(t, os.Mkdir(filepath.Join(dir, "real"), 0o755))
		f := filepath.Join(dir, "real", "r.json")
		require.NoError(t, os.WriteFile(f, []byte("old"), 0o600))
		link := filepath.Join(dir, "link.json")
		require.NoError(t, os.Symlink("real/r.json", link))
		require.NoError(t, writeOutputFile(link, []byte("new")))
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		assert.Equal(t, "new", string(b))
		st, err := os.Lstat(link)
		require.NoError(t, err)
		assert.Equal(t, fs.ModeSymlink, st.Mode().Type(), "the link stays a link")
		st, err = os.Stat(f)
		require.NoError(t, err)
		assert.Equal(t, fs.FileMode(0o600), st.Mode())
		onlyFiles(t, dir, "real", "link.json")
		onlyFiles(t, filepath.Join(dir, "real"), "r.json")
	})
	t.Run("anything but a regular file is refused and left alone", func(t *testing.T) {
		dir := t.TempDir()
		fifo := filepath.Join(dir, "fifo")
		require.NoError(t, syscall.Mkfifo(fifo, 0o644))
		require.NoError(t, os.Symlink("fifo", filepath.Join(dir, "to-fifo")))
		require.NoError(t, os.Symlink("nothing", filepath.Join(dir, "dangling")))
		require.NoError(t, os.Mkdir(filepath.Join(dir, "dir"), 0o755))
		for name, want := range map[string]string{
			"/dev/null":                     "/dev/null is a character device; kfit replaces only regular files",
			fifo:                            fifo + " is a named pipe; kfit replaces only regular files",
			filepath.Join(dir, "to-fifo"):   filepath.Join(dir, "to-fifo") + " is a named pipe; kfit replaces only regular files",
			filepath.Join(dir, "dir"):       filepath.Join(dir, "dir") + " is a directory; kfit replaces only regular files",
			filepath.Join(dir, "dangling"):  filepath.Join(dir, "dangling") + " is a symbolic link that leads to no file",
			filepath.Join(dir, "no/r.json"): "write " + filepath.Join(dir, "no/r.json") + ": no such file or directory",
		} {
			err := writeOutputFile(name, []byte("x"))
			require.Error(t, err, name)
			assert.True(t, strings.HasPrefix(err.Error(), want), "%s: %v", name, err)
			assert.NotContains(t, err.Error(), ".tmp-", "the temporary file is never named")
		}
		st, err := os.Lstat("/dev/null")
		require.NoError(t, err)
		assert.NotZero(t, st.Mode()&fs.ModeCharDevice, "/dev/null is still a device")
		st, err = os.Lstat(fifo)
		require.NoError(t, err)
		assert.NotZero(t, st.Mode()&fs.ModeNamedPipe)
		onlyFiles(t, dir, "fifo", "to-fifo", "dangling", "dir")
	})
	t.Run("a failed write leaves no temporary file", func(t *testing.T) {
		if os.Geteuid() == 0 {
			t.Skip("root writes to read-only directories")
		}
		dir := t.TempDir()
		require.NoError(t, os.Chmod(dir, 0o555))
		defer os.Chmod(dir, 0o755)
		err := writeOutputFile(filepath.Join(dir, "r.json"), []byte("x"))
		require.Error(t, err)
		assert.Equal(t, "write "+filepath.Join(dir, "r.json")+": permission denied", err.Error())
		onlyFiles(t, dir)
	})
}

// An ordinary user may write to a file that is not theirs (a group-writable
// report), but cannot give the new file its owner: kfit then writes nothing.
func TestOutputFileKeepsItsOwnerOrIsLeftAlone(t *testing.T) {
	if os.Geteuid() != 0 {
		skipUnlessCI(t, "running kfit as another user needs root")
	}
	bin := buildKfit(t)
	dir, err := os.MkdirTemp("", "kfit-owner-")
	require.NoError(t, err)
	defer os.RemoveAll(dir)
	require.NoError(t, os.Chmod(dir, 0o777))
	f := filepath.Join(dir, "facts.json")
	require.NoError(t, os.WriteFile(f, []byte("old"), 0o666))
	require.NoError(t, os.Chmod(f, 0o666))
	cmd := exec.Command(bin, "probe", "-o", "json", "--output-file", f)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	require.True(t, errors.As(err, &ee), "kfit as nobody: %v", err)
	assert.Equal(t, 2, ee.ExitCode())
	assert.Equal(t, "kfit: flag --output-file: write "+f+": cannot keep its owner: operation not permitted\n", string(out))
	b, err := os.ReadFile(f)
	require.NoError(t, err)
	assert.Equal(t, "old", string(b))
	onlyFiles(t, dir, "facts.json")
}

// A link another user planted in a shared directory such as /tmp is not
// followed (the kernel's protected_symlinks rule, which kfit's own
// following would otherwise bypass): the file it points to is left alone.
// A link of one's own there is followed as usual.
func TestOutputFileDoesNotFollowAPlantedLink(t *testing.T) {
	if os.Geteuid() != 0 {
		skipUnlessCI(t, "giving a link to another user needs root")
	}
	shared := t.TempDir()
	require.NoError(t, os.Chmod(shared, fs.ModeSticky|0o777))
	victim := filepath.Join(t.TempDir(), "victim")
	require.NoError(t, os.WriteFile(victim, []byte("secret\n"), 0o600))

	planted := filepath.Join(shared, "report.json")
	require.NoError(t, os.Symlink(victim, planted))
	require.NoError(t, os.Lchown(planted, 65534, 65534))
	err := writeOutputFile(planted, []byte("{}\n"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "owned by another user: kfit does not follow it")
	b, _ := os.ReadFile(victim)
	assert.Equal(t, "secret\n", string(b), "the file the link points to is untouched")

	own := filepath.Join(shared, "mine.json")
	require.NoError(t, os.Symlink(victim, own))
	require.NoError(t, writeOutputFile(own, []byte("{}\n")))
	b, _ = os.ReadFile(victim)
	assert.Equal(t, "{}\n", string(b))
}
