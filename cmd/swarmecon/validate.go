package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/swarmecon/swarmecon/model/chain"
	"github.com/swarmecon/swarmecon/model/policy"
	"github.com/swarmecon/swarmecon/model/swarm"
	"github.com/swarmecon/swarmecon/model/token"
	"github.com/swarmecon/swarmecon/scenarios"
	"github.com/swarmecon/swarmecon/sim"
)

// cmdValidate loads each file and prints its errors; exit 2 if any fails.
func cmdValidate(_ context.Context, args []string, e *env) error {
	fs := newFlags("validate", "validate FILE... [--set key=value]...", e)
	var sets setFlags
	fs.Var(&sets, "set", "override a scenario key, key=value (repeatable), checked like the file")
	files, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return usageErrorf("swarmecon validate: name at least one scenario file")
	}
	var failed []string
	for _, f := range files {
		sc, err := loadScenario(f, sets)
		if err == nil {
			// The checks a run makes before it starts: what validate
			// passes, run accepts.
			_, err = plan(sc)
		}
		if err != nil {
			fmt.Fprintln(e.stderr, err)
			failed = append(failed, f)
			continue
		}
		fmt.Fprintf(e.stdout, "%s: ok\n", f)
	}
	if len(failed) > 0 {
		return inputError{fmt.Errorf("swarmecon validate: %d of %d scenario(s) invalid: %s", len(failed), len(files), strings.Join(failed, ", "))}
	}
	return nil
}

// metricLists holds each built model's list of the metrics it sets.
var metricLists = []func() []sim.MetricDoc{
	token.Metrics,
	chain.Metrics,
	swarm.Metrics,
}

// cmdList prints built-in scenarios, policies or metric names.
func cmdList(_ context.Context, args []string, e *env) error {
	fs := newFlags("list", "list [scenarios|policies|metrics]", e)
	what, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(what) == 0 {
		what = []string{"scenarios", "policies", "metrics"}
	}
	for i, w := range what {
		if len(what) > 1 {
			if i > 0 {
				fmt.Fprintln(e.stdout)
			}
			fmt.Fprintf(e.stdout, "%s:\n", w)
		}
		switch w {
		case "scenarios":
			err = listScenarios(e)
		case "policies":
			listPolicies(e)
		case "metrics":
			for _, metrics := range metricLists {
				for _, m := range metrics() {
					fmt.Fprintf(e.stdout, "  %-40s %-8s %s\n", m.Name, m.Unit, m.Doc)
				}
			}
		default:
			return usageErrorf("swarmecon list: unknown list %q (scenarios, policies, metrics)", w)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func listScenarios(e *env) error {
	for _, name := range scenarios.Builtins() {
		sc, err := scenarios.LoadBuiltin(name, nil)
		if err != nil {
			return errors.Join(fmt.Errorf("built-in scenario %s does not load", name), err)
		}
		fmt.Fprintf(e.stdout, "  %-20s %s\n", name, firstLine(sc.Description))
	}
	return nil
}

// listPolicies prints every key that chooses among named policies or
// behaviours, with the choices the loader accepts.
func listPolicies(e *env) {
	for _, k := range scenarios.Keys() {
		if k.Type != "string" || !strings.Contains(k.Allowed, " | ") {
			continue
		}
		fmt.Fprintf(e.stdout, "  %-32s %s (default %s)\n", k.Path, k.Doc, k.Default)
		fmt.Fprintf(e.stdout, "  %-32s   %s\n", "", k.Allowed)
	}
	// The registered policies, with what each does and its parameters.
	for _, kind := range policy.Kinds() {
		fmt.Fprintf(e.stdout, "\n  %s policies:\n", kind)
		for _, p := range policy.List(kind) {
			fmt.Fprintf(e.stdout, "    %-20s %s\n", p.Name, p.Short)
			fmt.Fprintf(e.stdout, "    %-20s %s\n", "", p.Long)
			for _, prm := range p.Params {
				fmt.Fprintf(e.stdout, "    %-20s   %s = %s  %s\n", "", prm.Name, prm.Default, prm.Doc)
			}
		}
	}
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
