"""Crash-safe autosave in ``paths.user_data_dir()/autosave``.

Each running app owns one *slot*: ``autosave/<session id>/`` with

- ``session.lock``: an OS file lock held for the whole session (``fcntl.flock`` / ``msvcrt.locking``). The
  operating system drops it when the process dies in any way (crash, kill, power loss), so a slot whose lock
  can be taken by someone else belongs to a dead session; no pid guessing, several instances can run at once.
- ``snapshot/``: the latest autosave, a normal case folder (see :mod:`s2c_desktop.sketch.case`).
- ``origin.json``: which case folder the work came from, if any.

A clean exit deletes the slot. So at start-up any slot that is unlocked and holds a snapshot is work that
was not saved when its session ended abnormally: the app offers to restore it.

A snapshot that cannot be read (damaged, or a hostile image) must not stop the app from starting: its slot is
moved aside to ``autosave-broken/`` beside ``autosave/`` (kept for inspection, never offered again) and listed
in :attr:`AutosaveStore.moved_aside`, so the app tells the user once.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from s2c_desktop.atomic import atomic_write_text
from s2c_desktop.paths import user_data_dir
from s2c_desktop.printable import printable
from s2c_desktop.sketch.case import Case, CaseError, load_case, save_case

log = logging.getLogger(__name__)

LOCK_FILE = "session.lock"
BROKEN_DIR_SUFFIX = "-broken"
SNAPSHOT_DIR = "snapshot"
ORIGIN_FILE = "origin.json"


def autosave_root() -> Path:
    root = user_data_dir() / "autosave"
    root.mkdir(parents=True, exist_ok=True)
    return root


def _try_lock(handle: IO[bytes]) -> bool:
    try:
        if sys.platform == "win32":
            import msvcrt

            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _unlock(handle: IO[bytes]) -> None:
    with contextlib.suppress(OSError):
        if sys.platform == "win32":
            import msvcrt

            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


@dataclass
class Recoverable:
    """Unsaved work left by a session that did not end cleanly."""

    slot: Path
    case: Case
    origin_folder: str | None
    saved_at: float  # mtime of the snapshot's case.json

    def discard(self) -> None:
        shutil.rmtree(self.slot, ignore_errors=True)


@dataclass
class MovedAside:
    """A dead session's snapshot that could not be read, moved out of the way and kept."""

    path: Path
    reason: str


class AutosaveStore:
    """The current session's slot plus discovery of the slots that dead sessions left behind."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = root or autosave_root()
        self.slot = self.root / uuid.uuid4().hex
        self._lock_handle: IO[bytes] | None = None
        self.saves = 0
        self.moved_aside: list[MovedAside] = []  # filled by find_recoverable, for the app to tell the user

    # -- session life cycle -------------------------------------------------------------------------
    def begin(self) -> None:
        """Create and lock this session's slot. Call once at start-up, after :meth:`find_recoverable`."""
        self.slot.mkdir(parents=True, exist_ok=True)
        handle = open(self.slot / LOCK_FILE, "a+b")  # noqa: SIM115 - held open for the whole session
        if not _try_lock(handle):
            handle.close()
            raise OSError(f"cannot lock the autosave slot {self.slot}")
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n".encode())
        handle.flush()
        self._lock_handle = handle

    def end_clean(self) -> None:
        """A clean exit: nothing to restore next time."""
        self._release()
        shutil.rmtree(self.slot, ignore_errors=True)

    def _release(self) -> None:
        if self._lock_handle is not None:
            _unlock(self._lock_handle)
            self._lock_handle.close()
            self._lock_handle = None

    # -- saving --------------------------------------------------------------------------------------
    def save(self, case: Case, origin_folder: str | Path | None = None) -> None:
        """Write the snapshot (atomically, file by file). Raises :class:`CaseError` on a full disk etc."""
        save_case(self.slot / SNAPSHOT_DIR, case)
        try:
            atomic_write_text(
                self.slot / ORIGIN_FILE,
                json.dumps({"origin_folder": str(origin_folder) if origin_folder else None}),
            )
        except OSError as exc:
            raise CaseError(f"cannot write the autosave: {exc.strerror or exc}") from exc
        self.saves += 1

    def has_snapshot(self) -> bool:
        return (self.slot / SNAPSHOT_DIR / "case.json").is_file()

    def clear_snapshot(self) -> None:
        """The work was saved or discarded by the user: the snapshot is no longer needed."""
        shutil.rmtree(self.slot / SNAPSHOT_DIR, ignore_errors=True)
        with contextlib.suppress(OSError):
            (self.slot / ORIGIN_FILE).unlink()

    # -- recovery ------------------------------------------------------------------------------------
    def find_recoverable(self) -> list[Recoverable]:
        """Snapshots of sessions that ended without a clean exit, newest first.

        A slot is only reported if its lock can be taken, i.e. its session is really gone; slots of other
        running instances are left alone. Empty dead slots are removed.
        """
        found: list[Recoverable] = []
        if not self.root.is_dir():
            return found
        for slot in self.root.iterdir():
            if not slot.is_dir() or slot == self.slot:
                continue
            lock_path = slot / LOCK_FILE
            try:
                handle = open(lock_path, "a+b")  # noqa: SIM115 - closed below
            except OSError:
                continue
            try:
                if not _try_lock(handle):
                    continue  # another instance is running and owns this slot
                _unlock(handle)
            finally:
                handle.close()
            snapshot = slot / SNAPSHOT_DIR
            if not (snapshot / "case.json").is_file():
                shutil.rmtree(slot, ignore_errors=True)
                continue
            try:
                case = load_case(snapshot)
            except Exception as exc:  # noqa: BLE001 - whatever is wrong with it, the app must start
                if not isinstance(exc, CaseError):
                    log.error("autosave %s cannot be read", slot, exc_info=exc)
                self._move_aside(slot, exc)
                continue
            origin = None
            with contextlib.suppress(OSError, ValueError, AttributeError):
                origin = json.loads((slot / ORIGIN_FILE).read_text(encoding="utf-8")).get("origin_folder")
            found.append(
                Recoverable(
                    slot,
                    case,
                    origin if isinstance(origin, str) else None,
                    (snapshot / "case.json").stat().st_mtime,
                )
            )
        found.sort(key=lambda item: item.saved_at, reverse=True)
        return found

    def _move_aside(self, slot: Path, exc: BaseException) -> None:
        reason = printable(str(exc) or type(exc).__name__)
        broken_root = self.root.parent / f"{self.root.name}{BROKEN_DIR_SUFFIX}"
        try:
            broken_root.mkdir(parents=True, exist_ok=True)
            target = broken_root / slot.name
            os.replace(slot, target)
        except OSError as move_error:
            # Cannot move it (read-only folder?): leave it, still not offered; the user is told each start.
            log.warning("autosave %s cannot be read (%s) nor moved aside: %s", slot, reason, move_error)
            target = slot
        else:
            log.warning("autosave %s cannot be read (%s); moved to %s", slot, reason, target)
        self.moved_aside.append(MovedAside(target, reason))
