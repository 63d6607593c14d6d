package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/kfit-dev/kfit/internal/fakeroot"
	"github.com/kfit-dev/kfit/probe"
)

// confineRoots are the roots whose reads the confinement test derives: every
// constructed root and every real capture.
func confineRoots(t *testing.T) []string {
	t.Helper()
	var roots []string
	archives, _ := filepath.Glob(filepath.Join("testdata", "roots", "*.txtar"))
	for _, a := range archives {
		dir := filepath.Join(t.TempDir(), strings.TrimSuffix(filepath.Base(a), ".txtar"))
		require.NoError(t, os.MkdirAll(dir, 0o755))
		cleanup, err := fakeroot.Unpack(a, dir)
		require.NoError(t, err)
		t.Cleanup(cleanup)
		roots = append(roots, dir)
	}
	hosts, _ := filepath.Glob(filepath.Join("testdata", "hosts", "*"))
	for _, h := range hosts {
		if st, err := os.Stat(h); err == nil && st.IsDir() {
			// A copy: the test replaces files with links.
			dir := filepath.Join(t.TempDir(), filepath.Base(h))
			require.NoError(t, os.CopyFS(dir, os.DirFS(h)))
			roots = append(roots, dir)
		}
	}
	return roots
}

var (
	openRootRE = regexp.MustCompile(`openat\(AT_FDCWD, "([^"]+)", [^)]*O_PATH\|O_DIRECTORY`)
	openat2RE  = regexp.MustCompile(`openat2\(\d+, "([^"]*)", \{flags=([A-Z_|]+)`)
	openRE     = regexp.MustCompile(`\bopen(at)?\((?:AT_FDCWD|\d+), "([^"]*)", ([A-Z_|]+)`)
)

// readsUnder runs `kfit probe --root root` under strace and returns the
// paths kfit resolved in the root (found or not). It also holds kfit to how
// it reads: once the root is open, every open is O_PATH (which opens no
// device and blocks on no FIFO), or a reopen through /proc/self/fd of what
// was checked to be a regular file.
func readsUnder(t *testing.T, strace, bin, root string) []string {
	t.Helper()
	log := filepath.Join(t.TempDir(), "strace.log")
	cmd := exec.Command(strace, "-f", "-qq", "-s", "4096", "-e", "trace=open,openat,openat2", "-o", log, bin, "probe", "--root", root, "-o", "json")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, string(out))
	f, err := os.Open(log)
	require.NoError(t, err)
	defer f.Close()
	// Only reads in a root use openat2 (files the user names are opened
	// from the working directory). A call another thread interrupts is
	// logged in two lines; its arguments are all on the first.
	rootOpen := false
	seen := map[string]bool{}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if m := openRootRE.FindStringSubmatch(line); m != nil && m[1] == root {
			rootOpen = true
			continue
		}
		if !rootOpen {
			continue // the Go runtime's own reads, before main
		}
		if m := openat2RE.FindStringSubmatch(line); m != nil {
			assert.Contains(t, m[2], "O_PATH", line)
			seen[m[1]] = true
			continue
		}
		if m := openRE.FindStringSubmatch(line); m != nil && !strings.Contains(m[3], "O_PATH") {
			assert.Regexp(t, `^/proc/self/fd/\d+$`, m[2], "a read that was not checked first: %s", line)
		}
	}
	require.NoError(t, sc.Err())
	require.True(t, rootOpen, "the trace shows kfit opening the root")
	var paths []string
	for p := range seen {
		paths = append(paths, p)
	}
	return paths
}

