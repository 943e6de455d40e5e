"""Atomic file writes: a reader sees the old file or the new one, never half of one."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from .errors import OutputError


@contextlib.contextmanager
def atomic_writer(path: Path, durable: bool = True) -> Iterator[tuple[BinaryIO, Path]]:
    """Open a temporary file beside ``path``; rename it over ``path`` on success.

    Yields the open file and its temporary path (so tags can be added to it
    before it goes live). On any error the temporary file is removed and the
    old ``path`` stays as it was. ``durable`` flushes the data to the disk
    before the rename, so a crash leaves the old file or the whole new one.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror}", path=path.parent, hint="check that the folder is writable") from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "w+b") as handle:
            yield handle, tmp
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise OutputError(f"cannot write: {exc.strerror}", path=path, hint="check free disk space and permissions") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_atomic(path: Path, data: bytes, durable: bool = True) -> None:
    """Write ``data`` to ``path`` atomically."""
    with atomic_writer(path, durable) as (handle, _tmp):
        handle.write(data)
