//go:build linux

// Command floor is the speed baseline for kfit: a minimal static program that
// makes the same file system calls as kfit and nothing else: no parsing, no
// judging, no rendering. It replays a list of operations, one a line:
//
//	read PATH      open, read to the end (or list, for a directory), close
//	stat PATH      stat(2)
//	statfs PATH    statfs(2)
//	readlink PATH  readlink(2)
//
// scripts/bench writes the list from an strace of `kfit check`, each
// distinct call once, and times kfit beside the floor replaying it.
package main

import (
	"bufio"
	"fmt"
	"os"
	"strings"

	"golang.org/x/sys/unix"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: floor OPS-FILE")
		os.Exit(2)
	}
	ops, err := os.ReadFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	buf := make([]byte, 64<<10)
	n := 0
	sc := bufio.NewScanner(strings.NewReader(string(ops)))
	for sc.Scan() {
		op, path, _ := strings.Cut(sc.Text(), " ")
		switch op {
		case "read":
			fd, err := unix.Open(path, unix.O_RDONLY|unix.O_NONBLOCK|unix.O_CLOEXEC, 0)
			if err != nil {
				continue
			}
			var st unix.Stat_t
			if unix.Fstat(fd, &st) == nil && st.Mode&unix.S_IFMT == unix.S_IFDIR {
				for {
					m, err := unix.Getdents(fd, buf)
					if err != nil || m <= 0 {
						break
					}
					n += m
				}
			} else {
				for {
					m, err := unix.Read(fd, buf)
					if err != nil || m <= 0 {
						break
					}
					n += m
				}
			}
			unix.Close(fd)
		case "stat":
			var st unix.Stat_t
			if unix.Stat(path, &st) == nil {
				n++
			}
		case "statfs":
			var st unix.Statfs_t
			if unix.Statfs(path, &st) == nil {
				n++
			}
		case "readlink":
			if m, err := unix.Readlink(path, buf); err == nil {
				n += m
			}
		}
	}
	fmt.Println(n)
}
