package probe

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strconv"
	"strings"
)

// DockerAccess is whether the user running kfit can use the Docker daemon
// without sudo, as kind, k3d and minikube's docker driver need.
type DockerAccess struct {
	// UID and User are kfit's own effective user: on the live machine
	// only (under --root the user who will run kind is unknown).
	UID  int    `json:"uid"`
	User string `json:"user,omitempty"`
	// Groups are the groups /etc/group gives the user (its primary group
	// from /etc/passwd too).
	Groups []string `json:"groups,omitempty"`
	// Socket is the Docker socket found, with its owner, group and mode
	// ("srw-rw----").
	Socket      string `json:"socket,omitempty"`
	SocketUID   int    `json:"socketUid,omitempty"`
	SocketGroup string `json:"socketGroup,omitempty"`
	SocketMode  string `json:"socketMode,omitempty"`
	// Snap is true when Docker is the snap (/snap/docker).
	Snap bool `json:"snap,omitempty"`
}

// currentUID is effectiveUID; tests replace it.
var currentUID = effectiveUID

func (p prober) dockerAccess(h *Host) {
	if !p.live {
		h.miss("dockerAccess", errors.New("the user who will run kind or minikube is not known under --root"))
		return
	}
	uid, ok := currentUID()
	if !ok {
		h.miss("dockerAccess", errors.New("no user ids on this system"))
		return
	}
	a := &DockerAccess{UID: uid, Snap: p.root.IsDir("/snap/docker")}
	users, err1 := p.parseFile("/etc/passwd", func(r io.Reader) (any, error) { return parseColonFile(r) })
	groups, err2 := p.parseFile("/etc/group", func(r io.Reader) (any, error) { return parseColonFile(r) })
	if err := errors.Join(err1, err2); err != nil {
		h.miss("dockerAccess", err)
		return
	}
	gidName := map[string]string{}
	for _, g := range groups.([][]string) {
		if len(g) >= 3 {
			gidName[g[2]] = g[0]
		}
	}
	primary := ""
	for _, u := range users.([][]string) {
		if len(u) >= 4 && u[2] == strconv.Itoa(uid) {
			a.User, primary = clean(u[0], 64), u[3]
			break
		}
	}
	if n, ok := gidName[primary]; ok {
		a.Groups = append(a.Groups, clean(n, 64))
	}
	for _, g := range groups.([][]string) {
		if len(g) >= 4 && a.User != "" && len(a.Groups) < 64 {
			for _, m := range strings.Split(g[3], ",") {
				if m == a.User && g[2] != primary {
					a.Groups = append(a.Groups, clean(g[0], 64))
				}
			}
		}
	}
	for _, s := range []string{"/run/docker.sock", "/var/run/docker.sock"} {
		st, err := p.root.Stat(s)
		if err != nil {
			if !errors.Is(err, fs.ErrNotExist) {
				h.miss("dockerAccess.socket", err)
			}
			continue
		}
		if st.Mode()&fs.ModeSocket == 0 {
			continue
		}
		a.Socket, a.SocketMode = s, st.Mode().String()
		if suid, sgid, ok := owner(st); ok {
			a.SocketUID = suid
			a.SocketGroup = gidName[strconv.Itoa(sgid)]
			if a.SocketGroup == "" {
				a.SocketGroup = strconv.Itoa(sgid)
			}
		}
		break
	}
	h.DockerAccess = a
}

// parseColonFile reads /etc/passwd or /etc/group: colon-separated fields.
func parseColonFile(r io.Reader) ([][]string, error) {
	var out [][]string
	sc := bufio.NewScanner(bounded(r, maxFileBytes))
	sc.Buffer(make([]byte, 0, 4096), 1<<16)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		if len(out) >= 65536 {
			return nil, fmt.Errorf("more than %d entries", 65536)
		}
		out = append(out, strings.Split(line, ":"))
	}
	return out, sc.Err()
}
