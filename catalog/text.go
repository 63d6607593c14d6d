package catalog

import (
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// What a catalog may hold. Its strings reach terminals and reports as they
// are, and its ids come back through --distro ID:ROLE; its size sets the
// work of every later stage, which judges each role of each distro.
const (
	// maxWord bounds source keys and every other short string (names,
	// versions, list values, sizes, dates): the longest built-in one is a
	// version of 63 characters.
	maxWord = 128
	// maxText bounds URLs, quotes and notes: a quote is a sentence or a
	// table row, not a page.
	maxText = 2000
	// maxID bounds distro ids and role names, which also go through idPattern.
	maxID = 64
)

// textFields are the fields, by YAML name, that hold sentences and URLs.
var textFields = map[string]bool{"url": true, "homepage": true, "quote": true, "oldTable": true, "conditions": true, "unknown": true, "v1OptOut": true}

// maxDistros and maxRoles bound what later stages judge. The built-in
// catalog has 10 distributions and 16 roles; 1 MiB of YAML, with aliases,
// can describe some 20,000 roles, which take seconds and over 100 MB to
// judge and print. Variables only so that tests can measure the merge
// past them.
var maxDistros, maxRoles = 1000, 4000

// badRune says why r may not appear in a catalog's string, or "".
func badRune(r rune) string {
	if r < 0x20 || r == 0x7f || r >= 0x80 && r <= 0x9f {
		return "a control character"
	}
	if r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069 || r == 0x200e || r == 0x200f || r == 0x061c {
		return "a bidi control"
	}
	if r == 0x2028 || r == 0x2029 {
		return "a line separator"
	}
	return ""
}

// checkString says what is wrong with s as a string of at most max
// characters, or "".
func checkString(s string, max int) string {
	n := 0
	for i := 0; i < len(s); n++ {
		if c := s[i]; c >= 0x20 && c < 0x7f { // printable ASCII, most of a catalog
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			return "is not valid UTF-8"
		}
		if why := badRune(r); why != "" {
			return fmt.Sprintf("contains %U, %s", r, why)
		}
		i += size
	}
	if n > max {
		return fmt.Sprintf("is %d characters long; at most %d", n, max)
	}
	return ""
}

// badString finds the first string in v, a value of the catalog's types,
// that checkString rejects with at most max characters: it returns the path
// to it in YAML names, indexes and keys, and what is wrong. Map keys are
// checked as words. The path is built only for a bad string: validate runs
// on every start.
func badString(v reflect.Value, max int) ([]any, string) {
	switch v.Kind() {
	case reflect.String:
		return nil, checkString(v.String(), max)
	case reflect.Pointer:
		if !v.IsNil() {
			return badString(v.Elem(), max)
		}
	case reflect.Slice:
		for i := range v.Len() {
			if p, msg := badString(v.Index(i), max); msg != "" {
				return append([]any{i}, p...), msg
			}
		}
	case reflect.Map:
		// The first bad key in sorted order, so that errors do not change
		// from run to run.
		var bad []any
		var badMsg string
		for it := v.MapRange(); it.Next(); {
			k := it.Key().String()
			if len(bad) > 0 && k > bad[0].(string) {
				continue
			}
			if msg := checkString(k, maxWord); msg != "" {
				bad, badMsg = []any{k}, "key "+msg
			} else if p, msg := badString(it.Value(), max); msg != "" {
				bad, badMsg = append([]any{k}, p...), msg
			}
		}
		return bad, badMsg
	case reflect.Struct:
		for _, f := range fieldsOf(v.Type()) {
			if p, msg := badString(v.Field(f.index), f.max); msg != "" {
				if f.name != "" {
					p = append([]any{f.name}, p...)
				}
				return p, msg
			}
		}
	}
	return nil, ""
}

// field is a struct field that holds strings, with its YAML name ("" when
// inlined) and the length its strings may have.
type field struct {
	index int
	name  string
	max   int
}

var fieldCache sync.Map // reflect.Type to []field

// fieldsOf lists the fields of a struct type that badString walks. Reading
// struct tags by reflection is slow, and validate runs on every start.
func fieldsOf(t reflect.Type) []field {
	if fs, ok := fieldCache.Load(t); ok {
		return fs.([]field)
	}
	var fs []field
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ",")
		if name == "-" || !holdsStrings(t.Field(i).Type) {
			continue // derived when validated, or numbers
		}
		max := maxWord
		if textFields[name] {
			max = maxText
		}
		fs = append(fs, field{i, name, max})
	}
	fieldCache.Store(t, fs)
	return fs
}

func holdsStrings(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.String:
		return true
	case reflect.Pointer, reflect.Slice:
		return holdsStrings(t.Elem())
	case reflect.Map:
		return holdsStrings(t.Key()) || holdsStrings(t.Elem())
	case reflect.Struct:
		for i := range t.NumField() {
			if holdsStrings(t.Field(i).Type) {
				return true
			}
		}
	}
	return false
}

// fieldName writes a path as errors name fields: cgroup.require[1],
// sources.req.quote.
func fieldName(path []any) string {
	var b strings.Builder
	for _, p := range path {
		switch p := p.(type) {
		case int:
			fmt.Fprintf(&b, "[%d]", p)
		case string:
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(label(p))
		}
	}
	return b.String()
}

var plainLabel = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9+._-]*$`)

// some joins the first 50 items and counts the rest, so that an error
// about a big catalog stays a line (the built-in one has 26 ids and roles).
func some(items []string) string {
	const n = 50
	if len(items) > n {
		return strings.Join(items[:n], ", ") + fmt.Sprintf(", and %d more", len(items)-n)
	}
	return strings.Join(items, ", ")
}

// label is s as an error may print it: as it is when it is a short word,
// else quoted, escaped and shortened.
func label(s string) string {
	if len(s) <= maxID && plainLabel.MatchString(s) {
		return s
	}
	return quote(s)
}

// quote is s in Go's double quotes, with every control, bidi and invalid
// byte escaped, cut to maxID characters.
func quote(s string) string {
	if utf8.RuneCountInString(s) > maxID {
		s = string([]rune(s)[:maxID]) + "..."
	}
	return strconv.Quote(s)
}
