// Command kfit reads this machine and says which lightweight Kubernetes
// distributions fit it, in which role, what blocks the others, and which one
// is the best pick. See README.md.
package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/kfit-dev/kfit/catalog"
	"github.com/kfit-dev/kfit/internal/fsroot"
	"github.com/kfit-dev/kfit/internal/units"
	"github.com/kfit-dev/kfit/probe"
	"github.com/kfit-dev/kfit/rules"
)

// version is set at build time with -ldflags "-X main.version=v1.2.3".
var version = "dev"

// Exit codes: these and --exit-code-warn's N, nothing else. --help prints
// exitCodesHelp, README.md the same table; a pipeline reads 0 as "go ahead".
const (
	exitFits  = 0 // what was asked for fits (pass or warn)
	exitNoFit = 1 // it does not (or, with --strict, only with warnings)
	exitUsage = 2 // kfit could not answer: bad flags or input, an output it could not write
)

const exitCodesHelp = `EXIT CODES:
   0  what was asked for fits (every check passes or only warns); without --distro, the best pick
      for --purpose (a server by default) exists
   1  it does not fit; with --strict, a warning also counts as not fitting
   2  no answer: a usage or input error (unknown flag, distro, release or role, bad snapshot or
      catalog, input that describes no machine), an output kfit refuses or cannot write
      (--output-file, stdout), or a --measure that was refused, failed or was interrupted
   N  with --exit-code-warn N: it fits, but only with warnings`

// The most kfit reads of a file the user names: a real snapshot is about
// 10 KB, the built-in catalog about 30 KB. A device or a FIFO is refused
// before it is read (fsroot.ReadFile), so --host /dev/zero cannot hang or
// fill the memory.
const (
	maxSnapshotBytes = 1 << 20
	maxCatalogBytes  = 1 << 20
)

func main() { os.Exit(run(os.Args, os.Stdout, os.Stderr)) }

// kfit --version prints what kfit version prints.
func init() {
	cli.VersionPrinter = func(c *cli.Context) { fmt.Fprintf(c.App.Writer, "kfit %s\n", c.App.Version) }
}

// exitError carries an exit code with an optional message for stderr.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

func usageErr(format string, a ...any) error {
	return &exitError{code: exitUsage, msg: fmt.Sprintf(format, a...)}
}

// run is main without the process: it returns the exit code and writes only
// to stdout and stderr, so tests can drive it.
func run(args []string, stdout, stderr io.Writer) (code int) {
	// A bug in kfit is reported as one line, never as a stack trace; probe
	// already turns a panic while reading into unknown facts, and reports
	// are rendered whole before any of them is written.
	defer func() {
		if v := recover(); v != nil {
			fmt.Fprintf(stderr, "kfit: internal error, please report it: %s\n", printable(fmt.Sprint(v)))
			code = exitUsage
		}
	}()
	app := newApp(stdout, stderr)
	args, err := placeArgs(app, args)
	if err == nil {
		err = app.Run(args)
	}
	if err == nil {
		return exitFits
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.msg != "" {
			fmt.Fprintln(stderr, "kfit: "+printable(ee.msg, "\n"))
		}
		return ee.code
	}
	// Anything else comes from flag parsing in urfave/cli.
	fmt.Fprintln(stderr, "kfit: "+printable(flagTerms(err.Error()), "\n"))
	return exitUsage
}

