package main

import (
	"fmt"
	"strings"

	"github.com/urfave/cli/v2"
)

// placeArgs rewrites a command line so that options work wherever a user
// puts them. urfave/cli v2 reads an option only before the command's
// first argument and reads the options before the command as the
// application's: `kfit --distro k3s check` or `kfit plan a.json --distro
// k3s` would judge everything or read --distro as a file. placeArgs moves
// every option to just after the command, and the arguments after a "--",
// so each option is parsed by the command it is given to; an option the
// command does not have is then refused by it (exit 2), never ignored.
//
// `kfit help` and `kfit help COMMAND` become --help; a "--" ends the
// options, so a file named "-x.json" can still be given after it.
func placeArgs(app *cli.App, args []string) ([]string, error) {
	if len(args) == 0 {
		return args, nil
	}
	takes := valueFlags(app)
	var flags, pos []string
	for i := 1; i < len(args); i++ {
		tok := args[i]
		if tok == "--" {
			pos = append(pos, args[i+1:]...)
			break
		}
		if len(tok) < 2 || tok[0] != '-' {
			pos = append(pos, tok)
			continue
		}
		flags = append(flags, tok)
		name, _, eq := strings.Cut(strings.TrimLeft(tok, "-"), "=")
		if !eq && takes[name] && i+1 < len(args) {
			flags = append(flags, args[i+1])
			i++
		}
	}
	out := []string{args[0]}
	if len(pos) > 0 && pos[0] == "help" {
		switch {
		case len(flags) > 0:
			return nil, usageErr("help takes no options: kfit help [COMMAND], or kfit COMMAND --help")
		case len(pos) == 1:
			return append(out, "--help"), nil
		case len(pos) == 2 && app.Command(pos[1]) != nil:
			return append(out, pos[1], "--help"), nil
		case len(pos) == 2:
			return nil, usageErr("help: unknown command %q; commands: %s", pos[1], strings.Join(commandNames(app), ", "))
		}
		return nil, usageErr("help takes one command at most: kfit help [COMMAND]")
	}
	if len(pos) > 0 && app.Command(pos[0]) != nil {
		out = append(out, pos[0])
		pos = pos[1:]
	}
	out = append(out, flags...)
	if len(pos) > 0 {
		out = append(append(out, "--"), pos...)
	}
	return out, nil
}

// valueFlags names every option, by each of its names, that takes a value.
// A name means the same in every command (TestFlagNamesAgree), so the
// value can be told from an argument before the command is known.
func valueFlags(app *cli.App) map[string]bool {
	takes := map[string]bool{}
	add := func(fs []cli.Flag) {
		for _, f := range fs {
			v, ok := f.(cli.DocGenerationFlag)
			for _, n := range f.Names() {
				takes[n] = ok && v.TakesValue()
			}
		}
	}
	add(app.Flags)
	for _, c := range app.Commands {
		add(c.Flags)
	}
	return takes
}

func commandNames(app *cli.App) []string {
	var names []string
	for _, c := range app.Commands {
		if !c.Hidden {
			names = append(names, c.Name)
		}
	}
	return names
}

// flagMismatch reports an option name that takes a value in one command and
// not in another (placeArgs relies on there being none).
func flagMismatch(app *cli.App) error {
	seen := map[string]bool{}
	check := func(where string, fs []cli.Flag) error {
		for _, f := range fs {
			v, ok := f.(cli.DocGenerationFlag)
			takes := ok && v.TakesValue()
			for _, n := range f.Names() {
				if prev, ok := seen[n]; ok && prev != takes {
					return fmt.Errorf("option %s takes a value in one command and not in %s", n, where)
				}
				seen[n] = takes
			}
		}
		return nil
	}
	if err := check("kfit", app.Flags); err != nil {
		return err
	}
	for _, c := range app.Commands {
		if err := check(c.Name, c.Flags); err != nil {
			return err
		}
	}
	return nil
}
