package main

import (
	"io"
	"os"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/mattn/go-isatty"
)

// termWidth is the width to wrap text output to: $COLUMNS, or what the
// terminal says (TIOCGWINSZ; no program is run), when w is a terminal; 0
// (no wrapping) when it is not, so files and pipes get whole lines.
func termWidth(w io.Writer) int {
	f, ok := w.(*os.File)
	if !ok || !isatty.IsTerminal(f.Fd()) {
		return 0
	}
	if n, err := strconv.Atoi(os.Getenv("COLUMNS")); err == nil && n > 0 {
		return n
	}
	return ttyColumns(f)
}

// minWrapWidth is the narrowest kfit wraps to; a narrower terminal gets
// whole lines, which it wraps itself.
const minWrapWidth = 40

// wrap breaks each line of s that is wider than width at spaces. A line
// of text continues two columns deeper than it starts; a table row (cells
// apart by two or more spaces) continues under its last cell, so columns
// stay columns. A row whose last cell starts too far right to be wrapped
// usefully is left whole, as is a word wider than the line. Widths count
// runes, not SGR colour sequences.
func wrap(s string, width int) string {
	if width < minWrapWidth {
		return s
	}
	var b strings.Builder
	for _, line := range strings.SplitAfter(s, "\n") {
		body := strings.TrimSuffix(line, "\n")
		if visibleWidth(body) <= width {
			b.WriteString(line)
			continue
		}
		indent := len(body) - len(strings.TrimLeft(body, " "))
		start, pad := indent, indent+2
		if i := strings.LastIndex(body[indent:], "  "); i >= 0 {
			start = indent + i + 2
			for start < len(body) && body[start] == ' ' {
				start++
			}
			pad = visibleWidth(body[:start])
		}
		if pad > width-minWrapWidth/2 {
			b.WriteString(line)
			continue
		}
		b.WriteString(body[:start])
		col := visibleWidth(body[:start])
		for i, word := range strings.Split(body[start:], " ") {
			n := visibleWidth(word)
			switch {
			case i == 0:
			case col+1+n > width:
				b.WriteString("\n" + strings.Repeat(" ", pad))
				col = pad
			default:
				b.WriteString(" ")
				col++
			}
			b.WriteString(word)
			col += n
		}
		if strings.HasSuffix(line, "\n") {
			b.WriteString("\n")
		}
	}
	return b.String()
}

// visibleWidth counts the runes of s that a terminal shows: not those of
// SGR sequences (ESC [ ... m), the only escapes left in text output.
func visibleWidth(s string) int {
	n := 0
	for i := 0; i < len(s); {
		if s[i] == 0x1b && i+1 < len(s) && s[i+1] == '[' {
			j := strings.IndexByte(s[i:], 'm')
			if j > 0 {
				i += j + 1
				continue
			}
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
		n++
	}
	return n
}
