"""``s2c stats`` end to end, in-process, on real SQLite files and a real local HTTP server."""

from __future__ import annotations

import csv
import io
import json
import shutil

import pytest

from s2c_desktop.cli.main import main
from s2c_desktop.stats import db
from tests.stats.conftest import built_db_template  # noqa: F401 (shared session fixture)
from tests.stats.fixtures import ROWS, datacrim_bytes, db_snapshot, local_server


@pytest.fixture
def crime_db(built_db_template, tmp_path):  # noqa: F811
    path = tmp_path / "crime.sqlite3"
    shutil.copyfile(built_db_template, path)
    yield path
    db.close_database()


def run(capsys, *argv):
    code = main(["stats", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_import_builds_from_the_datasets_with_a_report(capsys, tmp_path):
    path = tmp_path / "new.sqlite3"
    code, out, err = run(capsys, "import", "--db", str(path))
    assert code == 0, err
    assert "grupo_data_criminal.xlsx [DATA_CRIMINAL]: read 476, loaded 476, duplicates 0, rejected 0" in out
    assert "denuncias_cajamarca.csv [SIDPOL]: read 17471, loaded 17471" in out
    assert "repaired" in out and "district matched by alias" in out
    code, out, _ = run(capsys, "import", "--db", str(path), "--json")
    reports = json.loads(out)
    assert code == 0 and all(r["already_imported"] for r in reports)


def test_query_formats(capsys, crime_db):
    code, out, _ = run(capsys, "query", "1", "--format", "json", "--db", str(crime_db))
    rows = json.loads(out)
    assert code == 0 and rows[0]["robbery_type"] == "Asalto" and rows[0]["incidents"] == 235
    code, out, _ = run(capsys, "query", "2", "--format", "csv", "--db", str(crime_db))
    table = list(csv.reader(io.StringIO(out)))
    assert table[0] == ["district", "province", "robberies"] and table[1] == ["LIMA", "LIMA", "43"]
    code, out, _ = run(capsys, "query", "5", "--year", "2024", "--db", str(crime_db))
    assert code == 0 and "Query 5" in out and "CAJAMARCA" in out


def test_query_filters_and_bad_values(capsys, crime_db):
    code, _, err = run(capsys, "query", "5", "--department", "Atlantis", "--db", str(crime_db))
    assert code == 1 and err.startswith("error: unknown department")
    code, _, err = run(capsys, "query", "11", "--db", str(crime_db))
    assert code == 2 and err.startswith("error:")


def test_default_database_is_built_on_first_use(capsys, s2c_home):
    code, out, err = run(capsys, "query", "9", "--format", "json")
    assert code == 0, err
    assert (s2c_home / "data" / "crime.sqlite3").exists()
    assert "built the crime database" in err
    assert json.loads(out)[0] == {"weapon": "Pistola", "robberies": 330}


def test_chart_png_and_svg(capsys, crime_db, tmp_path):
    code, out, _ = run(capsys, "chart", "3", "-o", str(tmp_path / "c3.png"), "--district", "Comas", "--db", str(crime_db))
    assert code == 0 and (tmp_path / "c3.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    code, _, _ = run(capsys, "chart", "9", "-o", str(tmp_path / "c9.svg"), "--level", "modality", "--db", str(crime_db))
    assert code == 0 and b"<svg" in (tmp_path / "c9.svg").read_bytes()


def test_chart_bad_output_is_an_error_and_writes_nothing(capsys, crime_db, tmp_path):
    code, _, err = run(capsys, "chart", "1", "-o", str(tmp_path / "c1.gif"), "--db", str(crime_db))
    assert code == 1 and "unsupported chart format" in err
    code, _, err = run(capsys, "chart", "1", "-o", str(tmp_path / "nope" / "c1.png"), "--db", str(crime_db))
    assert code == 1 and "folder does not exist" in err
    assert list(tmp_path.glob("*.gif")) == []


def test_import_of_a_bad_file_fails_cleanly(capsys, crime_db, tmp_path):
    before = db_snapshot(crime_db)
    missing = tmp_path / "missing.csv"
    code, _, err = run(capsys, "import", str(missing), "--db", str(crime_db))
    assert code == 1 and err.startswith("error: file not found")
    good = tmp_path / "good.csv"
    good.write_bytes(datacrim_bytes())
    page = tmp_path / "page.csv"
    page.write_bytes(b"<html><head><title>Mantenimiento</title></head><body></body></html>")
    code, _, err = run(capsys, "import", str(good), str(page), "--db", str(crime_db))
    assert code == 1 and "HTML page" in err
    assert db_snapshot(crime_db) == before  # the good file before the bad one was rolled back too


def test_not_a_database(capsys, tmp_path):
    path = tmp_path / "text.sqlite3"
    path.write_text("hello")
    code, _, err = run(capsys, "query", "1", "--db", str(path))
    assert code == 1 and "not an SQLite file" in err
    assert path.read_text() == "hello"


def test_update_against_a_local_server(capsys, crime_db):
    with local_server() as server:
        ok = server.add("/csv_controller/index", datacrim_bytes(encoding="latin-1"))
        code, out, err = run(capsys, "update", "--url", ok, "--timeout", "5", "--retries", "0", "--db", str(crime_db))
        assert code == 0, err
        assert f"loaded {len(ROWS)}" in out
        code, out, _ = run(capsys, "query", "5", "--source", "DATACRIM", "--year", "2018", "--format", "json",
                           "--db", str(crime_db))  # fmt: skip
        assert {r["district"] for r in json.loads(out)} == {"COMAS", "CALLAO", "HUACHO"}
        before = db_snapshot(crime_db)
        bad = server.add("/down", b"<html><title>Error</title></html>", content_type="text/html")
        code, _, err = run(capsys, "update", "--url", bad, "--retries", "0", "--db", str(crime_db))
        assert code == 1 and "HTML page instead of CSV" in err
        assert db_snapshot(crime_db) == before


def test_chart_without_data_warns_but_still_draws_the_empty_state(capsys, tmp_path, datasets):
    path = tmp_path / "geo_only.sqlite3"
    assert run(capsys, "import", str(datasets / "geo"), "--db", str(path))[0] == 0
    code, _, err = run(capsys, "chart", "4", "-o", str(tmp_path / "c4.png"), "--db", str(path))
    assert code == 0 and "warning: chart 4 has no data" in err and "s2c stats update" in err
    assert (tmp_path / "c4.png").stat().st_size > 1000
