#!/usr/bin/env bash
# A real Flink cluster on this machine, for running yisieve with --runner flink.
#
#   jobs/flink/local_cluster.sh install   Flink from PyPI's wheels + Beam's job server via Maven
#   jobs/flink/local_cluster.sh start     jobmanager + one taskmanager with 2 slots on localhost
#   jobs/flink/local_cluster.sh stop      stops both (safe to call when nothing runs)
#   jobs/flink/local_cluster.sh status    the REST overview, or exit 1 when the cluster is down
#   jobs/flink/local_cluster.sh jar       prints the job-server jar's path
#
# Everything lives under $YISIEVE_FLINK_DIR (default: .flink/ in the repository). Installing
# uses only PyPI (apache-flink, apache-flink-libraries), Maven Central (the Beam runner) and
# Debian's OpenJDK; a pipeline run downloads nothing.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
# shellcheck source=versions.env
source "$here/versions.env"

base="${YISIEVE_FLINK_DIR:-$repo/.flink}"
flink_home="$base/flink-$FLINK_VERSION"
jar="$base/beam-runners-flink-$FLINK_MINOR-job-server-$BEAM_VERSION.jar"
rest_port="${FLINK_REST_PORT:-8081}"
slots="${FLINK_TASK_SLOTS:-2}"
tm_memory="${FLINK_TASKMANAGER_MEMORY:-6g}"
# Absolute (-s keeps a venv's symlink): install steps run pip from other folders.
python="$(realpath -s "$(command -v "${PYTHON:-python3}")")"

log() { echo "flink: $*" >&2; }

need_java() {
  if command -v java >/dev/null 2>&1; then return; fi
  log "installing OpenJDK 17 (Debian)"
  local sudo; sudo=$([ "$(id -u)" = 0 ] || echo sudo)
  $sudo apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq openjdk-17-jre-headless >/dev/null
}

install_flink() {
  if [ -x "$flink_home/bin/jobmanager.sh" ]; then return; fi
  log "assembling Flink $FLINK_VERSION from the PyPI wheels"
  local work; work="$(mktemp -d)"
  "$python" -m pip download --quiet --no-deps -d "$work" \
    "apache-flink==$FLINK_VERSION" --python-version 3.11 \
    --platform manylinux2014_x86_64 --only-binary=:all:
  "$python" -m pip download --quiet --no-deps -d "$work" "apache-flink-libraries==$FLINK_VERSION"
  (cd "$work" && "$python" -m zipfile -e apache_flink-*.whl wheel >/dev/null \
    && tar -xzf apache-flink-libraries-*.tar.gz)
  local libs; libs="$(echo "$work"/apache-flink-libraries-*/deps)"
  rm -rf "$flink_home.partial" && mkdir -p "$flink_home.partial/log"
  cp -r "$work/wheel/pyflink/bin" "$work/wheel/pyflink/conf" "$flink_home.partial/"
  cp -r "$libs/lib" "$libs/opt" "$libs/plugins" "$flink_home.partial/"
  cp "$libs"/bin/* "$flink_home.partial/bin/"
  chmod +x "$flink_home.partial"/bin/*.sh "$flink_home.partial/bin/flink"
  configure "$flink_home.partial/conf/config.yaml"
  rm -rf "$work"
  mv "$flink_home.partial" "$flink_home"
}

# The shipped config.yaml carries the JVM flags Java 17 needs; slots, parallelism, the REST
# port and memory change. Slots = parallelism: one SDK worker per slot. The clean job is one
# wide graph (hundreds of transforms, a dozen shuffles) that Flink runs as a single batch job:
# its network buffers, not its heap, run short first (the 128 MiB default fails with
# "Insufficient number of network buffers"), so the TaskManager gets 512 MiB of them. Beam's
# gRPC data channel to the SDK workers allocates direct (off-heap) buffers outside Flink's
# accounting: at 100k documents the default (none for tasks) failed with "OutOfMemoryError:
# Direct buffer memory", so tasks get 512 MiB of off-heap memory; carved out of a 3 GiB process,
# that left each slot 112 MiB of heap and a 200k-document run died of "Java heap space" in the
# same channel, hence 6 GiB.
configure() {
  local conf="$1"
  sed -i -E "/^taskmanager:/,/^[a-z]/ s/^      size: 1728m/      size: $tm_memory/" "$conf"
  printf '\n# yisieve: sized for the clean job\n%s\n%s\n' \
    "taskmanager.memory.network.min: 512mb" "taskmanager.memory.network.max: 512mb" >>"$conf"
  printf '%s\n' "taskmanager.memory.task.off-heap.size: 512mb" >>"$conf"
  sed -i -E "s/^(  numberOfTaskSlots:) [0-9]+/\1 $slots/" "$conf"
  sed -i -E "/^parallelism:/,/^[a-z]/ s/^(  default:) [0-9]+/\1 $slots/" "$conf"
  sed -i -E "s/^  # port: 8081/  port: $rest_port/" "$conf"
}

install_job_server() {
  if [ -f "$jar" ]; then return; fi
  log "building Beam $BEAM_VERSION's Flink $FLINK_MINOR job server with Maven (once)"
  local build; build="$(mktemp -d)"
  cp "$here/pom.xml" "$build/"
  mvn -q -B -f "$build/pom.xml" package -Dbeam.version="$BEAM_VERSION" \
    -Dflink.minor="$FLINK_MINOR" >"$build/maven.log" 2>&1 || { tail -30 "$build/maven.log"; exit 1; }
  mkdir -p "$base"
  mv "$build/target/beam-runners-flink-$FLINK_MINOR-job-server-$BEAM_VERSION.jar" "$jar"
  rm -rf "$build"
}

overview() { curl -sf "http://localhost:$rest_port/overview"; }

start() {
  install
  if overview >/dev/null 2>&1; then log "already running on port $rest_port"; return; fi
  export FLINK_HOME="$flink_home" FLINK_LOG_DIR="$flink_home/log"
  "$flink_home/bin/jobmanager.sh" start >/dev/null
  "$flink_home/bin/taskmanager.sh" start >/dev/null
  for _ in $(seq 1 90); do
    if overview 2>/dev/null | grep -q "\"slots-total\":$slots"; then
      log "cluster up: http://localhost:$rest_port ($slots slots)"
      return
    fi
    sleep 1
  done
  log "cluster did not come up; last log lines:"
  tail -20 "$flink_home"/log/*.log >&2 || true
  stop
  exit 1
}

stop() {
  if [ ! -d "$flink_home" ]; then return; fi
  export FLINK_HOME="$flink_home" FLINK_LOG_DIR="$flink_home/log"
  "$flink_home/bin/taskmanager.sh" stop-all >/dev/null 2>&1 || true
  "$flink_home/bin/jobmanager.sh" stop-all >/dev/null 2>&1 || true
  log "cluster stopped"
}

install() {
  need_java
  install_flink
  install_job_server
}

case "${1:-}" in
  install) install ;;
  start) start ;;
  stop) stop ;;
  status) overview && echo ;;
  jar) echo "$jar" ;;
  home) echo "$flink_home" ;;
  *) echo "usage: $0 install|start|stop|status|jar|home" >&2; exit 2 ;;
esac
