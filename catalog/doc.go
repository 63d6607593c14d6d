// Package catalog holds the Kubernetes distributions' documented host
// requirements as typed, cited data: every number carries the URL, the quoted
// sentence and the date the docs were read.
//
// The built-in catalog is embedded from catalog.yaml and validated when it is
// loaded. catalog knows nothing of the machine being checked: it must never
// import probe or rules, read host files or judge anything.
package catalog
