package main

import (
	"context"
	"encoding/json"
	"fmt"
	"syscall"
)

const benchUsage = "bench [kernel|swarm|chain]... [--json]"

// benches lists the benchmarks `bench` runs with no name, in order.
var benches = []struct {
	name string
	run  func(e *env, asJSON bool) error
}{
	{"kernel", benchKernelCmd},
	{"chain", benchChainCmd},
	{"swarm", benchSwarmCmd},
}

// cmdBench runs the named benchmarks (all when none is named). Every
// figure is a ratio to a baseline measured in the same process run, since
// the machines it runs on are shared and noisy.
func cmdBench(ctx context.Context, args []string, e *env) error {
	fs := newFlags("bench", benchUsage, e)
	asJSON := fs.Bool("json", false, "print one JSON object per benchmark and line")
	names, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(names) == 0 {
		for _, b := range benches {
			names = append(names, b.name)
		}
	}
	for _, name := range names {
		found := false
		for _, b := range benches {
			if b.name == name {
				found = true
				if err := ctx.Err(); err != nil {
					return err
				}
				if err := b.run(e, *asJSON); err != nil {
					return err
				}
			}
		}
		if !found {
			return usageErrorf("swarmecon bench: unknown benchmark %q (known: kernel, chain, swarm)", name)
		}
	}
	return nil
}

func benchKernelCmd(e *env, asJSON bool) error {
	const pending, events = 1_000_000, 5_000_000
	r := benchKernel(pending, events)
	rss := peakRSS()
	if asJSON {
		return printJSON(e, struct {
			Bench              string  `json:"bench"`
			Pending            int     `json:"pending"`
			EventsPerS         float64 `json:"events_per_s"`
			BaselineEventsPerS float64 `json:"baseline_events_per_s"`
			Ratio              float64 `json:"ratio"`
			Events             int     `json:"events"`
			PeakRSSBytes       int64   `json:"peak_rss_bytes"`
		}{"kernel", r.Pending, r.EventsPerS, r.BaselineEventsPerS, r.Ratio, r.Events, rss})
	}
	fmt.Fprintf(e.stdout, "kernel: hold model, %d pending, %d events\n", r.Pending, r.Events)
	fmt.Fprintf(e.stdout, "  sim.Queue       %12.0f events/s\n", r.EventsPerS)
	fmt.Fprintf(e.stdout, "  container/heap  %12.0f events/s (baseline, same run)\n", r.BaselineEventsPerS)
	fmt.Fprintf(e.stdout, "  ratio           %12.2fx\n  peak RSS        %12d bytes\n", r.Ratio, rss)
	return nil
}

// printJSON writes v as one line, fields in the struct's order.
func printJSON(e *env, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(e.stdout, string(b))
	return err
}

// peakRSS returns the process's peak resident set size in bytes (Linux
// reports ru_maxrss in KiB), or 0 where the system does not say.
func peakRSS() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return int64(ru.Maxrss) * 1024
}
