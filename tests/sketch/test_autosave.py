"""Autosave slots: a clean exit leaves nothing, a dead session's snapshot is found, a live one is not."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from s2c_desktop.sketch.autosave import AutosaveStore, autosave_root
from s2c_desktop.sketch.case import Case
from tests.engine.bad_images import png_header_only


def _case(number: str) -> Case:
    pixels = np.full((500, 400), 255, np.uint8)
    pixels[10:20, 10:20] = 0
    return Case(case_number=number, artist="A", sketch=Image.fromarray(pixels, "L"))


def test_autosave_lives_in_the_user_data_folder(s2c_home: Path) -> None:
    assert autosave_root() == s2c_home / "data" / "autosave"


def test_clean_exit_leaves_nothing_to_restore() -> None:
    store = AutosaveStore()
    store.begin()
    store.save(_case("1"))
    assert store.has_snapshot()
    store.end_clean()
    assert AutosaveStore().find_recoverable() == []
    assert list(autosave_root().iterdir()) == []


def test_a_running_session_is_not_offered_but_an_abandoned_one_is() -> None:
    running = AutosaveStore()
    running.begin()
    running.save(_case("running"))
    # Same process, different open file: flock still refuses, exactly as for another live instance.
    assert AutosaveStore().find_recoverable() == []
    running._release()  # what the OS does when the process dies
    found = AutosaveStore().find_recoverable()
    assert [item.case.case_number for item in found] == ["running"]
    assert np.asarray(found[0].case.sketch)[15, 15] == 0
    found[0].discard()
    assert AutosaveStore().find_recoverable() == []


def test_snapshot_survives_sigkill_of_its_process(s2c_home: Path) -> None:
    script = textwrap.dedent(
        """
        import sys, time
        import numpy as np
        from PIL import Image
        from s2c_desktop.sketch.autosave import AutosaveStore
        from s2c_desktop.sketch.case import Case
        store = AutosaveStore(); store.begin()
        store.save(Case(case_number="killed", sketch=Image.fromarray(np.zeros((500, 400), np.uint8), "L")),
                   origin_folder="/cases/x")
        print("saved", flush=True)
        time.sleep(60)
        """
    )
    env = {**os.environ, "S2C_HOME": str(s2c_home)}
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "saved"
        assert AutosaveStore().find_recoverable() == []  # still alive: not offered
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    found = AutosaveStore().find_recoverable()
    assert len(found) == 1
    assert found[0].case.case_number == "killed" and found[0].origin_folder == "/cases/x"


def test_unreadable_snapshot_is_kept_not_offered_and_empty_slots_are_swept() -> None:
    store = AutosaveStore()
    store.begin()
    store.save(_case("x"))
    (store.slot / "snapshot" / "case.json").write_text("{", encoding="utf-8")
    store._release()
    empty = AutosaveStore()
    empty.begin()
    empty._release()
    finder = AutosaveStore()
    assert finder.find_recoverable() == []
    assert not empty.slot.exists()
    assert [item.path.name for item in finder.moved_aside] == [store.slot.name]  # kept, beside the slots


def _files_as_a_list(snapshot: Path) -> None:
    document = json.loads((snapshot / "case.json").read_text(encoding="utf-8"))
    document["files"] = ["sketch.png"]
    (snapshot / "case.json").write_text(json.dumps(document), encoding="utf-8")


def _bomb_sketch(snapshot: Path) -> None:
    (snapshot / "sketch.png").write_bytes(png_header_only(30_000, 30_000))


def _files_as_a_string(snapshot: Path) -> None:
    document = json.loads((snapshot / "case.json").read_text(encoding="utf-8"))
    document["files"] = "sketch.png"
    (snapshot / "case.json").write_text(json.dumps(document), encoding="utf-8")


@pytest.mark.parametrize("damage", [_files_as_a_list, _files_as_a_string, _bomb_sketch])
def test_a_broken_snapshot_is_moved_aside_kept_and_reported_once(damage) -> None:
    crashed = AutosaveStore()
    crashed.begin()
    crashed.save(_case("lost"))
    crashed.save(_case("lost"))  # a second save, as a long session makes: same files
    damage(crashed.slot / "snapshot")
    crashed._release()  # the session died
    finder = AutosaveStore()
    assert finder.find_recoverable() == []  # no exception: the app starts
    assert len(finder.moved_aside) == 1
    moved = finder.moved_aside[0]
    assert (moved.path / "snapshot" / "case.json").is_file(), "the broken snapshot is kept for inspection"
    assert moved.reason and "\n" not in moved.reason
    assert not crashed.slot.exists()
    later = AutosaveStore()
    assert later.find_recoverable() == [] and later.moved_aside == []  # told once, not at every start
