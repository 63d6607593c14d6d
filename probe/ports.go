package probe

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// Ports lists the sockets already bound, as "6443/tcp" and "8472/udp".
type Ports struct {
	Listening []string `json:"listening"`
}

// ParseProcNet reads /proc/net/tcp, tcp6, udp or udp6 and returns the local
// ports in the given state: 0A (LISTEN) for TCP, 07 (bound) for UDP.
func ParseProcNet(r io.Reader, state string) ([]int, error) {
	var ports []int
	sc := bufio.NewScanner(bounded(r, 64*maxFileBytes))
	sc.Buffer(make([]byte, 0, 4096), 1<<16)
	first := true
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if first {
			first = false
			if len(f) > 0 && f[0] == "sl" {
				continue
			}
		}
		if len(f) < 4 || f[3] != state {
			continue
		}
		_, portHex, ok := strings.Cut(f[1], ":")
		if !ok {
			continue
		}
		port, err := strconv.ParseUint(portHex, 16, 16)
		if err != nil {
			return nil, fmt.Errorf("local address %q has no hex port", clip(f[1], 60))
		}
		ports = append(ports, int(port))
	}
	return ports, sc.Err()
}

func (p prober) ports(h *Host) {
	files := []struct{ file, proto, state string }{
		{"/proc/net/tcp", "tcp", "0A"}, {"/proc/net/tcp6", "tcp", "0A"},
		{"/proc/net/udp", "udp", "07"}, {"/proc/net/udp6", "udp", "07"},
	}
	// The kernel walks its whole socket hash table for each file, which
	// takes most of a millisecond on a machine with much RAM: read the four
	// side by side.
	ports := make([][]int, len(files))
	errs := make([]error, len(files))
	var wg sync.WaitGroup
	for i, f := range files {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v, err := p.parseFile(f.file, func(r io.Reader) (any, error) { return ParseProcNet(r, f.state) })
			if err != nil {
				errs[i] = err
				return
			}
			ports[i] = v.([]int)
		}()
	}
	wg.Wait()
	// A file that could not be read may hold the very port a distribution
	// needs: the ports are then unknown. Only tcp6 and udp6 may be absent
	// (a kernel without IPv6).
	var msgs []string
	for i, f := range files {
		if errs[i] != nil && (!strings.HasSuffix(f.file, "6") || !errors.Is(errs[i], fs.ErrNotExist)) {
			msgs = append(msgs, errs[i].Error())
		}
	}
	if len(msgs) > 0 {
		h.miss("ports", errors.New(strings.Join(msgs, "; ")))
		return
	}
	seen := map[string]bool{}
	for i, f := range files {
		for _, port := range ports[i] {
			seen[fmt.Sprintf("%d/%s", port, f.proto)] = true
		}
	}
	list := make([]string, 0, len(seen))
	for k := range seen {
		list = append(list, k)
	}
	slices.SortFunc(list, func(a, b string) int {
		pa, _ := strconv.Atoi(strings.Split(a, "/")[0])
		pb, _ := strconv.Atoi(strings.Split(b, "/")[0])
		if pa != pb {
			return pa - pb
		}
		return strings.Compare(a, b)
	})
	h.Ports = &Ports{Listening: list}
}
