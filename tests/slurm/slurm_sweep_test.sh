#!/usr/bin/env bash
# kds-sim sweep on a real Slurm (issue 12): starts a single-node Slurm (Debian's slurm-wlm 22.05
# and munge) on loopback in a private folder, submits the script `kds-sim sweep --emit slurm`
# prints (a 4-task array, then the merge after it) with sbatch --wait, and checks that the merged
# results.csv is byte-identical to the same sweep run here with -j 2. The daemons are stopped by
# their PIDs, whatever happens. Without root or without the daemons the test is skipped (exit 77,
# which CTest reports as skipped), with the reason.
# Usage: slurm_sweep_test.sh KDS_SIM_BINARY
set -euo pipefail
kds_sim="$1"

# tools/test sets KDS_REQUIRE_SLURM=1 when it runs as root: then a missing piece is a failure.
skip() {
  if [ "${KDS_REQUIRE_SLURM:-0}" = 1 ]; then echo "FAILED (the test may not skip here): $*"; exit 1; fi
  echo "SKIPPED: $*"
  exit 77
}
export PATH="$PATH:/usr/sbin:/sbin"  # the daemons, for a PATH without them
[ "$(id -u)" = 0 ] || skip "the Slurm and munge daemons need root (run the tests as root)"
for d in munged slurmctld slurmd sbatch sinfo; do
  command -v "$d" > /dev/null || skip "$d is not installed (tools/setup.sh --tests installs slurm-wlm and munge)"
done

work="$(mktemp -d /tmp/kds-slurm.XXXXXX)"
chmod 755 "$work"
pids=()
stop() {
  for pid in "${pids[@]}"; do kill "$pid" 2> /dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2> /dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2> /dev/null || true
  done
  rm -rf "$work"
}
trap stop EXIT
fail() {
  echo "FAILED: $*"
  for log in "$work"/*.log; do echo "== $log"; tail -n 20 "$log"; done
  exit 1
}

# munge: a private key and socket (the socket's folder must be 0755 for munged).
mkdir -m 755 "$work/munge"
dd if=/dev/urandom of="$work/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$work/munge/munge.key"
munged -F --force --key-file="$work/munge/munge.key" --socket="$work/munge/munge.socket" \
  --pid-file="$work/munge/munged.pid" --seed-file="$work/munge/munged.seed" \
  --log-file="$work/munged.log" 2>> "$work/munged.log" &
pids+=($!)

host="$(hostname -s)"
mkdir -p "$work/state" "$work/spool"
export SLURM_CONF="$work/slurm.conf"
cat > "$SLURM_CONF" <<CONF
ClusterName=kds
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
AuthType=auth/munge
AuthInfo=socket=$work/munge/munge.socket
CredType=cred/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
MpiDefault=none
ReturnToService=2
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
NodeName=$host NodeAddr=127.0.0.1 CPUs=$(nproc) State=UNKNOWN
PartitionName=kds Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
for _ in $(seq 50); do [ -S "$work/munge/munge.socket" ] && break; sleep 0.1; done
[ -S "$work/munge/munge.socket" ] || fail "munged did not start"
slurmctld -D -i -f "$SLURM_CONF" > "$work/slurmctld.out.log" 2>&1 &
pids+=($!)
slurmd -D -f "$SLURM_CONF" > "$work/slurmd.out.log" 2>&1 &
pids+=($!)
state=""
for _ in $(seq 120); do
  state="$(sinfo -h -o %T 2> /dev/null || true)"
  [ "$state" = idle ] && break
  sleep 0.5
done
[ "$state" = idle ] || fail "the node is '$state', not idle, after 60 s"

# A sweep of 4 cases x 2 seeds on a 5-minute scenario.
cat > "$work/base.json" <<'JSON'
{"name": "slurm-base", "duration": "5m", "seed": 3, "stream": {"shards": 2},
 "producers": [{"name": "p", "rate": 2500, "record_bytes": 400, "keys": {"uniform": 1000}}],
 "consumers": [{"name": "app", "type": "polling"}], "report": {"interval": "60s"}}
JSON
cat > "$work/sweep.json" <<'JSON'
{"name": "on-slurm", "base": "base.json", "axes": {"/stream/shards": [1, 2, 3, 4]}, "seeds": [1, 2]}
JSON
"$kds_sim" sweep "$work/sweep.json" -o "$work/slurm-out" --emit slurm --task-count 4 \
  --max-running 2 > "$work/submit.sh"
grep -q -- '--array=0-3%2' "$work/submit.sh" || fail "the emitted script has no 4-task array"
(cd "$work" && KDS_SBATCH_OPTIONS=--wait bash submit.sh) > "$work/submit.log" 2>&1 ||
  fail "the array or the merge job failed: $(cat "$work/submit.log")"
ls "$work"/slurm-out/results-?-of-4.csv > /dev/null || fail "no task results"
[ -f "$work/slurm-out/results.csv" ] || fail "the merge job wrote no results.csv"

"$kds_sim" sweep "$work/sweep.json" -o "$work/local-out" -j 2 --quiet
cmp "$work/slurm-out/results.csv" "$work/local-out/results.csv" ||
  fail "results.csv differs between Slurm and the local run"
echo "Slurm: 4 array tasks and the merge ran; results.csv is byte-identical to the local -j 2 run"
cat "$work/slurm-out/results.csv"
