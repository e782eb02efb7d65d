"""Beam options for a Flink cluster: master, job-server jar, SDK worker environment.

Beam's Python FlinkRunner starts a Java job server that translates the pipeline and submits it
to the cluster's REST endpoint. Given no jar, Beam downloads one from Maven Central at run
time; yisieve never lets it: the jar is built once by `jobs/flink/local_cluster.sh install`
(or named with --flink-job-server-jar) and a missing jar is an error before anything runs.

SDK workers (the Python processes that run the stages) come from one of:
- `loopback`: inside the submitting process. Right for a cluster on this machine.
- `external`: a worker pool (`python -m apache_beam.runners.worker.worker_pool_main
  --service_port 50000`) beside every TaskManager, started from a venv that has yisieve
  installed; each slot gets its own worker process.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from yisieve.jobs.runner_setup_error import RunnerSetupError

FLINK_ENVIRONMENTS = ("loopback", "external")
JOB_SERVER_JAR_ENV = "YISIEVE_FLINK_JOB_SERVER_JAR"
FLINK_DIR_ENV = "YISIEVE_FLINK_DIR"
VERSIONS_FILE = Path(__file__).parent / "flink" / "versions.env"


class FlinkSetupError(RunnerSetupError):
    """The Flink runner cannot start without downloading or guessing."""


@dataclass(frozen=True)
class FlinkTarget:
    master: str = "localhost:8081"
    job_server_jar: str | None = None
    environment: str = "loopback"
    worker_pool: str | None = None  # host:port of the external worker pool


def flink_versions() -> dict[str, str]:
    """The Beam/Flink versions the job server is built for (jobs/flink/versions.env)."""
    pairs = {}
    for line in VERSIONS_FILE.read_text().splitlines():
        if "=" in line and not line.lstrip().startswith("#"):
            key, value = line.split("=", 1)
            pairs[key.strip()] = value.strip()
    return pairs


def default_job_server_jar() -> Path:
    """Where `local_cluster.sh install` puts the jar: $YISIEVE_FLINK_DIR or ./.flink."""
    versions = flink_versions()
    name = f"beam-runners-flink-{versions['FLINK_MINOR']}-job-server-{versions['BEAM_VERSION']}.jar"
    return Path(os.environ.get(FLINK_DIR_ENV, ".flink")) / name


def resolve_job_server_jar(given: str | None) -> Path:
    """The jar to use, which must exist: the option, $YISIEVE_FLINK_JOB_SERVER_JAR, the default."""
    jar = Path(given or os.environ.get(JOB_SERVER_JAR_ENV) or default_job_server_jar())
    if not jar.is_file():
        raise FlinkSetupError(
            f"Flink job-server jar not found at {jar}; build it with "
            "`jobs/flink/local_cluster.sh install` (Maven, once) or pass "
            "--flink-job-server-jar PATH. yisieve does not download it at run time."
        )
    return jar.resolve()


def flink_beam_args(target: FlinkTarget, parallelism: int) -> list[str]:
    """The Beam pipeline options that send the job to `target`, `parallelism` slots wide."""
    if target.environment not in FLINK_ENVIRONMENTS:
        raise FlinkSetupError(
            f"unknown Flink worker environment {target.environment!r}; "
            f"choose one of {', '.join(FLINK_ENVIRONMENTS)}"
        )
    args = [
        f"--flink_master={target.master}",
        f"--flink_job_server_jar={resolve_job_server_jar(target.job_server_jar)}",
        f"--parallelism={parallelism}",
    ]
    if target.environment == "loopback":
        return args + ["--environment_type=LOOPBACK"]
    if not target.worker_pool:
        raise FlinkSetupError("--flink-environment external needs --worker-pool HOST:PORT")
    return args + ["--environment_type=EXTERNAL", f"--environment_config={target.worker_pool}"]
