package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
)

// Exit codes, mapped from errors in one place (exitCode).
const (
	exitOK       = 0
	exitExpect   = 1   // an expectation failed
	exitUsage    = 2   // bad input or usage
	exitInternal = 3   // the run itself failed (a bug or an I/O error)
	exitSignal   = 130 // interrupted, as shells report SIGINT
)

// inputError is bad input: a bad flag, argument or scenario. Exit 2.
type inputError struct{ err error }

func (e inputError) Error() string { return e.err.Error() }
func (e inputError) Unwrap() error { return e.err }

func usageErrorf(format string, a ...any) error {
	return inputError{fmt.Errorf(format, a...)}
}

// expectError says that checks failed: expectations, invariants or
// baseline comparisons. Exit 1. what names them ("2 check(s) failed:
// 2 baseline regression(s)"); empty means expectations.
type expectError struct {
	failed int
	what   string
}

func (e expectError) Error() string {
	if e.what != "" {
		return e.what
	}
	return fmt.Sprintf("%d expectation(s) failed", e.failed)
}

// interruptedError is an interrupt after some output was kept on
// purpose (a sweep's finished units). Exit 130, like context.Canceled.
type interruptedError struct{ kept string }

func (e interruptedError) Error() string { return "interrupted; " + e.kept }
func (e interruptedError) Unwrap() error { return context.Canceled }

// exitCode prints err (if any) and returns the process exit code for it.
func exitCode(err error, stderr io.Writer) int {
	var in inputError
	var ex expectError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.As(err, &in):
		fmt.Fprintln(stderr, err)
		return exitUsage
	case errors.As(err, &ex):
		fmt.Fprintln(stderr, "swarmecon:", err)
		return exitExpect
	case errors.As(err, new(interruptedError)):
		fmt.Fprintln(stderr, "swarmecon:", err)
		return exitSignal
	case errors.Is(err, context.Canceled):
		fmt.Fprintln(stderr, "swarmecon: interrupted; no output written")
		return exitSignal
	default:
		fmt.Fprintln(stderr, "swarmecon:", err)
		return exitInternal
	}
}

// newFlags returns a FlagSet for a command that reports errors instead of
// exiting, and prints its usage to stderr.
func newFlags(name, usage string, e *env) *flagSet {
	fs := &flagSet{FlagSet: flag.NewFlagSet(name, flag.ContinueOnError)}
	// The flag package's own messages (and its usage dump on every error)
	// are replaced by parseFlags' single line; only -h prints the usage.
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	fs.help = func() {
		fmt.Fprintf(e.stderr, "usage: swarmecon %s\n", usage)
		fs.SetOutput(e.stderr)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	}
	return fs
}

// flagSet is a command's flags with the text -h prints.
type flagSet struct {
	*flag.FlagSet
	help func()
}

// parseFlags parses args allowing flags after positional arguments, as
// users type them (`run x.toml --seed 7`); it returns the positionals.
func parseFlags(fs *flagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fs.help()
				return nil, err
			}
			return nil, usageErrorf("swarmecon %s: %v (see swarmecon %s -h)", fs.Name(), err, fs.Name())
		}
		args = fs.Args()
		if len(args) == 0 {
			return positional, nil
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}

// setFlags is the repeatable --set key=value flag.
type setFlags []string

func (s *setFlags) String() string { return fmt.Sprint(*s) }
func (s *setFlags) Set(v string) error {
	for i := 0; i < len(v); i++ {
		if v[i] == '=' {
			if i == 0 {
				return fmt.Errorf("%q has no key (want key=value)", v)
			}
			*s = append(*s, v)
			return nil
		}
	}
	return fmt.Errorf("%q is not key=value", v)
}