func newApp(stdout, stderr io.Writer) *cli.App {
	return &cli.App{
		Name:  "kfit",
		Usage: "check which lightweight Kubernetes distributions fit this machine",
		UsageText: "kfit [COMMAND] [OPTIONS] [ARGUMENTS]  (options may come before or after the command\n" +
			"   and its arguments; without a command kfit runs check; kfit help COMMAND for its options)",
		Description: "kfit reads this machine (OS, architecture, CPUs, memory, disk, cgroups, kernel, software,\n" +
			"ports) and checks it against the documented requirements, every number cited, of\n" +
			distroNames() + ".",
		Version:               version,
		Writer:                stdout,
		ErrWriter:             stderr,
		ExitErrHandler:        func(*cli.Context, error) {}, // run decides the exit code
		HideHelpCommand:       true,
		CustomAppHelpTemplate: strings.Replace(cli.AppHelpTemplate, "GLOBAL OPTIONS:", "OPTIONS (of check, the default command):", 1) + "\n" + exitCodesHelp + "\n",
		Flags:                 checkFlags(),
		Action:                checkAction,
		OnUsageError:          onUsageError,
		Commands: []*cli.Command{
			{
				Name:               "check",
				Usage:              "probe this machine (or read a snapshot) and judge every distribution role",
				Flags:              checkFlags(),
				Action:             checkAction,
				CustomHelpTemplate: cli.CommandHelpTemplate + "\n" + exitCodesHelp + "\n",
				OnUsageError:       onUsageError,
			},
			{
				Name:  "probe",
				Usage: "print the facts kfit reads; -o json is the snapshot format --host reads",
				Flags: []cli.Flag{
					rootFlag(),
					timeoutFlag(),
					outputFlag("text, json, yaml"),
					&cli.StringFlag{Name: "output-file", Usage: "write the facts to `FILE` (atomically) instead of the terminal" + outputFileUsage},
					&cli.BoolFlag{Name: "no-color", Usage: "no colour, even on a terminal"},
					&cli.StringFlag{Name: "catalog", Usage: "also record the kernel options the user catalog in `FILE` requires"},
					measureFlag(),
				},
				Action:       probeAction,
				OnUsageError: onUsageError,
			},
			{
				Name:      "plan",
				Usage:     "plan a cluster from several snapshots: who serves, who joins, who is left out",
				ArgsUsage: "SNAPSHOT.json...",
				Flags: []cli.Flag{
					&cli.StringSliceFlag{Name: "distro", Usage: "plan only these `IDS` (repeatable or comma-separated)"},
					outputFlag("text, json, yaml, markdown"),
					&cli.StringFlag{Name: "reserve", Usage: "memory that must remain for your own apps on each machine, e.g. `2GiB`" + sizeRule},
					&cli.StringSliceFlag{Name: "ignore", Usage: "turn the failures of these check `IDS` into warnings"},
					&cli.StringFlag{Name: "catalog", Usage: "lay the user catalog in `FILE` over the built-in one"},
					&cli.StringFlag{Name: "output-file", Usage: "write the plan to `FILE` (atomically) and only the text plan to the terminal" + outputFileUsage},
				},
				Action:             planAction,
				CustomHelpTemplate: cli.CommandHelpTemplate + "\nEXIT CODES:\n   0  every distribution asked for (or, without --distro, at least one) can form a cluster\n   1  it cannot (or machines conflict: two with one hostname)\n   2  no answer: a usage or input error, or an output kfit cannot write\n",
				OnUsageError:       onUsageError,
			},
			{
				Name:  "catalog",
				Usage: "list the distributions, roles and requirements with their sources; -o yaml prints the built-in catalog file",
				Flags: []cli.Flag{outputFlag("text, json, yaml"),
					&cli.StringFlag{Name: "catalog", Usage: "lay the user catalog in `FILE` over the built-in one"}},
				Action:       catalogAction,
				OnUsageError: onUsageError,
			},
			{
				Name:  "version",
				Usage: "print kfit's version",
				Action: func(c *cli.Context) error {
					if c.Args().Len() > 0 {
						return usageErr("unexpected argument %q (see kfit --help)", c.Args().First())
					}
					fmt.Fprintf(c.App.Writer, "kfit %s\n", version)
					return nil
				},
				OnUsageError: onUsageError,
			},
		},
	}
}

// distroNames lists the built-in catalog's distributions for the help.
func distroNames() string {
	cat, err := catalog.Default()
	if err != nil || len(cat.Distros) == 0 {
		return "the built-in catalog's distributions"
	}
	names := make([]string, len(cat.Distros))
	for i, d := range cat.Distros {
		names[i] = d.Name
	}
	return listAnd(names)
}

