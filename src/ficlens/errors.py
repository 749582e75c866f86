"""Every error ficlens raises, and every message, in one place.

The library raises these; it never prints or exits. The CLI turns a
``FiclensError`` into one line on stderr and exit status 2.

Each section below belongs to one part of the package; add new messages to the
section of the part that raises them, numbered within its range.
"""

from __future__ import annotations


class Errors:
    # --- general (E0xx) ---
    E001 = "no such file"
    E002 = "is a directory, not a story file"
    E003 = "cannot read the file: {reason}"
    E004 = "unknown stage {name!r}; known stages: {known}"
    E005 = "stage {name!r} needs {missing}, which no earlier stage or the reader sets"
    E006 = "stage {name!r} failed: {reason}"
    E007 = "the spaCy model {model!r} is not installed; reinstall ficlens (pip install -e .)"
    E008 = "{feature} needs an optional extra: pip install 'ficlens[{extra}]'"
    E009 = "cast file: {reason}"
    E010 = "unknown output format {name!r}"

    # --- readers (E1xx) ---
    E100 = "the file is empty"
    E101 = "the file looks binary, not text (a {kind})"
    E102 = "cannot decode the text: {reason}"
    E103 = "the file is too large ({size} bytes; the limit is {limit})"
    E104 = "malformed HTML: {reason}"
    E105 = "broken EPUB: {reason}"
    E106 = "EPUB expands to more than {limit} bytes (a zip bomb?)"
    E107 = "EPUB uses XML entities or a DOCTYPE, which ficlens refuses to expand"
    E108 = "EPUB names a path outside the archive: {path!r}"
    E109 = "the file holds no story text"
    E110 = "unknown input format {name!r}; known formats: {known}"
    E111 = "EPUB holds {count} files; the limit is {limit}"

    # --- stages (E2xx) ---

    # --- corpus (E3xx) ---
    E300 = "no such input {spec!r}: not a story file, a folder, a matching glob or an @list file"
    E301 = "cannot read the list file {path!r}: {reason}"
    E302 = "{words} words, over the --max-words limit of {limit}"
    E303 = "timed out after {seconds:g} s (--timeout)"
    E304 = "the worker process died while analysing this work ({reason})"
    E305 = (
        "{path} holds a run with other settings ({diff}); resume with the same settings "
        "or write to another folder"
    )
    E306 = "another ficlens corpus run is writing to {path}"
    E307 = "cannot reach the Dask scheduler at {address}: {reason}"
    E308 = "--workers must be at least 1, not {workers}"
    E309 = "unexpected error: {reason}"
    E310 = "{path} is not a ficlens corpus folder ({reason})"
    E311 = (
        "stopped: the first {count} works all failed with the same error: {error} "
        "(fix it, then rerun with --retry-failed)"
    )

    # --- evaluation (E4xx) ---
    E400 = "no LitBank data at {path} (expected original/, coref/, quotations/)"
    E401 = "LitBank document {doc!r} is not in {path}"
    E410 = (
        "{path}: no NAME.txt with a NAME.quotes.csv beside it "
        "(see the README: evaluation corpus format)"
    )
    E411 = "{path}:{line}: {reason}"
    E412 = "{path}: the quotes CSV needs the columns start,end,speaker (and optionally addressees)"

    # --- exporters and views (E5xx) ---


class FiclensError(Exception):
    """Base class of every error ficlens raises on purpose."""


class InputError(FiclensError):
    """A story file that cannot be read: names the file and the problem."""

    def __init__(self, path: object, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class CastError(FiclensError):
    """A cast file that cannot be used."""


class PipelineError(FiclensError):
    """A pipeline that cannot run as configured (unknown stage, unmet needs)."""


class StageError(FiclensError):
    """A stage failed; wraps the original exception with the stage's name."""

    def __init__(self, stage: str, reason: str) -> None:
        self.stage = stage
        super().__init__(Errors.E006.format(name=stage, reason=reason))


class ModelError(FiclensError):
    """A model that ficlens needs is missing or broken."""


class MissingExtraError(FiclensError):
    """An optional dependency is not installed."""

    def __init__(self, feature: str, extra: str) -> None:
        super().__init__(Errors.E008.format(feature=feature, extra=extra))


class EvaluationError(FiclensError):
    """An evaluation corpus that cannot be read or scored."""


class CorpusError(FiclensError):
    """A corpus run that cannot start or continue."""
