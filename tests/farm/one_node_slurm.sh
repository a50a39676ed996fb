#!/usr/bin/env bash
# A one-node Slurm cluster for the farm tests, from Debian's packages (munge,
# slurmctld, slurmd, slurm-client): munged, slurmctld and slurmd on 127.0.0.1, with
# the key, config, state and logs all in DIR.
#
#   one_node_slurm.sh start DIR   prints SLURM_CONF=DIR/slurm.conf once the node is idle
#   one_node_slurm.sh stop DIR    cancels the cluster's jobs, stops the three daemons
#
# Needs root (slurmd runs jobs as their users). Any failure exits non-zero with one
# line on stderr and the end of the daemons' logs.
set -euo pipefail

action=${1:?usage: one_node_slurm.sh start|stop DIR}
dir=$(realpath -m "${2:?usage: one_node_slurm.sh start|stop DIR}")
export SLURM_CONF=$dir/slurm.conf

fail() {
  echo "one_node_slurm: $*" >&2
  for log in "$dir"/log/*.log; do
    [ -f "$log" ] && { echo "--- $log" >&2; tail -n 15 "$log" >&2; }
  done
  exit 1
}

# Waits up to $1 seconds for the command after it to succeed.
wait_for() {
  local seconds=$1
  shift
  for _ in $(seq $((seconds * 10))); do
    "$@" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  return 1
}

node_idle() { [ "$(sinfo --noheader --nodes=node1 --format=%t 2>/dev/null)" = idle ]; }

start() {
  [ "$(id -u)" -eq 0 ] || fail "must run as root (slurmd starts jobs as their users)"
  for tool in munged mungekey slurmctld slurmd sbatch squeue sinfo scontrol scancel; do
    command -v "$tool" >/dev/null ||
      fail "$tool not found: packaging/install-deps.sh installs munge, slurmctld, slurmd and slurm-client"
  done
  mkdir -p "$dir"/{munge,state,spool,log}
  chmod 700 "$dir/munge"
  # Every daemon in the foreground (&): $! is the daemon, and stop ends exactly these.
  mungekey --create --keyfile="$dir/munge/munge.key" || fail "mungekey could not make a key"
  munged --foreground --socket="$dir/munge/socket" --key-file="$dir/munge/munge.key" \
    --pid-file="$dir/munge/munged.pid" --log-file="$dir/log/munged.log" --seed-file="$dir/munge/seed" --force \
    >>"$dir/log/munged.out" 2>&1 &
  echo $! >"$dir/munged.daemon"
  wait_for 10 test -S "$dir/munge/socket" || fail "munged made no socket"

  # Ports picked at random; a clash shows as slurmctld not answering.
  local port=$((20000 + RANDOM % 20000))
  cat >"$SLURM_CONF" <<EOF
ClusterName=permanence-farm-test
SlurmctldHost=$(hostname -s)(127.0.0.1)
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$dir/munge/socket
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
JobRequeue=1
MinJobAge=600
KillWait=5
SlurmctldTimeout=30
SlurmdTimeout=30
NodeName=node1 NodeAddr=127.0.0.1 NodeHostname=$(hostname -s) CPUs=$(nproc) State=UNKNOWN
PartitionName=test Nodes=node1 Default=YES MaxTime=INFINITE State=UP
EOF
  slurmctld -D -c -f "$SLURM_CONF" >>"$dir/log/slurmctld.out" 2>&1 &
  echo $! >"$dir/slurmctld.daemon"
  wait_for 20 scontrol ping || fail "slurmctld does not answer on 127.0.0.1:$port"
  slurmd -D -N node1 -f "$SLURM_CONF" >>"$dir/log/slurmd.out" 2>&1 &
  echo $! >"$dir/slurmd.daemon"
  wait_for 30 node_idle || fail "node1 did not become idle ($(sinfo --noheader --format='%t %E' 2>&1))"
  echo "SLURM_CONF=$SLURM_CONF"
}

stop_pid() {
  local file=$1
  [ -f "$file" ] || return 0
  local pid
  pid=$(cat "$file")
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$file"
}

stop() {
  # The jobs first: their slurmstepd processes outlive slurmd.
  if [ -f "$dir/slurmctld.daemon" ] && scontrol ping >/dev/null 2>&1; then
    scancel --full --signal=KILL --user=root 2>/dev/null || true
    scancel --user=root 2>/dev/null || true
    wait_for 15 bash -c '[ -z "$(squeue --noheader --states=PENDING,RUNNING,COMPLETING,CONFIGURING)" ]' || true
  fi
  stop_pid "$dir/slurmd.daemon"
  stop_pid "$dir/slurmctld.daemon"
  stop_pid "$dir/munged.daemon"
}

case $action in
  start) start ;;
  stop) stop ;;
  *) fail "unknown action '$action' (start or stop)" ;;
esac
