package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kfit-dev/kfit/internal/fakeroot"
	"github.com/kfit-dev/kfit/probe"
)

// TestNoHarm runs kfit under strace and holds it to its promise: it opens
// files read-only, creates, renames and removes nothing, binds and connects
// no socket, and executes no program. (--output-file is the one flag that
// writes, and only the file it is given; it is not used here.)
func TestNoHarm(t *testing.T) {
	strace, err := exec.LookPath("strace")
	if err != nil {
		skipUnlessCI(t, "strace is not installed (apt-get install strace); .ci/run installs it")
	}
	bin := buildKfit(t)
	snap, err := filepath.Abs(filepath.Join("testdata", "snapshots", "pi3b-1gb.json"))
	require.NoError(t, err)
	other, err := filepath.Abs(filepath.Join("testdata", "snapshots", "laptop-4gb.json"))
	require.NoError(t, err)
	for _, args := range [][]string{
		{"check"},
		{"check", "-o", "junit", "--distro", "k3s"},
		{"probe", "-o", "json"},
		{"plan", snap, other},
		{"catalog", "-o", "yaml"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			log := filepath.Join(t.TempDir(), "strace.log")
			cmd := exec.Command(strace, append([]string{"-f", "-qq", "-o", log,
				"-e", "trace=open,openat,openat2,creat,execve,execveat,bind,connect,socket,listen,mkdir,mkdirat,rmdir,unlink,unlinkat,rename,renameat,renameat2,truncate,ftruncate,chmod,fchmodat,chown,fchownat,mount,ptrace,kill",
				bin}, args...)...)
			if out, err := cmd.CombinedOutput(); err != nil {
				if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() > 1 {
					skipUnlessCI(t, "strace could not trace here: %v\n%s", err, out)
				}
			}
			b, err := os.ReadFile(log)
			require.NoError(t, err)
			execs, opens := 0, 0
			for _, line := range strings.Split(string(b), "\n") {
				call := syscallName(line)
				switch call {
				case "":
				case "open", "openat", "openat2":
					opens++
					if regexp.MustCompile(`O_WRONLY|O_RDWR|O_CREAT|O_TRUNC|O_APPEND`).MatchString(line) {
						t.Errorf("opens for writing: %s", line)
					}
				case "execve", "execveat":
					execs++
				case "kill":
					// The Go runtime signals its own threads (preemption).
					if !strings.Contains(line, "SIGURG") {
						t.Errorf("sends a signal: %s", line)
					}
				default:
					t.Errorf("makes a call it must not: %s", line)
				}
			}
			assert.Equal(t, 1, execs, "only strace's own exec of kfit")
			assert.Positive(t, opens, "the trace saw kfit's reads")
		})
	}
}

var callRE = regexp.MustCompile(`^\d+\s+([a-z0-9_]+)\(`)

func syscallName(line string) string {
	m := callRE.FindStringSubmatch(line)
	if m == nil {
		return ""
	}
	return m[1]
}

// TestUnreadableFilesAsAnOrdinaryUser runs kfit as nobody on a root whose
// files it may not read: each fact becomes unknown with "permission
// denied", and the JSON stays valid. Root reads everything, so this needs
// root to become nobody.
func TestUnreadableFilesAsAnOrdinaryUser(t *testing.T) {
	if os.Geteuid() != 0 {
		skipUnlessCI(t, "running kfit as another user needs root")
	}
	bin := buildKfit(t)
	root, err := os.MkdirTemp("", "kfit-unreadable-")
	require.NoError(t, err)
	defer os.RemoveAll(root)
	cleanup, err := fakeroot.Unpack(filepath.Join("testdata", "roots", "container-cgroup2-1g.txtar"), root)
	require.NoError(t, err)
	defer cleanup()
	for _, f := range []string{"proc/meminfo", "etc/os-release", "proc/sys/kernel/osrelease", "sys/fs/cgroup/memory.max"} {
		require.NoError(t, os.Chmod(filepath.Join(root, f), 0o600))
	}
	// nobody must reach the binary and the root.
	for _, d := range []string{root, filepath.Dir(bin)} {
		require.NoError(t, os.Chmod(d, 0o755))
	}
	cmd := exec.Command(bin, "probe", "--root", root, "-o", "json")
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	out, err := cmd.Output()
	require.NoError(t, err, "kfit as nobody")
	var h struct {
		Missing map[string]string `json:"missing"`
		Memory  struct {
			EffectiveBytes uint64 `json:"effectiveBytes"`
		} `json:"memory"`
	}
	require.NoError(t, json.Unmarshal(out, &h), "valid JSON")
	for _, k := range []string{"memory", "os.id", "os.kernelVersion"} {
		assert.Contains(t, h.Missing[k], "permission denied", k)
	}
	// The limit it could not read may be the tightest: it is unknown, and
	// so is the effective memory (never the host's full figure).
	assert.Contains(t, h.Missing["memory.limit"], "permission denied")
	assert.Zero(t, h.Memory.EffectiveBytes)
}

