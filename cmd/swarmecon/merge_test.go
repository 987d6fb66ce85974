package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
)

// A sweep run as three shards, each through a different way of naming
// its slice (--shard, Slurm's array variables, a Kubernetes completion
// index), and merged gives the bytes of a single-process sweep.
func TestShardedSweepMergesToTheSame(t *testing.T) {
	noArrayJob(t)
	root := t.TempDir()
	whole := filepath.Join(root, "whole")
	if code, _, stderr := cli(t, sweepArgs(whole)...); code != 0 {
		t.Fatalf("sweep: exit %d: %s", code, stderr)
	}
	shard := func(i string) string { return filepath.Join(root, "shard-"+i) }

	if code, _, stderr := cli(t, append(sweepArgs(shard("0")), "--shard", "0/3")...); code != 0 {
		t.Fatalf("--shard 0/3: exit %d: %s", code, stderr)
	}
	t.Setenv("SLURM_ARRAY_TASK_MIN", "1")
	t.Setenv("SLURM_ARRAY_TASK_ID", "2") // the second task of 1-3
	t.Setenv("SLURM_ARRAY_TASK_COUNT", "3")
	if code, _, stderr := cli(t, sweepArgs(shard("1"))...); code != 0 {
		t.Fatalf("Slurm shard: exit %d: %s", code, stderr)
	}
	t.Setenv("SLURM_ARRAY_TASK_ID", "")
	t.Setenv("SLURM_ARRAY_TASK_COUNT", "")
	t.Setenv("JOB_COMPLETION_INDEX", "2")
	if code, _, stderr := cli(t, append(sweepArgs(shard("2")), "--shards", "3")...); code != 0 {
		t.Fatalf("Indexed Job shard: exit %d: %s", code, stderr)
	}
	for i, want := range []int{4, 4, 4} {
		if got := unitsDone(t, shard(string(rune('0'+i)))); got != want {
			t.Errorf("shard %d ran %d units, want %d of 12", i, got, want)
		}
	}

	merged := filepath.Join(root, "merged")
	code, _, stderr := cli(t, "merge", "--quiet", "--out", merged, "--metric", "token.price_usd.end", shard("0"), shard("1"))
	if code != exitUsage || !strings.Contains(stderr, "4 of 12 units are missing") {
		t.Errorf("merge of two shards of three: exit %d, %q; want exit 2 naming the missing units", code, stderr)
	}
	if code, _, stderr := cli(t, "merge", "--quiet", "--out", merged, "--metric", "token.price_usd.end", shard("0"), shard("1"), shard("2")); code != 0 {
		t.Fatalf("merge: exit %d: %s", code, stderr)
	}
	for _, f := range []string{"sweep.csv", "report.md", "sweep.json"} {
		if !bytes.Equal(readOut(t, whole, f), readOut(t, merged, f)) {
			t.Errorf("%s of the merged shards differs from the single-process sweep", f)
		}
	}

	other := filepath.Join(root, "other")
	if code, _, stderr := cli(t, "sweep", small, "--quiet", "--out", other, "--grid", "seed=1,2", "--shard", "0/2"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if code, _, stderr := cli(t, "merge", "--out", filepath.Join(root, "m2"), shard("0"), other); code != exitUsage || !strings.Contains(stderr, "different sweeps") {
		t.Errorf("merging different sweeps: exit %d, %q", code, stderr)
	}
	for _, bad := range [][]string{{"--shard", "3/3"}, {"--shard", "1/2", "--shards", "2"}} {
		if code, _, _ := cli(t, append(sweepArgs(filepath.Join(root, "x")), bad...)...); code != exitUsage {
			t.Errorf("%v: exit %d, want 2", bad, code)
		}
	}
}
