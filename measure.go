package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/signal"
	"syscall"

	"github.com/urfave/cli/v2"

	"github.com/kfit-dev/kfit/internal/units"
	"github.com/kfit-dev/kfit/probe"
)

// measureFlag is --measure, the one flag with which kfit writes to the
// machine (README.md, "Measuring the disk").
func measureFlag() cli.Flag {
	return &cli.BoolFlag{Name: "measure", Usage: fmt.Sprintf("time fdatasync in the data directory: writes a temporary file of at most %s there, "+
		"then removes it (about %s at most, or --timeout when shorter)", units.Bytes(probe.FsyncSamples*probe.FsyncBlockBytes), probe.FsyncLimit)}
}

// measureExcluded refuses --measure where no machine is probed.
func measureExcluded(c *cli.Context, probed bool) error {
	if c.Bool("measure") && !probed {
		return usageErr("flag --measure measures this machine's disk; it excludes --host, --os and --arch")
	}
	return nil
}

// measureDisk adds to a probed host the fdatasync latency of its data
// directory, when --measure asks. It says on stderr what it writes, where
// and how much, and that it removed it. SIGINT and SIGTERM stop the
// measurement; the file is removed before kfit exits (with 2: no answer).
func measureDisk(c *cli.Context, h *probe.Host) error {
	if !c.Bool("measure") {
		return nil
	}
	if h.Disk.Path == "" {
		return usageErr("flag --measure: the data directory is unknown: %s", h.Why("disk"))
	}
	limit := probe.FsyncLimit
	if t := c.Duration("timeout"); c.IsSet("timeout") && t < limit {
		limit = t
	}
	// SIGHUP is what a dropped SSH session sends; SIGQUIT would dump and exit.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGQUIT)
	defer stop()
	stderr := c.App.ErrWriter
	var file string
	f, err := probe.MeasureFsync(ctx, probe.MeasureOptions{Root: c.String("root"), Dir: h.Disk.Path, Limit: limit,
		Started: func(path string, bytes int64) {
			file = path
			fmt.Fprintf(stderr, "kfit: --measure writes %s: up to %d blocks of %d bytes (%s in all), each followed by fdatasync, for at most %s; then removes it\n",
				printable(path), probe.FsyncSamples, probe.FsyncBlockBytes, units.Bytes(float64(bytes)), limit)
		}})
	switch {
	case errors.Is(err, context.Canceled) && file == "":
		return usageErr("flag --measure: interrupted before it wrote anything")
	case errors.Is(err, context.Canceled):
		return usageErr("flag --measure: interrupted; %s was removed", file)
	case errors.Is(err, fs.ErrPermission):
		return usageErr("flag --measure: %v (measure as the user that will install, root)", err)
	case err != nil:
		return usageErr("flag --measure: %v", err)
	}
	done := fmt.Sprintf("%d fdatasyncs in %.1f s", f.Samples, f.Seconds)
	if f.TimeLimited {
		done = fmt.Sprintf("the time bound (%s) ended it after %d of %d fdatasyncs", limit, f.Samples, probe.FsyncSamples)
	}
	fmt.Fprintf(stderr, "kfit: --measure removed %s (%s)\n", printable(file), done)
	h.Disk.Fsync = f
	return nil
}
