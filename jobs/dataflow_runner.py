"""Beam options for Dataflow: what reaches the workers, and an offline dry run.

Dataflow workers start from Beam's stock Python image, which has neither yisieve nor kenlm
(kenlm has no binary wheel on PyPI, so a worker would compile it). yisieve ships both as
wheels built here (`make wheels` puts them in dist/) and staged with
`--extra_packages`; users who prefer an image pass `--sdk_container_image` (see
jobs/dataflow/Dockerfile) and nothing is staged.

`--dry-run` translates the whole job offline (Beam's `--dry_run`): every transform is checked
and serialized, nothing is submitted, staged or written.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from yisieve.jobs.runner_setup_error import RunnerSetupError

DEFAULT_WHEEL_DIR = "dist"
# Placeholders that let a dry run translate without an account; never submitted anywhere.
DRY_RUN_PLACEHOLDERS = {
    "project": "yisieve-dry-run",
    "region": "us-central1",
    "temp_location": "gs://yisieve-dry-run/tmp",
}


class DataflowSetupError(RunnerSetupError):
    """The job cannot be sent to Dataflow as asked (missing wheels or settings)."""


@dataclass(frozen=True)
class DataflowTarget:
    project: str | None = None
    region: str | None = None
    temp_location: str | None = None
    wheel_dir: str = DEFAULT_WHEEL_DIR
    dry_run: bool = False


def worker_wheels(wheel_dir: str) -> list[Path]:
    """The yisieve and kenlm wheels to stage; both must be there."""
    folder = Path(wheel_dir)
    wheels = sorted(folder.glob("*.whl"))
    for package in ("yisieve", "kenlm"):
        if not any(wheel.name.startswith(f"{package}-") for wheel in wheels):
            raise DataflowSetupError(
                f"no {package} wheel in {folder}/ for the Dataflow workers; build both with "
                "`make wheels`, pass --worker-wheels DIR, or give a worker image "
                "with `-- --sdk_container_image=IMAGE`"
            )
    return wheels


def dataflow_beam_args(target: DataflowTarget, passthrough: list[str]) -> list[str]:
    """Options for DataflowRunner: settings, staged wheels (unless an image is given)."""
    settings = {
        "project": target.project,
        "region": target.region,
        "temp_location": target.temp_location,
    }
    if target.dry_run:
        settings = {key: value or DRY_RUN_PLACEHOLDERS[key] for key, value in settings.items()}
    args = [f"--{key}={value}" for key, value in settings.items() if value]
    missing = [key for key, value in settings.items() if not value and not _given(key, passthrough)]
    if missing:
        flags = ", ".join("--" + key.replace("_", "-") for key in missing)
        raise DataflowSetupError(f"--runner dataflow needs {flags}")
    if not _given("sdk_container_image", passthrough):
        args += [f"--extra_packages={wheel}" for wheel in worker_wheels(target.wheel_dir)]
    if target.dry_run:
        args.append("--dry_run=True")
    return args


def _given(option: str, passthrough: list[str]) -> bool:
    return any(arg.split("=", 1)[0] == f"--{option}" for arg in passthrough)
