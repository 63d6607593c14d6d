// Package units reads and writes sizes, with one rule for GB and GiB: "GB",
// "MB", "KB" and "TB" are decimal (10^9, ...), as the distributions' docs mean
// them; "GiB", "MiB", "KiB" and "TiB" are binary (2^30, ...); a bare "G",
// "M", "K" or "T" is binary, the way free(1), Docker and Kubernetes
// quantities read it. The rule has no exception: every flag and every
// catalog size reads "4GB" as 4,000,000,000 bytes (a 4 GB Raspberry Pi,
// with 4 GiB, has more than that).
//
// The catalog, the rules and the CLI all read and print sizes here, so a
// size means the same wherever it is written. units imports nothing of
// kfit's.
package units
