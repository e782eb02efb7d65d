"""Logging for the CLI and its local workers: our warnings, without Beam's start-up chatter."""

from __future__ import annotations

import logging
import warnings

# Messages Beam logs on every local run that say nothing about the user's job.
CHATTER = (
    "apitools not found",
    "semi_persistent_directory",
    "direct_running_mode should be",
)


class DropChatter(logging.Filter):
    """Keeps records at or above `minimum` that are not known chatter."""

    def __init__(self, minimum: int = logging.NOTSET) -> None:
        super().__init__()
        self.minimum = minimum

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < self.minimum:
            return False
        message = record.getMessage()
        return not any(text in message for text in CHATTER)


def configure_logging(level: str | int = "WARNING", minimum: int = logging.NOTSET) -> None:
    """basicConfig plus the chatter filter on every root handler (filters on handlers also see
    records propagated from child loggers, unlike filters on the root logger)."""
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    # Google's client libraries (installed with yisieve[dataflow]) warn on import about their
    # own future Python and grpcio support, whatever the job.
    warnings.filterwarnings("ignore", category=FutureWarning, module=r"google\.")
    for handler in logging.getLogger().handlers:
        handler.addFilter(DropChatter(minimum))
