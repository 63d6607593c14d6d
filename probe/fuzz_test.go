package probe

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// addFiles seeds a fuzzer with real files from the test data.
func addFiles(f *testing.F, globs ...string) {
	for _, g := range globs {
		files, _ := filepath.Glob(filepath.Join("..", "testdata", g))
		for _, file := range files {
			if b, err := os.ReadFile(file); err == nil && len(b) < 1<<20 {
				f.Add(b)
			}
		}
	}
}

func FuzzReadSnapshot(f *testing.F) {
	addFiles(f, "snapshots/*.json")
	f.Add([]byte(`{"schemaVersion": 1, "cgroup": {"version": "hybrid"}}`))
	f.Add([]byte(`{"schemaVersion": 1, "memory": {"totalBytes": 1}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		h, err := ReadSnapshot(data, "fuzz.json")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "read snapshot fuzz.json") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		// What was read writes back and reads again the same.
		out, err := json.Marshal(h)
		if err != nil {
			t.Fatalf("a snapshot that reads does not write: %v", err)
		}
		again, err := ReadSnapshot(out, "again.json")
		if err != nil {
			t.Fatalf("a written snapshot does not read back: %v\n%s", err, out)
		}
		// Compared as JSON: an empty map and an absent one say the same.
		out2, _ := json.Marshal(again)
		if !bytes.Equal(out, out2) {
			t.Fatalf("snapshot changed on a round trip:\n%s\n%s", out, out2)
		}
	})
}

func FuzzParseOSRelease(f *testing.F) {
	addFiles(f, "hosts/*/etc/os-release")
	f.Add([]byte("ID=\"a \\\"b\\\"\"\nPRETTY_NAME='x'\n=\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := ParseOSRelease(bytes.NewReader(data))
		if err != nil {
			return // a line longer than the bound
		}
		for k := range m {
			if k == "" || strings.ContainsAny(k, " \t\"'=\n") {
				t.Fatalf("key %q is not an os-release key", k)
			}
		}
	})
}

func FuzzParseCPUMax(f *testing.F) {
	for _, s := range []string{"max 100000\n", "50000 100000\n", "150000 100000", "200000", "", "-5 100000", "100 0", "a b c", "1e309 1"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		q, ok, err := ParseCPUMax(bytes.NewReader(data))
		if err == nil && ok && !(q > 0) {
			t.Fatalf("cpu.max %q: a limit of %v CPUs", data, q)
		}
		if !ok && q != 0 {
			t.Fatalf("cpu.max %q: no limit, but %v", data, q)
		}
	})
}

func FuzzParseMemoryMax(f *testing.F) {
	for _, s := range []string{"max\n", "536870912\n", "9223372036854771712\n", "-1", "lots", "0"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		l, ok, err := ParseMemoryMax(bytes.NewReader(data))
		if (err != nil || !ok) && l != 0 {
			t.Fatalf("memory limit %q: no limit, but %d", data, l)
		}
		if ok && l >= cgroupV1NoLimit {
			t.Fatalf("memory limit %q: the no-limit sentinel taken as a limit", data)
		}
	})
}

func FuzzParseCgroupFiles(f *testing.F) {
	addFiles(f, "hosts/*/proc/cgroups", "hosts/*/proc/*/cgroup", "hosts/*/proc/self/mountinfo")
	f.Add([]byte("12:pids:/a\n6:cpu,cpuacct:/b\n0::/c\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		// None may panic or hang, whatever the input.
		_, _ = parseProcCgroup(bytes.NewReader(data))
		_, _ = parseCgroupsFile(bytes.NewReader(data))
		mounts, _ := parseMountinfo(bytes.NewReader(data), nil)
		for _, m := range mounts {
			if m.fstype == "" {
				t.Fatalf("a mount without a filesystem type from %q", data)
			}
			_, _ = cgroupDir(m, "/a/../../b")
		}
		_, _ = parseMounts(bytes.NewReader(data), foundAll(map[string]string{"memory": "/", "": "/"}))
	})
}

func FuzzParseCPUList(f *testing.F) {
	for _, s := range []string{"0-3", "0", "0-1,4,6-7\n", "", "3-1", "a", "0-99999999", "1,,2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseCPUList(s)
		if err == nil && n <= 0 {
			t.Fatalf("CPU list %q counts %d CPUs", s, n)
		}
	})
}

func FuzzParseKernelConfig(f *testing.F) {
	addFiles(f, "roots/kernel-config-*.txtar")
	plain := []byte("CONFIG_VXLAN=m\n# CONFIG_OVERLAY_FS is not set\nCONFIG_MEMCG=y\n")
	f.Add(plain)
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	_, _ = zw.Write(plain)
	_ = zw.Close()
	f.Add(gz.Bytes())
	f.Add([]byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff})
	f.Fuzz(func(t *testing.T, data []byte) {
		opts, err := ParseKernelConfig(bytes.NewReader(data), "BPF_SYSCALL")
		if err != nil {
			return
		}
		for k := range opts {
			if _, ok := KernelOptions[k]; !ok && k != "BPF_SYSCALL" {
				t.Fatalf("option %s is not one kfit records or was asked for", k)
			}
		}
		if _, ok := opts["BPF_SYSCALL"]; !ok {
			t.Fatal("an option asked for is recorded, if only as not set")
		}
	})
}

func FuzzParseProcNet(f *testing.F) {
	addFiles(f, "roots/software-docker-ports.txtar")
	f.Add([]byte("  sl  local_address\n 0: 00000000:192B 00000000:0000 0A 0\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ports, err := ParseProcNet(bytes.NewReader(data), "0A")
		if err != nil {
			return
		}
		for _, p := range ports {
			if p < 0 || p > 65535 {
				t.Fatalf("port %d from %q", p, data)
			}
		}
	})
}

func FuzzParseLogindAndCPUInfo(f *testing.F) {
	addFiles(f, "roots/laptop-*.txtar", "hosts/*/proc/cpuinfo")
	f.Fuzz(func(t *testing.T, data []byte) {
		for k := range ParseLogind(bytes.NewReader(data)) {
			if strings.ContainsAny(k, "\n=") {
				t.Fatalf("logind key %q", k)
			}
		}
		if m := MachineFromCPUInfo(string(data)); m != "" && GoArch(m) == "" {
			t.Fatalf("machine %q has no Go architecture", m)
		}
		ci, err := ParseCPUInfo(bytes.NewReader(data))
		if err == nil && (ci.Processors < 0 || ci.Cores < 0 || ci.Processors > bytes.Count(data, []byte("processor"))) {
			t.Fatalf("cpuinfo %+v from %q", ci, data)
		}
	})
}
