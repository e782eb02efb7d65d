"""The error for a runner that cannot start as asked: reported before any data moves."""


class RunnerSetupError(RuntimeError):
    """A missing jar, wheel or setting for the chosen runner; the CLI exits 2 with the message."""