// TestNoHarmWithMeasure holds --measure, the one flag with which kfit writes,
// to its promise: under strace, the only file opened for writing is one new
// file (O_CREAT|O_EXCL, 0600) in the data directory, every write, fallocate
// and fdatasync goes to it (or a write to stdout and stderr), it is the only
// file removed, nothing else is created, renamed or changed, and it is gone
// afterwards. Without --measure, TestNoHarm shows that nothing is written.
func TestNoHarmWithMeasure(t *testing.T) {
	strace, err := exec.LookPath("strace")
	if err != nil {
		skipUnlessCI(t, "strace is not installed (apt-get install strace); .ci/run installs it")
	}
	bin := buildKfit(t)
	root, dataDir := measureRoot(t)
	for _, args := range [][]string{
		{"check", "--measure", "--timeout", "2s", "--root", root},
		{"probe", "--measure", "--timeout", "2s", "-o", "json", "--root", root},
	} {
		t.Run(strings.Join(args[:2], " "), func(t *testing.T) {
			log := filepath.Join(t.TempDir(), "strace.log")
			// -y names each descriptor's file, so every call shows where it goes.
			cmd := exec.Command(strace, append([]string{"-f", "-qq", "-y", "-o", log,
				"-e", "trace=open,openat,openat2,creat,execve,execveat,bind,connect,socket,listen,mkdir,mkdirat,rmdir,unlink,unlinkat,rename,renameat,renameat2,truncate,ftruncate,chmod,fchmodat,chown,fchownat,mount,ptrace,kill,write,pwrite64,writev,pwritev,pwritev2,fallocate,fdatasync,fsync,sync_file_range",
				bin}, args...)...)
			if out, err := cmd.CombinedOutput(); err != nil {
				if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() > 1 {
					skipUnlessCI(t, "strace could not trace here: %v\n%s", err, out)
				}
			}
			b, err := os.ReadFile(log)
			require.NoError(t, err)
			created := regexp.MustCompile(`^\d+\s+openat\(\d+<` + regexp.QuoteMeta(dataDir) + `>, "(\.kfit-measure-\d+-[0-9a-f]{8})", O_WRONLY\|O_CREAT\|O_EXCL(?:\|O_LARGEFILE)?\|O_NOFOLLOW\|O_CLOEXEC, 0600(?:\) = \d+<| <unfinished)`)
			var file string
			creates, removes, syncs, writes := 0, 0, 0, 0
			for _, line := range strings.Split(string(b), "\n") {
				call := syscallName(line)
				switch call {
				case "":
				case "open", "openat", "openat2":
					if m := created.FindStringSubmatch(line); m != nil {
						creates++
						file = m[1]
						continue
					}
					if regexp.MustCompile(`O_WRONLY|O_RDWR|O_CREAT|O_TRUNC|O_APPEND`).MatchString(line) {
						t.Errorf("opens for writing: %s", line)
					}
				case "unlinkat":
					removes++
					// Under strace -f a call another thread interrupts ends
					// "<unfinished ...>"; that the file is gone is checked below.
					if file == "" || !strings.Contains(line, "<"+dataDir+">, \""+file+"\", 0") {
						t.Errorf("removes something else than its file: %s", line)
					}
				case "write", "writev":
					if !regexp.MustCompile(`^\d+\s+writev?\([12]<`).MatchString(line) {
						t.Errorf("writes elsewhere than stdout and stderr: %s", line)
					}
				case "pwrite64", "fallocate", "fdatasync":
					// -y names each descriptor's file: the call is on the
					// temporary file, whatever its number.
					if file == "" || !regexp.MustCompile(`^\d+\s+[a-z0-9]+\(\d+<`+regexp.QuoteMeta(filepath.Join(dataDir, file))+`>`).MatchString(line) {
						t.Errorf("writes elsewhere than its file: %s", line)
					}
					if call == "pwrite64" {
						writes++
					}
					if call == "fdatasync" {
						syncs++
					}
				case "execve", "execveat":
				case "kill":
					if !strings.Contains(line, "SIGURG") {
						t.Errorf("sends a signal: %s", line)
					}
				default:
					t.Errorf("makes a call it must not: %s", line)
				}
			}
			assert.Equal(t, 1, creates, "one temporary file")
			assert.Equal(t, 1, removes, "removed once")
			assert.Positive(t, writes)
			assert.LessOrEqual(t, writes, probe.FsyncSamples)
			assert.Equal(t, writes, syncs, "each write followed by fdatasync")
			assert.Empty(t, dirEntries(t, dataDir), "the file is gone")
			assert.Equal(t, []string{"proc", "var"}, dirEntries(t, root), "nothing else was made")
			assert.Equal(t, []string{"lib"}, dirEntries(t, filepath.Join(root, "var")), "nothing else was made")
		})
	}
}
