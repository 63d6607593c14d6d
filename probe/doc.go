// Package probe reads facts about one machine: OS, kernel, architecture, CPUs,
// memory, disk and hostname. It returns them as a Host, plain data that
// round-trips through JSON (the snapshot format of `kfit probe -o json`).
//
// probe records facts, never opinions: it must not import rules or catalog,
// and must not judge whether a value is enough. A fact it cannot read is left
// empty and its reason recorded in Host.Missing; probing goes on.
//
// probe only reads. It never writes to the host, never binds a socket and never
// executes a program: it avoids gopsutil's host package, whose platform lookup
// may run lsb_release, and reads os-release, the kernel release, the
// hostname and (on Linux) cpuinfo itself. Every path goes through
// Options.Root, so tests and containers can point it at another root.
package probe
