"""A real "disk full" for tests: a file-size limit makes every write past a few bytes fail with EFBIG, or a
small filesystem of its own (tmpfs) really runs out of space (ENOSPC); and a real read-only filesystem
(root is refused there too, unlike in a folder without write permission)."""

from __future__ import annotations

import contextlib
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest


@contextlib.contextmanager
def disk_full(limit_bytes: int = 64) -> Iterator[None]:
    try:
        import resource
    except ImportError:  # Windows: no file-size limits
        pytest.skip("needs POSIX resource limits to simulate a full disk")
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    # Without ignoring SIGXFSZ the kernel would kill the test process instead of failing the write.
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit_bytes, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, previous)


@contextlib.contextmanager
def small_filesystem(mount_point: Path, size_kib: int = 256) -> Iterator[Path]:
    """A real, separate, tiny filesystem (tmpfs of ``size_kib``) mounted at ``mount_point``: writes past its
    size fail with ENOSPC exactly like a full USB stick. Needs root (or a user namespace); skips otherwise."""
    if sys.platform != "linux" or shutil.which("mount") is None:
        pytest.skip("needs Linux mount to make a small filesystem")
    mount_point.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size_kib}k,mode=0777", "tmpfs", str(mount_point)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {mounted.stderr.strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], capture_output=True)


def fill_up(folder: Path, leave_bytes: int = 0) -> Path:
    """Fill the filesystem holding ``folder`` until at most ``leave_bytes`` are free; returns the filler
    file."""
    filler = folder / "filler.bin"
    with open(filler, "wb") as handle, contextlib.suppress(OSError):
        while True:
            free = shutil.disk_usage(folder).free
            if free <= leave_bytes:
                break
            handle.write(b"\0" * min(free - leave_bytes, 4096))
            handle.flush()
    return filler


@contextlib.contextmanager
def read_only_filesystem(mount_point: Path, size_kib: int = 65536) -> Iterator[Path]:
    """A tmpfs at ``mount_point``: the caller fills it inside the block, and :func:`make_read_only` then
    remounts it read-only (EROFS for everyone, root included). Skips where mounting is not allowed."""
    with small_filesystem(mount_point, size_kib) as folder:
        yield folder


def make_read_only(mount_point: Path) -> None:
    done = subprocess.run(["mount", "-o", "remount,ro", str(mount_point)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot remount read-only here: {done.stderr.strip()}")
