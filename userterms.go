package main

import (
	"regexp"
	"strings"
)

// The YAML decoder names Go types in its errors ("field bogus not found in
// type catalog.Role", "cannot unmarshal !!int `5` into []catalog.Role"); a
// user who wrote a catalog knows YAML, not kfit's Go types. yamlTerms
// rewrites those phrases in the user's terms.
var (
	yamlUnknownField = regexp.MustCompile(`field (\S+) not found in type [\w.*\[\]]+`)
	yamlWrongType    = regexp.MustCompile("cannot unmarshal !!(\\w+) (`[^`]*` )?into ([\\w.*\\[\\]]+)")
)

// flagTerms writes the options in the flag package's errors ("flag
// provided but not defined: -host") as the user writes them: --host, or -o.
var cliFlag = regexp.MustCompile(`(not defined: |needs an argument: |for flag |value "[^"]*" for )-([A-Za-z][\w-]*)`)

func flagTerms(msg string) string {
	return cliFlag.ReplaceAllStringFunc(msg, func(m string) string {
		sub := cliFlag.FindStringSubmatch(m)
		if len(sub[2]) == 1 {
			return sub[1] + "-" + sub[2]
		}
		return sub[1] + "--" + sub[2]
	})
}

func yamlTerms(msg string) string {
	msg = yamlUnknownField.ReplaceAllString(msg, `unknown field "$1"`)
	return yamlWrongType.ReplaceAllStringFunc(msg, func(m string) string {
		sub := yamlWrongType.FindStringSubmatch(m)
		value := strings.TrimSpace(strings.Trim(sub[2], " `"))
		got := map[string]string{"int": "a number", "float": "a number", "str": "a string", "bool": "true or false",
			"map": "a mapping", "seq": "a list", "null": "empty"}[sub[1]]
		if got == "" {
			got = "a " + sub[1]
		}
		if value != "" {
			got += " (" + value + ")"
		}
		return got + " where kfit wants " + yamlWant(sub[3])
	})
}

// yamlWant says what a Go type holds, in YAML's terms.
func yamlWant(goType string) string {
	t := strings.TrimLeft(goType, "*")
	switch {
	case strings.HasPrefix(t, "[]"):
		return "a list"
	case strings.HasPrefix(t, "map["), strings.Contains(t, "."):
		return "a mapping"
	case t == "bool":
		return "true or false"
	case t == "string":
		return "a string"
	case strings.HasPrefix(t, "int"), strings.HasPrefix(t, "uint"), strings.HasPrefix(t, "float"):
		return "a number"
	}
	return "another type"
}
