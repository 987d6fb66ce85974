#!/usr/bin/env bash
# A real single-node Slurm cluster for CI: starts munged, slurmctld and
# slurmd on this machine with a throw-away configuration, submits
# deploy/slurm/sweep.sbatch as a 3-task job array (which submits its own
# merge job), waits for both, and checks that the merged sweep.csv is
# byte-identical to a single-process sweep. Needs root (CI runs as root);
# installs Debian's Slurm and munge when they are missing. The daemons
# are stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$(pwd)

if ! command -v slurmctld >/dev/null 2>&1 || ! command -v slurmd >/dev/null 2>&1 || ! command -v munged >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends slurmctld slurmd slurm-client munge >/dev/null
fi

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for f in "$work/slurmd.pid" "$work/slurmctld.pid" "$work/munged.pid"; do
    [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null || true
  done
}
trap cleanup EXIT

# munge: a fresh key and socket of our own, so no system daemon is touched.
mkdir -p "$work/munge"
dd if=/dev/urandom of="$work/munge/key" bs=1024 count=1 status=none
chmod 700 "$work/munge"; chmod 400 "$work/munge/key"
munged --force --key-file="$work/munge/key" --socket="$work/munge/socket" \
  --pid-file="$work/munged.pid" --log-file="$work/munge/log" --seed-file="$work/munge/seed"

host=$(hostname -s)
mkdir -p "$work/state" "$work/spool"
cat >"$work/slurm.conf" <<CONF
ClusterName=swarmecon-ci
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$work/munge/socket
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MpiDefault=none
NodeName=$host CPUs=$(nproc) RealMemory=1000 State=UNKNOWN
PartitionName=ci Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$work/slurm.conf"
slurmctld -f "$SLURM_CONF"
slurmd -f "$SLURM_CONF"
for _ in $(seq 60); do
  sinfo -h -o %T 2>/dev/null | grep -qE '^(idle|mixed)' && break
  sleep 1
done
sinfo

go build -o "$work/bin/swarmecon" ./cmd/swarmecon
scenario="$repo/testdata/verbs/small.toml"
grid="--grid token.price.volatility=0.2:0.6:0.2 --grid seed=1,2"

cd "$work"
job=$(SCENARIO="$scenario" GRID="$grid" REPLICATIONS=3 OUT="$work/out/sweep" SWARMECON="$work/bin/swarmecon" \
  sbatch --parsable --wait --array=0-2 --cpus-per-task=1 --mem=100M --time=10:00 \
  --output="$work/task-%a.log" "$repo/deploy/slurm/sweep.sbatch") || {
  cat "$work"/task-*.log "$work/slurmctld.log" >&2; exit 1; }
# The array's first task submitted the merge; wait for it to leave the queue.
for _ in $(seq 120); do
  [ -z "$(squeue -h 2>/dev/null)" ] && break
  sleep 1
done
[ -f "$work/out/sweep/sweep.csv" ] || { echo "slurm: the merge job wrote no sweep.csv" >&2; cat "$work"/*.log >&2; exit 1; }

# shellcheck disable=SC2086 # grid holds several flags
"$work/bin/swarmecon" sweep "$scenario" $grid --replications 3 --out "$work/single" --quiet
if ! cmp "$work/out/sweep/sweep.csv" "$work/single/sweep.csv"; then
  echo "slurm: the merged sweep differs from the single-process one" >&2
  exit 1
fi
echo "slurm: job $job, 3 array tasks and a merge: sweep.csv identical to a single-process sweep"
