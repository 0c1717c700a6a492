"""Error types shared by every layer.

All user-facing input problems raise :class:`RapheInputError` (or a subclass):
a one-line message naming the field, the value and what was expected. The
command line turns these into exit code 2 with no traceback.
"""

from __future__ import annotations

import difflib


class RapheError(Exception):
    """Base class of every error raised on purpose by raphe."""


class RapheInputError(RapheError, ValueError):
    """Bad user input: a config key, a parameter, a command-line value.

    Parameters
    ----------
    field : str
        Dotted name of the offending field (``"pharmacology.dose"``).
    value : object
        The value that was given.
    expected : str
        What was expected, in words (``"a dose in mg/kg, e.g. '10 mg/kg'"``).
    """

    def __init__(self, field: str, value, expected: str):
        self.field = field
        self.value = value
        self.expected = expected
        super().__init__(f"{field}: got {value!r}; expected {expected}")

    def __reduce__(self):
        # rebuilt from its fields, so it crosses process boundaries (spawned workers)
        return type(self), (self.field, self.value, self.expected)


class UnknownNameError(RapheInputError, KeyError):
    """A name that is not in a registry; the message lists the valid names."""

    def __init__(self, field: str, value, valid):
        self.valid = sorted(valid)
        close = difflib.get_close_matches(str(value), [str(v) for v in self.valid], n=1, cutoff=0.6)
        super().__init__(field, value, "one of: " + ", ".join(self.valid)
                         + (f" (did you mean {close[0]!r}?)" if close else ""))

    def __reduce__(self):
        return type(self), (self.field, self.value, self.valid)

    def __str__(self):  # KeyError would otherwise quote the message
        return self.args[0]


class SimulationError(RapheError, RuntimeError):
    """A numerical failure inside a simulation (reported with time and state)."""


class ResultsFileError(RapheError):
    """A results file that is missing, foreign, truncated or of another schema."""


class WriteError(RapheError, OSError):
    """A file that could not be written (a full disk, lost permissions): one line naming the path.

    Parameters
    ----------
    path : path
        The file being written.
    err : OSError
        The cause.
    hint : str, optional
        What was kept and what to do next.
    """

    def __init__(self, path, err: BaseException, hint: str = ""):
        self.path, self.hint = str(path), hint
        self.reason = os_reason(err)
        super().__init__(f"could not write {path}: {self.reason}" + (f"; {hint}" if hint else ""))

    def __reduce__(self):
        return type(self), (self.path, OSError(self.reason), self.hint)

    def __str__(self):
        return self.args[0]


def os_reason(err: BaseException) -> str:
    """``"no space left on device"`` for a full disk (however the library reported it), else the
    error's own words, on one line."""
    import errno

    if getattr(err, "reason", None):  # a WriteError: its reason already
        return err.reason
    text = str(err)
    if getattr(err, "errno", None) == errno.ENOSPC or "no space left" in text.lower() or "errno = 28" in text:
        return "no space left on device"
    if isinstance(err, OSError) and err.strerror:
        return err.strerror.lower() if err.strerror[:1].isupper() and err.strerror[1:2].islower() \
            else err.strerror
    return (text.splitlines() or [type(err).__name__])[0][:300]


class CompileError(RapheError, RuntimeError):
    """The C++ compile of a circuit failed; the message names the project and the cause."""
