#!/usr/bin/env bash
# A highly available PostgreSQL for the failover test (docs/high-availability.md): a pg_auto_failover monitor, a
# primary and a synchronous standby, each run by its own pg_autoctl keeper in its own session, on loopback.
#
#   ha-cluster.sh available                        exit 0 when pg_autoctl and PostgreSQL 15 are installed
#   ha-cluster.sh start DIR MONITOR_PORT PORT1 PORT2
#                                                  creates and starts the cluster under DIR (node1 primary, node2 its
#                                                  synchronous standby); returns once the standby is in the quorum
#   ha-cluster.sh state DIR                        the monitor's view: pg_autoctl show state
#   ha-cluster.sh kill DIR NODE                    the loss of NODE's host: SIGKILL to its keeper, its postmaster and
#                                                  every backend at once (the node's whole session); nothing is stopped
#   ha-cluster.sh rejoin DIR NODE                  starts NODE's keeper again, as after its host came back: it rejoins
#                                                  as a standby of the new primary (pg_rewind)
#   ha-cluster.sh stop DIR                         kills whatever of the cluster still runs and removes DIR
#
# pg_autoctl refuses to run as root: as root, every command runs as the postgres user, and DIR is made theirs.
# The monitor's timings are shortened from pg_auto_failover's defaults (20 s to call a node unhealthy, 30 s of demote
# timeout) so that CI measures a failover in seconds; the same settings, and what they trade, are in the document.
set -euo pipefail
bin=/usr/lib/postgresql/15/bin

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- env "$@"; else env "$@"; fi
}

autoctl() {
  local dir=$1; shift
  as_owner XDG_CONFIG_HOME="$dir/xdg/config" XDG_DATA_HOME="$dir/xdg/data" XDG_RUNTIME_DIR="$dir/xdg/run" \
    PATH="$bin:$PATH" pg_autoctl "$@"
}

# Starts a keeper in a session of its own (setsid): its postmaster and backends join that session, so that `kill`
# takes down exactly one node, as the loss of its host would.
run_keeper() {
  local dir=$1 name=$2
  rm -f "$dir/$name.keeper"
  # the session's leader writes its own id (the session's and its process group's) before it becomes the keeper
  as_owner XDG_CONFIG_HOME="$dir/xdg/config" XDG_DATA_HOME="$dir/xdg/data" XDG_RUNTIME_DIR="$dir/xdg/run" \
    PATH="$bin:$PATH" setsid bash -c 'echo $$ > "$0.keeper"; exec pg_autoctl run --pgdata "$0"' "$dir/$name" \
    > "$dir/$name.log" 2>&1 < /dev/null &
  await "$name's keeper" 10 test -s "$dir/$name.keeper"
}

monitor_sql() {
  local dir=$1; shift
  as_owner "$bin/psql" -X -q -At -h 127.0.0.1 -p "$(cat "$dir/monitor.port")" -U postgres -d pg_auto_failover -c "$@"
}

await() {
  local what=$1 seconds=$2; shift 2
  for _ in $(seq 1 $((seconds * 4))); do
    if "$@" > /dev/null 2>&1; then return 0; fi
    sleep 0.25
  done
  echo "timed out after ${seconds}s waiting for $what" >&2
  return 1
}

node_state() {
  local dir=$1 name=$2 state=$3
  [ "$(monitor_sql "$dir" "select reportedstate from pgautofailover.node where nodename = '$name'")" = "$state" ]
}

standby_in_quorum() {
  local dir=$1 port=$2
  [ "$(as_owner "$bin/psql" -X -At -h 127.0.0.1 -p "$port" -U postgres -d payrail \
      -c "select count(*) from pg_stat_replication where sync_state in ('sync', 'quorum') and state = 'streaming'")" = 1 ]
}

create_node() {
  local dir=$1 name=$2 port=$3
  autoctl "$dir" create postgres --pgdata "$dir/$name" --pgport "$port" --hostname 127.0.0.1 --name "$name" \
    --auth trust --no-ssl --dbname payrail \
    --monitor "postgres://autoctl_node@127.0.0.1:$(cat "$dir/monitor.port")/pg_auto_failover?sslmode=disable" \
    > "$dir/$name.create.log" 2>&1
  # the keeper demotes its primary itself once it has lost the monitor and its standby this long: shorter than
  # the monitor's demote timeout below, so that a primary cut off from the others stops taking writes before the
  # standby is promoted
  autoctl "$dir" config set --pgdata "$dir/$name" timeout.network_partition_timeout 3 > /dev/null
  run_keeper "$dir" "$name"
}

cmd=${1:-}
case "$cmd" in
  available)
    command -v pg_autoctl > /dev/null && [ -x "$bin/postgres" ]
    ;;
  start)
    dir=$2 monitor_port=$3 port1=$4 port2=$5
    rm -rf "$dir" && mkdir -p "$dir/xdg/run"
    chmod 700 "$dir/xdg/run"
    [ "$(id -u)" = 0 ] && chown -R postgres "$dir"
    echo "$monitor_port" > "$dir/monitor.port"
    autoctl "$dir" create monitor --pgdata "$dir/monitor" --pgport "$monitor_port" --hostname 127.0.0.1 --auth trust \
      --no-ssl > "$dir/monitor.create.log" 2>&1
    run_keeper "$dir" monitor
    await "the monitor" 30 monitor_sql "$dir" "select 1"
    # a node is called unhealthy after 3 s without answering the monitor's health checks (one a second), and a
    # primary that does not answer is given 5 s to demote itself before its standby is promoted
    for setting in health_check_period=1000 health_check_timeout=1000 health_check_max_retries=1 \
        health_check_retry_delay=500 node_considered_unhealthy_timeout=3000 primary_demote_timeout=5000; do
      monitor_sql "$dir" "alter system set pgautofailover.${setting%%=*} = ${setting#*=}"
    done
    monitor_sql "$dir" "select pg_reload_conf()" > /dev/null
    create_node "$dir" node1 "$port1"
    await "node1 to be the single node" 60 node_state "$dir" node1 single
    create_node "$dir" node2 "$port2"
    await "node2 to be node1's standby" 120 node_state "$dir" node2 secondary
    await "node1 to be primary" 60 node_state "$dir" node1 primary
    await "node2 in node1's synchronous quorum" 60 standby_in_quorum "$dir" "$port1"
    ;;
  state)
    autoctl "$2" show state --pgdata "$2/monitor"
    ;;
  kill)
    dir=$2 name=$3
    kill -KILL -- "-$(cat "$dir/$name.keeper")"
    ;;
  rejoin)
    run_keeper "$2" "$3"
    ;;
  stop)
    dir=$2
    for keeper in "$dir"/*.keeper; do
      [ -f "$keeper" ] && kill -KILL -- "-$(cat "$keeper")" 2> /dev/null || true
    done
    rm -rf "$dir"
    ;;
  *)
    echo "usage: ha-cluster.sh available | start DIR MONITOR_PORT PORT1 PORT2 | state DIR | kill DIR NODE | rejoin DIR NODE | stop DIR" >&2
    exit 2
    ;;
esac
