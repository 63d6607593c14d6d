//go:build !unix

package main

import "os"

// ttyColumns: without TIOCGWINSZ, only $COLUMNS tells the width.
func ttyColumns(*os.File) int { return 0 }
