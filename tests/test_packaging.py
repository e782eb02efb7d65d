"""What leaves the repository: the wheel, the Dataflow staging and the offline dry run.

Needs the wheels that `make wheels` builds into dist/ (`make test-packaging` builds them first).
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from apache_beam.options.pipeline_options import PipelineOptions
from apache_beam.portability.api import beam_runner_api_pb2
from apache_beam.runners.portability.stager import Stager

from tests.clean_runs import read_rows
from tests.conftest import ROOT, SAMPLE_CRAWL
from yisieve.jobs.clean_job import run_clean
from yisieve.jobs.cli import main
from yisieve.jobs.dataflow_runner import DataflowTarget, dataflow_beam_args
from yisieve.jobs.runners import RunnerChoice
from yisieve.pipeline.config import load_config

pytestmark = pytest.mark.packaging

DIST = ROOT / "dist"


def yisieve_wheel() -> Path:
    wheels = sorted(DIST.glob("yisieve-*.whl"))
    assert wheels, "no yisieve wheel in dist/: run make wheels"
    return wheels[-1]


def test_the_wheel_installs_one_namespace_with_every_bundled_file():
    names = zipfile.ZipFile(yisieve_wheel()).namelist()
    tops = {name.split("/", 1)[0] for name in names if not name.startswith("yisieve-")}
    assert tops == {"yisieve"}
    for needed in (
        "yisieve/__init__.py",
        "yisieve/api/ready_stage.py",
        "yisieve/jobs/configs/default.yaml",
        "yisieve/jobs/flink/versions.env",
        "yisieve/jobs/sample_crawl/data/wiki-en-zh.parquet",
        "yisieve/scorers/models/quality/en/quality.ftz",
        "yisieve/filters/resources/url_blocklist.txt",
    ):
        assert needed in names, needed


def test_dataflow_stages_the_yisieve_and_kenlm_wheels(tmp_path):
    target = DataflowTarget(dry_run=True, wheel_dir=str(DIST))
    options = PipelineOptions(dataflow_beam_args(target, []))
    staged = {}
    for artifact in Stager.create_job_resources(options, str(tmp_path)):
        role = beam_runner_api_pb2.ArtifactStagingToRolePayload.FromString(artifact.role_payload)
        source = beam_runner_api_pb2.ArtifactFilePayload.FromString(artifact.type_payload)
        staged[role.staged_name] = Path(source.path)
    wheels = {name for name in staged if name.endswith(".whl")}
    assert {name.split("-", 1)[0] for name in wheels} == {"yisieve", "kenlm"}, staged
    assert yisieve_wheel().name in wheels
    listed = staged["extra_packages.txt"].read_text().split()
    assert sorted(listed) == sorted(wheels)  # what the workers pip install


def test_an_image_replaces_staged_wheels():
    args = dataflow_beam_args(
        DataflowTarget(dry_run=True, wheel_dir="/nonexistent"), ["--sdk_container_image=img"]
    )
    assert not any(arg.startswith("--extra_packages") for arg in args)


def test_dry_run_translates_every_stage_and_writes_nothing(tmp_path, capsys):
    out = tmp_path / "out"
    config = load_config()
    runner = RunnerChoice("dataflow", dataflow=DataflowTarget(dry_run=True, wheel_dir=str(DIST)))
    report = run_clean([str(SAMPLE_CRAWL)], str(out), config, runner)
    translated = set(report["transforms"])
    for name, _ in config.enabled_stages():
        assert f"Stage[{name}]" in translated, name
    for kind in ("kept", "rejected", "errors"):
        assert f"Write[{kind}]" in translated
    assert not out.exists()
    code = main(
        [
            "clean",
            "-i",
            str(SAMPLE_CRAWL),
            "-o",
            str(out),
            "--runner",
            "dataflow",
            "--dry-run",
            "--worker-wheels",
            str(DIST),
        ]
    )
    assert code == 0 and "dry run" in capsys.readouterr().out
    assert not out.exists()


def test_dataflow_without_wheels_or_settings_is_a_usage_error(tmp_path, capsys):
    args = ["clean", "-i", str(SAMPLE_CRAWL), "-o", str(tmp_path / "o"), "--runner", "dataflow"]
    assert main(args + ["--dry-run", "--worker-wheels", str(tmp_path)]) == 2
    assert "make wheels" in capsys.readouterr().err
    assert main(args) == 2
    assert "--project" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_the_wheel_alone_cleans_the_sample_like_the_checkout(tmp_path):
    """A fresh venv, the built wheels, no checkout on the path: same kept ids."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    wheels = [str(path) for path in sorted(DIST.glob("*.whl"))]
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", *wheels], check=True, timeout=1800
    )
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    where = subprocess.run(
        [
            str(python),
            "-c",
            "import yisieve.jobs, pathlib; "
            "print(pathlib.Path(yisieve.jobs.__file__).parent / 'sample_crawl' / 'data')",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert str(ROOT) not in where and "site-packages" in where
    installed_out = tmp_path / "installed"
    subprocess.run(
        [str(venv / "bin" / "yisieve"), "clean", "-i", where, "-o", str(installed_out)],
        cwd=tmp_path,
        env=env,
        check=True,
        capture_output=True,
        timeout=1200,
    )
    checkout_out = tmp_path / "checkout"
    run_clean([str(SAMPLE_CRAWL)], str(checkout_out), load_config(), RunnerChoice("direct"))
    assert {r["id"] for r in read_rows(installed_out, "kept")} == {
        r["id"] for r in read_rows(checkout_out, "kept")
    }
    assert pq.read_table(next((installed_out / "kept").glob("*.parquet"))).num_rows > 0