func onUsageError(_ *cli.Context, err error, _ bool) error {
	return usageErr("%s", flagTerms(err.Error()))
}

func rootFlag() cli.Flag {
	return &cli.StringFlag{Name: "root", Usage: "read the machine mounted at `DIR` instead of / (e.g. /host in a container)", Value: "/"}
}

func timeoutFlag() cli.Flag {
	return &cli.DurationFlag{Name: "timeout", Usage: "stop probing after `DURATION`; what is not read by then is unknown", Value: probe.DefaultTimeout}
}

func outputFlag(formats string) cli.Flag {
	return &cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "output format: " + formats, Value: "text"}
}

// sizeRule is how every size flag reads its value (internal/units).
const sizeRule = " (GB, MB: decimal; GiB, MiB and a bare G, M: binary)"

func checkFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringSliceFlag{Name: "distro", Usage: "judge only `ID`, ID:ROLE, ID@VERSION or ID@VERSION:ROLE (repeatable, or comma-separated): k3s, k3s:server, k3s@v1.34:server, k0s:worker, ..."},
		rootFlag(),
		timeoutFlag(),
		&cli.StringFlag{Name: "host", Usage: "judge the snapshot in `FILE` (from kfit probe -o json) instead of probing"},
		outputFlag("text, json, yaml, junit, markdown"),
		&cli.StringFlag{Name: "output-file", Usage: "write the report to `FILE` (atomically) and only the summary to the terminal" + outputFileUsage},
		&cli.BoolFlag{Name: "strict", Usage: "a warning counts as not fitting (exit 1)"},
		&cli.StringFlag{Name: "purpose", Usage: "pick the best of the distributions for `PURPOSE`: server (k3s, k0s, MicroK8s, ...), dev (kind, k3d, minikube), os (Talos), or any", Value: catalog.PurposeServer},
		&cli.IntFlag{Name: "exit-code-warn", Usage: "exit with `N` (3 to 125; 0: off) when what was asked for fits only with warnings", Value: 0},
		&cli.BoolFlag{Name: "no-color", Usage: "no colour, even on a terminal"},
		&cli.StringFlag{Name: "reserve", Usage: "memory that must remain for your own apps after the OS and the distribution, e.g. `2GiB`" + sizeRule},
		&cli.StringSliceFlag{Name: "ignore", Usage: "turn the failures of these check `IDS` into warnings (repeatable or comma-separated)"},
		&cli.StringFlag{Name: "catalog", Usage: "lay the user catalog in `FILE` over the built-in one (same YAML schema)"},
		measureFlag(),
		&cli.StringFlag{Name: "cpus", Category: "WHAT-IF", Usage: "pretend the machine has `N` CPUs"},
		&cli.StringFlag{Name: "memory", Category: "WHAT-IF", Usage: "pretend the machine has `SIZE` of RAM installed, e.g. 4GiB; it replaces installed, MemTotal and available" + sizeRule},
		&cli.StringFlag{Name: "disk", Category: "WHAT-IF", Usage: "pretend `SIZE` is free under /var/lib, e.g. 100GB" + sizeRule},
		&cli.StringFlag{Name: "arch", Category: "WHAT-IF", Usage: "describe a machine of this `ARCH` (" + strings.Join(archNames, ", ") + "); kfit then does not probe"},
		&cli.StringFlag{Name: "os", Category: "WHAT-IF", Usage: "describe a machine running `OS`: linux, darwin, windows, or an os-release ID[:VERSION] (ubuntu:22.04, debian:12, rhel:9, ...); kfit then does not probe"},
	}
}

