"""Entry point of the worker processes of `--runner multiprocess`.

Beam's worker main logs its start-up chatter at INFO to stderr before it knows any option, so
every local run would print pages of it. This wrapper keeps warnings and errors (and everything
the runner collects through the logging service) and drops the chatter. Logging is configured
before Beam is imported, because Beam logs while importing. The heap thresholds are pinned
first, so buffers of finished bundles do not stay resident (jobs/heap_tuning.py).
"""

from __future__ import annotations

import logging
import sys

from yisieve.jobs.heap_tuning import pin_heap_thresholds
from yisieve.jobs.log_setup import configure_logging
from yisieve.jobs.offline import enforce_offline


def main() -> None:
    pin_heap_thresholds()
    enforce_offline()
    configure_logging(minimum=logging.WARNING)
    from apache_beam.runners.worker import sdk_worker_main

    sdk_worker_main.main(sys.argv)


if __name__ == "__main__":
    main()
