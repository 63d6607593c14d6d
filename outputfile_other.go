//go:build !unix

package main

import (
	"io/fs"
	"os"
)

// mayFollow allows every link where files have no Unix owner (Windows).
func mayFollow(string, fs.FileInfo) error { return nil }

// keepOwner does nothing where files have no Unix owner (Windows).
func keepOwner(*os.File, fs.FileInfo) error { return nil }