// start checks what every command shares: no positional arguments (so a
// typo such as `kfit chek` is an error rather than a silent `check`) and a
// known --output format.
func start(c *cli.Context, formats ...string) (string, error) {
	if c.Args().Len() > 0 {
		return "", usageErr("unexpected argument %q (see kfit --help)", c.Args().First())
	}
	f := c.String("output")
	for _, a := range formats {
		if f == a {
			return f, nil
		}
	}
	return "", usageErr("flag --output: unknown format %q; valid: %s", f, strings.Join(formats, ", "))
}

// emit renders the whole output into memory first, so an error never leaves
// half a report on stdout.
func emit(c *cli.Context, render func(w *bytes.Buffer) error) error {
	var out bytes.Buffer
	if err := render(&out); err != nil {
		return &exitError{code: exitUsage, msg: err.Error()}
	}
	if _, err := c.App.Writer.Write(out.Bytes()); err != nil {
		return &exitError{code: exitUsage, msg: "write output: " + err.Error()}
	}
	return nil
}

// loadCatalog returns the built-in catalog, with the --catalog file laid
// over it when one is given.
func loadCatalog(c *cli.Context) (*catalog.Catalog, error) {
	cat, err := catalog.Default()
	if err != nil {
		return nil, &exitError{code: exitUsage, msg: err.Error()}
	}
	file := ""
	if c.IsSet("catalog") {
		file = c.String("catalog")
	}
	if file == "" {
		return cat, nil
	}
	data, err := fsroot.ReadFile(file, maxCatalogBytes)
	if err != nil {
		return nil, usageErr("flag --catalog: %v", err)
	}
	merged, err := cat.Merge(bytes.NewReader(data), file)
	if err != nil {
		return nil, usageErr("%s", yamlTerms(err.Error()))
	}
	return merged, nil
}

// judging reads what the commands that judge share: the catalog (with
// --catalog), --distro, --reserve and --ignore.
func judging(c *cli.Context) (*catalog.Catalog, []catalog.Spec, rules.Options, error) {
	opt, err := evalOptions(c)
	if err != nil {
		return nil, nil, opt, err
	}
	cat, err := loadCatalog(c)
	if err != nil {
		return nil, nil, opt, err
	}
	specs, err := distroSpecs(c)
	if err != nil {
		return nil, nil, opt, err
	}
	opt.Purpose, err = purpose(c, specs)
	return cat, specs, opt, err
}

// purpose reads --purpose. Without it, the best pick is for a server; but a
// --distro without --purpose asks for those distributions whatever they are
// for.
func purpose(c *cli.Context, specs []catalog.Spec) (string, error) {
	p := strings.ToLower(c.String("purpose"))
	switch {
	case !c.IsSet("purpose") && len(specs) > 0:
		return rules.PurposeAny, nil
	case p == rules.PurposeAny || slices.Contains(catalog.Purposes(), p):
		return p, nil
	}
	return "", usageErr("flag --purpose: %q is not %s or %s", c.String("purpose"), strings.Join(catalog.Purposes(), ", "), rules.PurposeAny)
}

// distroSpecs reads --distro once, into the typed values every command uses.
func distroSpecs(c *cli.Context) ([]catalog.Spec, error) {
	values := c.StringSlice("distro")
	specs, err := catalog.ParseSpecs(values)
	if err != nil {
		return nil, usageErr("flag --distro: %v", err)
	}
	if c.IsSet("distro") && len(specs) == 0 {
		// --distro "$DISTRO" with DISTRO unset would otherwise judge everything.
		return nil, usageErr("flag --distro: %q names no distribution (k3s, k3s:server, ...); leave the flag out to judge them all", strings.Join(values, ","))
	}
	return specs, nil
}

