package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/kfit-dev/kfit/internal/units"
	"github.com/kfit-dev/kfit/probe"
)

// hostFacts lists every fact of h as a dotted key and its value, in the
// JSON contract's order and words ("cgroup.controllers", "cpu cpuset
// memory pids"), from the JSON itself: a fact added to probe.Host shows in
// `kfit probe` without a change here. Unknown facts are Missing's, listed
// apart; schemaVersion is no fact.
func hostFacts(h probe.Host) [][2]string {
	js, err := json.Marshal(h)
	if err != nil {
		return [][2]string{{"facts", "cannot be shown: " + err.Error()}}
	}
	dec := json.NewDecoder(bytes.NewReader(js))
	dec.UseNumber()
	var out [][2]string
	var walk func(key string) error
	walk = func(key string) error {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case json.Delim:
			if t == '{' {
				for dec.More() {
					k, err := dec.Token()
					if err != nil {
						return err
					}
					name := fmt.Sprint(k)
					if key == "" && (name == "missing" || name == "schemaVersion") {
						var skip json.RawMessage
						if err := dec.Decode(&skip); err != nil {
							return err
						}
						continue
					}
					if err := walk(strings.TrimPrefix(key+"."+name, ".")); err != nil {
						return err
					}
				}
				_, err := dec.Token() // }
				return err
			}
			// An array: scalars on one line, anything else one per index.
			var items []string
			for i := 0; dec.More(); i++ {
				var v json.RawMessage
				if err := dec.Decode(&v); err != nil {
					return err
				}
				var s any
				if json.Unmarshal(v, &s) == nil {
					switch s.(type) {
					case map[string]any, []any:
						sub := hostFactsOf(v, fmt.Sprintf("%s[%d]", key, i))
						out = append(out, sub...)
						continue
					}
				}
				items = append(items, scalarText(s))
			}
			if len(items) > 0 {
				out = append(out, [2]string{key, strings.Join(items, " ")})
			} else if len(out) == 0 || !strings.HasPrefix(out[len(out)-1][0], key+"[") {
				out = append(out, [2]string{key, "none"})
			}
			_, err := dec.Token() // ]
			return err
		default:
			v := scalarText(t)
			if n, ok := t.(json.Number); ok && strings.HasSuffix(key, "Bytes") {
				if f, err := n.Float64(); err == nil {
					v += " (" + units.Bytes(f) + ")"
				}
			}
			out = append(out, [2]string{key, v})
		}
		return nil
	}
	if err := walk(""); err != nil {
		return [][2]string{{"facts", "cannot be shown: " + err.Error()}}
	}
	return out
}

// hostFactsOf lists the facts of a JSON value nested in an array.
func hostFactsOf(v json.RawMessage, key string) [][2]string {
	var m map[string]any
	if json.Unmarshal(v, &m) != nil {
		return [][2]string{{key, string(v)}}
	}
	var out [][2]string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		out = append(out, [2]string{key + "." + k, scalarText(m[k])})
	}
	return out
}

func scalarText(v any) string {
	switch t := v.(type) {
	case nil:
		return "null"
	case string:
		return t
	case bool, json.Number, float64:
		return fmt.Sprint(t)
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// factsText prints every fact, one a line, keys aligned.
func factsText(w io.Writer, h probe.Host) {
	facts := hostFacts(h)
	if len(facts) == 0 {
		return
	}
	fmt.Fprintln(w, "Facts:")
	rows := make([][]cell, len(facts))
	for i, f := range facts {
		rows[i] = []cell{{f[0], nil}, {f[1], nil}}
	}
	writeTable(w, "  ", rows)
}
