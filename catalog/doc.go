// Package catalog holds the Kubernetes distributions' documented host
// requirements as typed, cited data: every number carries the URL, the quoted
// sentence and the date the docs were read.
//
// The built-in catalog is embedded from catalog.yaml (and compiled in as
// builtin_gen.go by go generate); it and a user's catalog are made the same
// way (load.go): decode, overlay, resolve, validate, with one vocabulary
// (vocabulary.go). catalog knows nothing of the machine being checked: it must never
// import probe or rules, read host files or judge anything.
//
// A user's catalog is hostile input. It is one YAML document; once
// validated, its strings are valid UTF-8 without control or bidi
// characters and of bounded length, its ids and role names read back from
// --distro ID:ROLE, and it holds at most 1,000 distros and 4,000 roles
// (text.go). Errors quote what they take from the file escaped.
package catalog