// host probes the machine, reads the --host snapshot, or builds the machine
// the what-if flags describe; then applies the what-if flags.
func host(c *cli.Context, cat *catalog.Catalog) (probe.Host, error) {
	w, err := parseWhatIf(c)
	if err != nil {
		return probe.Host{}, err
	}
	if err := measureExcluded(c, c.String("host") == "" && !w.describes()); err != nil {
		return probe.Host{}, err
	}
	var h probe.Host
	switch {
	case c.String("host") == "" && w.describes():
		if c.IsSet("root") {
			return probe.Host{}, usageErr("--os and --arch describe another machine; they exclude --root")
		}
		if err := w.describesEnough(); err != nil {
			return probe.Host{}, err
		}
		h = w.describedHost()
	default:
		if h, err = baseHost(c, cat); err != nil {
			return probe.Host{}, err
		}
	}
	w.apply(&h)
	if file := c.String("host"); file != "" {
		// After the what-if flags, which may give what a snapshot lacks.
		if err := checkSnapshot(file, h); err != nil {
			return probe.Host{}, err
		}
	}
	return h, nil
}

// baseHost probes the machine, or reads the --host snapshot.
func baseHost(c *cli.Context, cat *catalog.Catalog) (probe.Host, error) {
	if file := c.String("host"); file != "" {
		if c.IsSet("root") {
			return probe.Host{}, usageErr("--host and --root exclude each other: judge a snapshot or a root, not both")
		}
		data, err := fsroot.ReadFile(file, maxSnapshotBytes)
		if err != nil {
			return probe.Host{}, usageErr("flag --host: %v", err)
		}
		h, err := probe.ReadSnapshot(data, file)
		if err != nil {
			return probe.Host{}, usageErr("%v", err)
		}
		return h, nil
	}
	return collect(c, cat)
}

// collect probes the machine under --root within --timeout, looking in the
// kernel config for every option the catalog names.
func collect(c *cli.Context, cat *catalog.Catalog) (probe.Host, error) {
	timeout := c.Duration("timeout")
	if timeout <= 0 || timeout > time.Hour {
		return probe.Host{}, usageErr("flag --timeout: %s is not a positive duration of at most 1h", timeout)
	}
	if err := checkRoot(c.String("root")); err != nil {
		return probe.Host{}, err
	}
	h, err := probe.Collect(context.Background(), probe.Options{Root: c.String("root"), Timeout: timeout, KernelOptions: cat.KernelOptions()})
	if err != nil {
		return probe.Host{}, usageErr("flag --root: %v", err)
	}
	err = measureDisk(c, &h)
	return h, err
}

func checkAction(c *cli.Context) error {
	format, err := start(c, "text", "json", "yaml", "junit", "markdown")
	if err != nil {
		return err
	}
	warnCode := c.Int("exit-code-warn")
	switch {
	case warnCode == exitNoFit || warnCode == exitUsage:
		return usageErr("flag --exit-code-warn: %d already means %s; choose one from 3 to 125", warnCode, map[int]string{exitNoFit: `"does not fit"`, exitUsage: `"no answer"`}[warnCode])
	case warnCode < 0 || warnCode > 125:
		return usageErr("flag --exit-code-warn: %d is not an exit code from 3 to 125 (or 0: off)", warnCode)
	}
	cat, specs, opt, err := judging(c)
	if err != nil {
		return err
	}
	sel, err := cat.Select(specs)
	if err != nil {
		return usageErr("flag --distro: %v", err)
	}
	h, err := host(c, sel)
	if err != nil {
		return err
	}
	rep := rules.Evaluate(h, sel, opt)
	strict := opt.Strict

	render := func(w *bytes.Buffer, tty io.Writer) error {
		switch format {
		case "json":
			return renderCheckJSON(w, h, rep)
		case "yaml":
			return renderYAML(w, newCheckJSON(h, rep))
		case "junit":
			return renderJUnit(w, h, rep, strict, time.Now())
		case "markdown":
			return renderMarkdown(w, h, rep, sel, strict)
		}
		return renderCheckText(w, h, rep, sel, newPalette(c, tty), strict)
	}
	summary := func(w *bytes.Buffer) { renderSummary(w, h, rep, newPalette(c, c.App.Writer), strict) }
	if err := deliver(c, format+" report", render, summary); err != nil {
		return err
	}
	switch {
	case !fits(rep, specs, strict):
		return &exitError{code: exitNoFit}
	case warnCode != 0 && !fits(rep, specs, true):
		return &exitError{code: warnCode}
	}
	return nil
}

