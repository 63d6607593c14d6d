package probe

import (
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Facts come from files anyone could have written: a hostname of a
// megabyte, an os-release whose PRETTY_NAME clears the screen. Every string
// of a Host is made printable and bounded where it is read (Collect) and
// where a snapshot is read (ReadSnapshot), so reports, JSON and the
// terminal never carry control characters, and the size of the output
// follows the size of what is judged.

// maxFact bounds a string fact unless its field's `clean` tag says
// otherwise (a hostname at most 253 bytes, a kernel command line 4096).
const maxFact = 256

// cleanHost makes every string in h printable and bounded, in place: struct
// fields, slice elements, map keys and values.
func cleanHost(h *Host) { cleanValue(reflect.ValueOf(h).Elem(), maxFact) }

func cleanValue(v reflect.Value, limit int) {
	switch v.Kind() {
	case reflect.String:
		if s := v.String(); !isClean(s, limit) {
			v.SetString(clean(s, limit))
		}
	case reflect.Pointer:
		if !v.IsNil() {
			cleanValue(v.Elem(), limit)
		}
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			n := limit
			if tag, ok := t.Field(i).Tag.Lookup("clean"); ok {
				n, _ = strconv.Atoi(tag)
			}
			cleanValue(v.Field(i), n)
		}
	case reflect.Slice:
		for i := range v.Len() {
			cleanValue(v.Index(i), limit)
		}
	case reflect.Map:
		if v.Type().Key().Kind() != reflect.String && v.Type().Elem().Kind() != reflect.String {
			return
		}
		for _, k := range v.MapKeys() {
			val := v.MapIndex(k)
			ck := k
			if k.Kind() == reflect.String && !isClean(k.String(), maxFact) {
				ck = reflect.ValueOf(clean(k.String(), maxFact)).Convert(k.Type())
			}
			cv := reflect.New(val.Type()).Elem()
			cv.Set(val)
			cleanValue(cv, limit)
			if ck.String() != k.String() {
				v.SetMapIndex(k, reflect.Value{})
			}
			v.SetMapIndex(ck, cv)
		}
	}
}

// invisible says whether a rune must not reach a terminal: C0 and C1
// controls, DEL, and the bidirectional controls that reorder what follows.
func invisible(r rune) bool {
	return r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) || (r >= 0x202a && r <= 0x202e) ||
		(r >= 0x2066 && r <= 0x2069) || r == 0x200e || r == 0x200f || r == 0x061c || r == utf8.RuneError
}

func isClean(s string, limit int) bool {
	if len(s) > limit {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			return cleanRunes(s)
		}
	}
	return true
}

func cleanRunes(s string) bool {
	for _, r := range s {
		if invisible(r) {
			return false
		}
	}
	return true
}

// clean drops the runes that must not reach a terminal (invalid UTF-8
// among them) and cuts s to at most limit bytes, marking a cut with "…".
func clean(s string, limit int) string {
	var b strings.Builder
	for _, r := range s {
		if !invisible(r) {
			b.WriteRune(r)
		}
	}
	return clip(b.String(), limit)
}

// pathSafe says whether a fact can name one file in a path: not empty, no
// slash, not "." or "..".
func pathSafe(s string) bool {
	return s != "" && s != "." && s != ".." && !strings.ContainsAny(s, "/\x00")
}

// clip cuts s to at most n bytes on a rune boundary, ending a cut with "…".
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	const mark = "…"
	cut := max(0, n-len(mark))
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + mark
}
