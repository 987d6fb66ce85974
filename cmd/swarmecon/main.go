// Command swarmecon simulates token-incentivised peer-to-peer
// infrastructure from a TOML scenario and writes its reports.
//
// Usage:
//
//	swarmecon run [SCENARIO.toml|builtin-name] [--out DIR] [--seed N] [--set k=v]... [--quiet]
//	swarmecon validate FILE...
//	swarmecon list [scenarios|policies|metrics]
//	swarmecon compare SCENARIO --vary key=v1,v2 | compare A.toml B.toml [--replications N] [--out DIR]
//	swarmecon sweep SCENARIO --grid key=v1,v2 [--grid key=from:to:step] [--replications N] [--out DIR]
//	swarmecon merge --out DIR SHARD_DIR...
//	swarmecon check SCENARIO [--baseline summary.json [--tolerance 5%] [--force]] [--junit FILE]
//	swarmecon bench [kernel|swarm|chain]... [--json]
//	swarmecon version
//
// Exit codes: 0 success, 1 an expectation failed, 2 bad input or usage,
// 3 the run failed, 130 interrupted (Ctrl-C); an interrupted run writes nothing.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
)

// version is set at build time by the Makefile (-X main.version=...).
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// command is one verb of the CLI; the table's order is the help order.
type command struct {
	name  string
	usage string
	short string
	run   func(ctx context.Context, args []string, env *env) error
}

// env carries what a command may touch besides its arguments, so that tests
// run the CLI in-process.
type env struct {
	stdout, stderr io.Writer
	// terminal is true when stderr is a terminal; progress bars show only then.
	terminal bool
}

func commands() []command {
	return []command{
		{"run", "run [SCENARIO.toml|builtin-name] [--out DIR] [--seed N] [--set key=value]... [--quiet]", "run a scenario and write its report", cmdRun},
		{"validate", "validate FILE... [--set key=value]...", "check scenario files without running them", cmdValidate},
		{"list", "list [scenarios|policies|metrics]", "list built-in scenarios, policies or metric names", cmdList},
		{"compare", compareUsage, "compare variants of a scenario under common random numbers", cmdCompare},
		{"sweep", sweepUsage, "run a parameter grid with replications; resumes where it stopped", cmdSweep},
		{"merge", mergeUsage, "combine the shard folders of a sweep run as an array job", cmdMerge},
		{"check", checkUsage, "run a scenario and check its [[expect]] and a baseline; exit 1 on a failure", cmdCheck},
		{"bench", "bench [kernel|swarm|chain]... [--json]", "measure performance against baselines run in the same process", cmdBench},
		{"version", "version", "print the version", cmdVersion},
	}
}

// run executes the CLI with args and returns the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	e := &env{stdout: stdout, stderr: stderr, terminal: isTerminal(stderr)}
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(stderr)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return exitCode(c.run(ctx, args[1:], e), stderr)
		}
	}
	fmt.Fprintf(stderr, "swarmecon: unknown command %q (commands: %s)\n", args[0], commandNames())
	return exitUsage
}

func commandNames() string {
	var names []string
	for _, c := range commands() {
		names = append(names, c.name)
	}
	return strings.Join(names, ", ")
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "swarmecon simulates token-incentivised peer-to-peer infrastructure.")
	fmt.Fprintln(w, "\nUsage:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  swarmecon %s\n      %s\n", c.usage, c.short)
	}
	fmt.Fprintln(w, "\nExit codes: 0 ok, 1 an expectation failed, 2 bad input or usage.")
}

// isTerminal reports whether w is a character device (a terminal), using
// only the standard library.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

func cmdVersion(_ context.Context, args []string, e *env) error {
	if len(args) > 0 {
		return usageErrorf("version takes no arguments")
	}
	fmt.Fprintln(e.stdout, "swarmecon", version)
	return nil
}