// deliver sends a command's output where --output-file says: to standard
// output without it or with "-"; else whole to the file (rendered for no
// terminal), then, when there is a summary, the summary and where the file
// is, to standard output. what names the output: "json report".
func deliver(c *cli.Context, what string, render func(w *bytes.Buffer, tty io.Writer) error, summary func(w *bytes.Buffer)) error {
	file := c.String("output-file")
	if file == "" || file == "-" {
		return emit(c, func(w *bytes.Buffer) error { return render(w, c.App.Writer) })
	}
	var buf bytes.Buffer
	if err := render(&buf, nil); err != nil {
		return &exitError{code: exitUsage, msg: err.Error()}
	}
	if err := writeOutputFile(file, buf.Bytes()); err != nil {
		return usageErr("flag --output-file: %v", err)
	}
	if summary == nil {
		return nil
	}
	return emit(c, func(w *bytes.Buffer) error {
		summary(w)
		fmt.Fprintf(w, "\nThe %s is in %s.\n", what, file)
		return nil
	})
}

// fits says whether what was asked for fits: every --distro value needs at
// least one of its roles to fit; without --distro, any role will do.
func fits(rep rules.Report, specs []catalog.Spec, strict bool) bool {
	if len(specs) == 0 {
		// Any role for the purpose: the best pick, chosen under --strict.
		return rep.Best != nil
	}
	for _, spec := range specs {
		ok := false
		for _, r := range rep.Results {
			if spec.Matches(r.Distro, r.Version, r.Role) && r.Verdict.Fits(strict) {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

func probeAction(c *cli.Context) error {
	format, err := start(c, "text", "json", "yaml")
	if err != nil {
		return err
	}
	cat, err := loadCatalog(c)
	if err != nil {
		return err
	}
	h, err := collect(c, cat)
	if err != nil {
		return err
	}
	return deliver(c, "facts", func(w *bytes.Buffer, tty io.Writer) error {
		switch format {
		case "json":
			return writeJSON(w, h)
		case "yaml":
			return renderYAML(w, h)
		}
		renderHostText(w, h, newPalette(c, tty))
		return nil
	}, nil)
}

func catalogAction(c *cli.Context) error {
	format, err := start(c, "text", "json", "yaml")
	if err != nil {
		return err
	}
	if format == "yaml" && c.IsSet("catalog") {
		return usageErr("flag --catalog: -o yaml prints the built-in catalog as shipped; it does not merge --catalog")
	}
	cat, err := loadCatalog(c)
	if err != nil {
		return err
	}
	return emit(c, func(w *bytes.Buffer) error {
		switch format {
		case "json":
			return writeJSON(w, cat)
		case "yaml":
			_, err := w.Write(catalog.Builtin())
			return err
		}
		renderCatalogText(w, cat, termWidth(c.App.Writer))
		return nil
	})
}

// evalOptions reads --reserve and --ignore.
func evalOptions(c *cli.Context) (rules.Options, error) {
	opt := rules.Options{Strict: c.Bool("strict"), Today: time.Now()}
	if v := c.String("reserve"); v != "" {
		n, err := units.ParseSize(v)
		if err != nil {
			return opt, usageErr("flag --reserve: %v", err)
		}
		opt.ReserveBytes = n
	}
	for _, v := range c.StringSlice("ignore") {
		for _, id := range strings.Split(v, ",") {
			if id = strings.TrimSpace(id); id == "" {
				continue
			}
			if !slices.Contains(rules.CheckIDs, id) {
				return opt, usageErr("flag --ignore: unknown check %q; valid: %s", id, strings.Join(rules.CheckIDs, ", "))
			}
			opt.Ignore = append(opt.Ignore, id)
		}
	}
	return opt, nil
}
