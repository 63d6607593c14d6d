// Package probe reads facts about one machine: OS, kernel, architecture, CPUs,
// memory, disk and hostname. It returns them as a Host, plain data that
// round-trips through JSON (the snapshot format of `kfit probe -o json`).
//
// probe records facts, never opinions: it must not import rules or catalog,
// and must not judge whether a value is enough. A fact it cannot read is left
// empty and its reason recorded in Host.Missing; probing goes on.
//
// probe only reads. It never writes to the host, never binds a socket and never
// executes a program. Every file is read through one internal/fsroot.Root
// made from Options.Root: a path resolves inside that root whatever its
// symbolic links say, only regular files are opened for reading (never a
// device or a FIFO), and each read is bounded in size. On Linux probe reads
// every file itself; gopsutil, which opens files unchecked, is used only on
// macOS and Windows, through system calls. Probing as a whole has a deadline
// (Options.Timeout), and a panic in a fact group makes its facts unknown.
// Every string fact is made printable and bounded (clean.go).
package probe
