"""Writing files so that readers see either the old version or the whole new one.

``write_atomically`` replaces one file; ``write_files`` a set of them (a round's four result
files), so that a failure while writing (a full disk) leaves the old set whole rather than
one new file beside three old ones. ``output_folder`` checks a ``--out`` folder before any
work is done, so that a bad one is an input error and not a traceback after the solve.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path

from eligibility.errors import InputError, Problem


def _process_umask() -> int:
    # Python 3.11 has no os.getumask: set and restore it once, at import.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _process_umask()


def write_atomically(path: Path, data: str | bytes) -> Path:
    """Write ``data`` (text as UTF-8, newlines as given) to a temporary file beside ``path``,
    then rename it over ``path``; on any failure the temporary file is removed and ``path`` is
    left as it was.

    The file gets the permissions ``open`` would give it (those of the file it replaces, else
    0o666 less the umask), not the owner-only mode of a temporary file."""
    return write_files(path.parent, {path.name: data})[0]


def write_files(
    folder: Path, files: Mapping[str, str | bytes], *, remove: Iterable[Path] = ()
) -> list[Path]:
    """Write every file of ``files`` (name: content) into ``folder``, all or none.

    Each is first written to a temporary file beside its target; only once all are written
    are the ``remove`` paths deleted (files of an earlier run that the new set makes stale)
    and the temporaries renamed over their targets, renames within one folder that do not
    fail for want of space. On a failure before that, the temporaries are removed and every
    old file is left as it was."""
    staged: list[tuple[str, Path]] = []
    try:
        for name, data in files.items():
            staged.append((_stage(folder / name, data), folder / name))
        for path in remove:
            path.unlink(missing_ok=True)
        for temporary, path in staged:
            os.replace(temporary, path)
    except BaseException:
        for temporary, _ in staged:
            Path(temporary).unlink(missing_ok=True)
        raise
    return [path for _, path in staged]


def _stage(path: Path, data: str | bytes) -> str:
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = 0o666 & ~_UMASK
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(handle, mode)
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return temporary


def output_folder(path: Path, *, option: str = "--out") -> Path:
    """``path`` if result files can be written in it, now or once created (nothing is
    created here: bad input found later must leave no empty folder behind); an input error
    naming the option when it is a file, lies under a file, or cannot be written in."""

    def refuse(problem: str) -> InputError:
        return InputError([Problem("command line", problem, field=option)])

    if path.exists() and not path.is_dir():
        raise refuse(f"expected a folder for the result files, got the file {path}")
    existing = path
    while not existing.exists():
        existing = existing.parent
    if not existing.is_dir():
        raise refuse(f"cannot create the folder {path}: {existing} is a file")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise refuse(f"cannot write in the folder {existing}: permission denied")
    return path
