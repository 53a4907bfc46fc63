"""A real "disk full" for tests: a file-size limit makes every write past a few bytes fail with EFBIG."""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator

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