// TestConfinedAtEveryFile puts, at every path kfit reads on real and
// constructed roots, a link that leaves the root (absolute and relative), a
// FIFO and a device node, and holds kfit to its promises: nothing outside
// the root is read, nothing blocks, nothing panics.
func TestConfinedAtEveryFile(t *testing.T) {
	if emu := os.Getenv("KFIT_EMULATOR"); emu != "" {
		// scripts/test-emulated. The same confinement runs there through
		// fsroot's user-space walk, which internal/fsroot's tests cover.
		t.Skipf("under %s: qemu-user 7.2 has no openat2, so kfit walks paths in user space, and this test reads a trace of openat2 calls", emu)
	}
	strace, err := exec.LookPath("strace")
	if err != nil {
		skipUnlessCI(t, "strace is not installed (apt-get install strace); .ci/run installs it")
	}
	bin := buildKfit(t)
	secretDir := t.TempDir()
	secret := filepath.Join(secretDir, "secret")
	const marker = "SECRET-OUTSIDE-THE-ROOT"
	require.NoError(t, os.WriteFile(secret, []byte(marker+"\n"), 0o644))

	type target struct{ root, path string }
	var targets []target
	done := map[string]bool{}
	for _, root := range confineRoots(t) {
		paths := readsUnder(t, strace, bin, root)
		sort.Strings(paths)
		for _, p := range paths {
			if !done[p] && p != "/" && p != "." {
				done[p] = true
				targets = append(targets, target{root, p})
			}
		}
	}
	require.Greater(t, len(targets), 50, "the trace saw kfit's reads")
	t.Logf("%d distinct paths read over the roots", len(targets))

	depth := strings.Count(secretDir, "/")
	kinds := map[string]func(p string) error{
		"absolute link": func(p string) error { return os.Symlink(secret, p) },
		"relative link": func(p string) error {
			return os.Symlink(strings.Repeat("../", strings.Count(p, "/")+depth+3)+strings.TrimPrefix(secret, "/"), p)
		},
		"fifo": func(p string) error { return unix.Mkfifo(p, 0o644) },
	}
	if os.Geteuid() == 0 {
		kinds["device"] = func(p string) error { return unix.Mknod(p, unix.S_IFCHR|0o644, int(unix.Mkdev(1, 5))) } // /dev/zero
	} else if os.Getenv("CI") != "" {
		t.Fatal("CI must run this test as root, which device nodes need")
	}
	for kind, make := range kinds {
		t.Run(kind, func(t *testing.T) {
			for _, tg := range targets {
				full := filepath.Join(tg.root, tg.path)
				restore := replace(t, full, make)
				start := time.Now()
				h, err := probe.Collect(context.Background(), probe.Options{Root: tg.root, Timeout: 10 * time.Second})
				restore()
				require.NoError(t, err)
				b, err := json.Marshal(h)
				require.NoError(t, err)
				assert.NotContains(t, string(b), marker, "%s at %s leaked a file outside the root", kind, tg.path)
				for k, why := range h.Missing {
					assert.NotContains(t, why, "deadline", "%s at %s: %s blocked", kind, tg.path, k)
				}
				assert.Less(t, time.Since(start), 5*time.Second, "%s at %s", kind, tg.path)
			}
		})
	}
}

// replace puts what make makes at full (its parents made as needed) and
// returns a function that puts everything back.
func replace(t *testing.T, full string, make func(string) error) func() {
	t.Helper()
	var made []string
	for d := filepath.Dir(full); ; d = filepath.Dir(d) {
		if _, err := os.Lstat(d); err == nil {
			break
		}
		made = append(made, d)
	}
	for i := len(made) - 1; i >= 0; i-- {
		require.NoError(t, os.Mkdir(made[i], 0o755))
	}
	aside := full + ".kfit-test-aside"
	_, err := os.Lstat(full)
	moved := err == nil
	if moved {
		require.NoError(t, os.Rename(full, aside))
	} else {
		require.True(t, errors.Is(err, fs.ErrNotExist), "%v", err)
	}
	require.NoError(t, make(full))
	return func() {
		require.NoError(t, os.Remove(full))
		if moved {
			require.NoError(t, os.Rename(aside, full))
		}
		for _, d := range made {
			require.NoError(t, os.Remove(d))
		}
	}
}
