"""Installs the repository's top-level rooms as one `yisieve` package.

The folders stay where they are (pipeline/, filters/, scorers/, models/, train/, jobs/: the
layout shows the architecture); installed, they become yisieve.pipeline, yisieve.filters, ...
so nothing generic lands at the top of site-packages. Metadata lives in pyproject.toml.
"""

from setuptools import find_namespace_packages, setup

ROOMS = ("pipeline", "filters", "scorers", "models", "train", "jobs")

# yisieve/ itself holds the Python API that gathers the rooms.
packages = ["yisieve"] + [f"yisieve.{sub}" for sub in find_namespace_packages("yisieve")]
package_dir = {"yisieve": "yisieve"}
for room in ROOMS:
    package_dir[f"yisieve.{room}"] = room
    # Namespace discovery also lists the data folders (bundled models, word lists, sample
    # crawl), so their files ship as package data of their own folder.
    subpackages = find_namespace_packages(room, exclude=["*__pycache__*"])
    packages += [f"yisieve.{room}"] + [f"yisieve.{room}.{sub}" for sub in subpackages]

setup(packages=packages, package_dir=package_dir)
