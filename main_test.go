package main

import (
	"encoding/json"
	"errors"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/kfit-dev/kfit/internal/fakeroot"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"kfit": func() { os.Exit(run(os.Args, os.Stdout, os.Stderr)) },
	})
}

var update = flag.Bool("update", false, "rewrite the golden output inside testdata/script/*.txtar")

// TestScripts runs the end-to-end scripts in testdata/script. Refresh their
// golden output with: go test -run TestScripts -update
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:           "testdata/script",
		UpdateScripts: *update,
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			// unpack NAME DIR: unpack testdata/roots/NAME.txtar into DIR.
			"unpack": func(ts *testscript.TestScript, neg bool, args []string) {
				if neg || len(args) != 2 {
					ts.Fatalf("usage: unpack NAME DIR")
				}
				wd, err := os.Getwd()
				ts.Check(err)
				cleanup, err := fakeroot.Unpack(filepath.Join(wd, "testdata", "roots", args[0]+".txtar"), ts.MkAbs(args[1]))
				ts.Check(err)
				ts.Defer(cleanup)
			},
			// validjson FILE: FILE holds one valid JSON value.
			"validjson": func(ts *testscript.TestScript, neg bool, args []string) {
				if len(args) != 1 {
					ts.Fatalf("usage: validjson FILE")
				}
				if ok := json.Valid([]byte(ts.ReadFile(args[0]))); ok == neg {
					ts.Fatalf("%s: valid JSON is %v", args[0], ok)
				}
			},
			// exitcode N[|M...] prog args...: run prog and require one of
			// the exit codes.
			"exitcode": func(ts *testscript.TestScript, neg bool, args []string) {
				if neg || len(args) < 2 {
					ts.Fatalf("usage: exitcode N[|M...] program [args...]")
				}
				want := map[int]bool{}
				for _, s := range strings.Split(args[0], "|") {
					n, err := strconv.Atoi(s)
					ts.Check(err)
					want[n] = true
				}
				got := 0
				if err := ts.Exec(args[1], args[2:]...); err != nil {
					var ee *exec.ExitError
					if !errors.As(err, &ee) {
						ts.Fatalf("run %s: %v", args[1], err)
					}
					got = ee.ExitCode()
				}
				if !want[got] {
					ts.Fatalf("exit code %d, want %s", got, args[0])
				}
			},
		},
		Setup: func(env *testscript.Env) error {
			wd, err := os.Getwd()
			if err != nil {
				return err
			}
			env.Setenv("TESTDATA", wd+"/testdata")
			env.Setenv("NO_COLOR", "")
			return nil
		},
	})
}

// TestNoProgramRunner makes sure kfit cannot execute another program: none of
// the packages it links, on any platform it is built for, may be one that
// shells out. gopsutil's host package runs lsb_release, its docker and
// process packages run docker and ps, and its mem package runs vm_stat on
// macOS without cgo.
func TestNoProgramRunner(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skipf("go is not in PATH: %v", err)
	}
	banned := map[string][]string{
		"":       {"gopsutil/v3/host", "gopsutil/v3/docker", "gopsutil/v3/process", "gopsutil/v3/net"},
		"darwin": {"gopsutil/v3/mem"},
	}
	for _, goos := range []string{"linux", "darwin", "windows"} {
		cmd := exec.Command("go", "list", "-deps", ".")
		cmd.Env = append(os.Environ(), "GOOS="+goos, "CGO_ENABLED=0")
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("go list for %s: %v", goos, err)
		}
		for _, pkg := range strings.Fields(string(out)) {
			for _, b := range append(banned[""], banned[goos]...) {
				if strings.HasSuffix(pkg, b) {
					t.Errorf("kfit for %s links %s, which may execute programs", goos, pkg)
				}
			}
		}
	}
}
