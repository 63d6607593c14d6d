//go:build !unix

package main

import (
	"io/fs"
	"os"
)

// keepOwner does nothing where files have no Unix owner (Windows).
func keepOwner(*os.File, fs.FileInfo) error { return nil }
