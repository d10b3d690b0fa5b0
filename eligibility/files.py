"""Writing a file so that readers see either its old version or the whole new one."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path


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
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path
