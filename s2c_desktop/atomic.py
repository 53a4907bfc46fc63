"""Write files so that a crash, a full disk or an error never leaves a half-written file behind.

Temporaries are named ``.s2c-partial-<pid>-<random>.tmp`` in the target's folder: short (so a 255-byte output
name still has room), hidden and without the output's suffix (so nobody, not even ``s2c colorize FOLDER``,
takes one for a photo), and created with mode 0666 less the umask, like any other program's files (cases are
shared between colleagues). A process killed mid-write leaves its temporary behind; the next write into that
folder removes the temporaries of processes that are gone (see :func:`remove_stale_temporaries`).
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from s2c_desktop.errors import InputError

TEMP_PREFIX = ".s2c-partial-"
TEMP_SUFFIX = ".tmp"
# A temporary this old is stale whoever wrote it (another machine on a shared folder, a reused pid).
STALE_AFTER_SECONDS = 24 * 3600
_swept: set[str] = set()
MAX_NAME_BYTES = 255  # NAME_MAX of ext4, NTFS, APFS, exFAT
MAX_PATH_BYTES = 4095  # Linux's PATH_MAX (4096) less the final NUL


def check_output_path(path: str | os.PathLike[str]) -> None:
    """One clear line for an output path the file system cannot hold (a name over 255 bytes, a path over
    4095), before anything looks at it: the system's own error escapes as an OSError from wherever the
    path is first touched, and quotes the whole path. The line shows the path's ends only."""
    path = Path(path)
    for part in path.parts:
        size = len(os.fsencode(part))
        if size > MAX_NAME_BYTES and part not in (os.sep, path.anchor):
            raise InputError(
                f"output name too long: {part[:40]}… is {size} bytes; file names may have at most "
                f"{MAX_NAME_BYTES}"
            )
    size = len(os.fsencode(os.path.abspath(path)))
    if size > MAX_PATH_BYTES:
        text = str(path)
        raise InputError(
            f"output path too long: {text[:40]}…{text[-40:]} is {size} bytes; paths may have at most "
            f"{MAX_PATH_BYTES}"
        )


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike[str], suffix: str | None = None) -> Iterator[Path]:
    """Yield a temporary path next to ``target``; on success it replaces ``target`` in one rename.

    The temporary file lives in the same folder so that ``os.replace`` is atomic (same filesystem). On any
    exception the temporary file is removed and ``target`` is untouched. ``suffix`` is accepted for old
    callers and ignored: writers name their format explicitly, and a temporary never ends like an output."""
    del suffix
    target = Path(target)
    folder = target.parent if str(target.parent) else Path(".")
    sweep_once(folder)
    tmp = create_temporary(folder)
    try:
        yield tmp
        _fsync_file(tmp)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise
    _fsync_folder(folder)


def atomic_write_bytes(target: str | os.PathLike[str], data: bytes) -> None:
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)


def atomic_write_text(target: str | os.PathLike[str], text: str, encoding: str = "utf-8") -> None:
    atomic_write_bytes(target, text.encode(encoding))


def is_temporary(name: str) -> bool:
    return name.startswith(TEMP_PREFIX) and name.endswith(TEMP_SUFFIX)


def sweep_once(folder: Path) -> None:
    """:func:`remove_stale_temporaries` the first time this process writes into ``folder``."""
    key = os.path.abspath(folder)
    if key not in _swept:
        _swept.add(key)
        remove_stale_temporaries(folder)


def remove_stale_temporaries(folder: str | os.PathLike[str]) -> list[Path]:
    """Remove the temporaries in ``folder`` left by processes that no longer run (or older than a day)."""
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        if not is_temporary(entry.name) or not entry.is_file(follow_symlinks=False):
            continue
        try:
            old = now - entry.stat(follow_symlinks=False).st_mtime > STALE_AFTER_SECONDS
            if old or not _writer_alive(entry.name):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            continue  # in use (Windows) or removed by someone else meanwhile
    return removed


def _writer_alive(name: str) -> bool:
    pid_text = name[len(TEMP_PREFIX) :].split("-", 1)[0]
    if not pid_text.isdigit():
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return True
    if sys.platform == "win32":
        return True  # no safe liveness probe (os.kill would terminate it): the age rule applies
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by someone else
    return True


def create_temporary(folder: Path) -> Path:
    """A new empty temporary file in ``folder``, named and created as described above."""
    # os.open with 0o666 lets the kernel apply the umask, as for any file a program creates (mkstemp forces
    # 0600).
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0)
    for _ in range(100):
        tmp = folder / f"{TEMP_PREFIX}{os.getpid()}-{secrets.token_hex(4)}{TEMP_SUFFIX}"
        try:
            os.close(os.open(tmp, flags, 0o666))
        except FileExistsError:
            continue
        return tmp
    raise OSError(errno.EEXIST, "no free temporary file name", str(folder))


def _fsync_file(path: Path) -> None:
    # Without fsync a power cut right after the rename can leave an empty file under the final name.
    with contextlib.suppress(OSError), open(path, "rb") as handle:
        os.fsync(handle.fileno())


def _fsync_folder(folder: Path) -> None:
    # The rename itself is only durable once the folder's entry is on disk (POSIX; Windows has no folder
    # fsync).
    if sys.platform == "win32":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
