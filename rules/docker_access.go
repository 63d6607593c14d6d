package rules

import (
	"slices"
	"strconv"

	"github.com/kfit-dev/kfit/probe"
)

func checkDockerAccess(h probe.Host, s subject) Check {
	q := s.distro.Conditions.DockerAccess
	c := Check{ID: CheckDockerAccess, Want: "Docker usable without sudo", Source: q.Cite.URL}
	if h.Runtime.Tools != nil && h.Runtime.Tools["docker"] == (probe.Tool{}) {
		c.Verdict, c.Got, c.Reason = Pass, "no Docker", "Docker is not installed, so its access does not matter (the runtime check judges the other drivers)"
		return c
	}
	a := h.DockerAccess
	if a == nil {
		c.Verdict, c.Got = Warn, "unknown"
		c.Reason = "who may use Docker is unknown: " + h.Why("dockerAccess")
		return c
	}
	user := a.User
	if user == "" {
		user = "uid " + strconv.Itoa(a.UID)
	}
	c.Got = user
	if a.UID == 0 {
		if s.distro.ID == "minikube" {
			c.Verdict = verdictOf(q.Verdict)
			c.Reason = "running as root: minikube's docker driver stops with DRV_AS_ROOT (\"should not be used with root privileges\") unless given --force"
			return fixable(c, "run minikube as a normal user in the docker group: sudo usermod -aG docker USER, then log in again (as root: minikube start --force, or --driver=none)")
		}
		c.Verdict, c.Reason = Pass, "root may use the Docker daemon"
		return c
	}
	if a.Socket == "" {
		c.Verdict, c.Reason = Pass, "no Docker socket yet to judge (the daemon is not running; the runtime check says so)"
		return c
	}
	c.Got += ", " + a.Socket + " " + a.SocketMode + " group " + orUnknown(a.SocketGroup)
	worldWritable := len(a.SocketMode) >= 10 && a.SocketMode[8] == 'w'
	if a.SocketUID == a.UID || slices.Contains(a.Groups, a.SocketGroup) || worldWritable {
		c.Verdict, c.Reason = Pass, user+" may use the Docker socket"
		return c
	}
	c.Verdict = verdictOf(q.Verdict)
	c.Reason = user + " is not in the socket's group " + orUnknown(a.SocketGroup) + ": " + s.distro.Name + " cannot create its nodes without sudo"
	group := a.SocketGroup
	if group == "" || group == "root" {
		group = "docker"
	}
	fix := "sudo usermod -aG " + group + " " + a.User + ", then log out and in again"
	if a.User == "" {
		fix = "add your user to the " + group + " group (sudo usermod -aG " + group + " USER), then log out and in again"
	}
	if a.Snap {
		fix += "; with Docker's snap, create the group first and restart the snap: sudo addgroup --system docker && sudo snap disable docker && sudo snap enable docker"
	}
	return fixable(c, fix)
}
