"""``s2c stats`` end to end, in-process, on real SQLite files and a real local HTTP server."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

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
    assert table[0] == ["district", "province", "robberies"] and table[1] == ["Lima", "Lima", "43"]
    code, out, _ = run(capsys, "query", "5", "--year", "2024", "--db", str(crime_db))
    assert code == 0 and "Query 5" in out and "Cajamarca" in out


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
    code, out, _ = run(
        capsys, "chart", "3", "-o", str(tmp_path / "c3.png"), "--district", "Comas", "--db", str(crime_db)
    )
    assert code == 0 and (tmp_path / "c3.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    code, _, _ = run(
        capsys, "chart", "9", "-o", str(tmp_path / "c9.svg"), "--level", "modality", "--db", str(crime_db)
    )
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
        code, out, err = run(
            capsys, "update", "--url", ok, "--timeout", "5", "--retries", "0", "--db", str(crime_db)
        )
        assert code == 0, err
        assert f"loaded {len(ROWS)}" in out
        code, out, _ = run(
            capsys,
            "query",
            "5",
            "--source",
            "DATACRIM",
            "--year",
            "2018",
            "--format",
            "json",
            "--db",
            str(crime_db),
        )
        assert {r["district"] for r in json.loads(out)} == {"Comas", "Callao", "Huacho"}
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


def test_update_takes_the_documented_datacrim_url_and_the_url_alias(capsys, crime_db):
    with local_server() as server:
        first = server.add("/a", datacrim_bytes())
        code, out, err = run(
            capsys, "update", "--datacrim-url", first, "--retries", "0", "--db", str(crime_db)
        )
        assert code == 0, err
        second = server.add("/b", datacrim_bytes(ROWS[:3]))
        code, out, err = run(capsys, "update", "--url", second, "--retries", "0", "--db", str(crime_db))
        assert code == 0, err
    assert server.hits == {"/a": 1, "/b": 1}


def _readme_command_lines() -> list[str]:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Command line", 1)[1].split("```text", 1)[1].split("```", 1)[0]
    return [line.strip() for line in block.splitlines() if line.strip().startswith("s2c ")]


def test_every_command_line_of_the_readme_runs_with_help_and_lists_its_options(capsys):
    lines = _readme_command_lines()
    assert any(line.startswith("s2c stats update") for line in lines)
    for line in lines:
        words = line.split()
        command = [w for w in words[1:3] if w.isidentifier() and w.islower()]
        code = main([*command, "--help"])
        out, err = capsys.readouterr()
        assert code == 0, (line, err)
        for option in re.findall(r"(--[a-z][a-z-]*)", line):
            assert option in out, f"README shows {option} for '{' '.join(command)}' but --help does not"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["update", "--timeout", "0"], "--timeout: must be a positive number of seconds, not '0'"),
        (["update", "--timeout", "-5"], "--timeout: must be a positive number of seconds"),
        (["update", "--timeout", "nan"], "--timeout: must be a positive number of seconds, not 'nan'"),
        (["update", "--deadline", "inf"], "--deadline: must be a positive number of seconds"),
        (["update", "--retries", "-1"], "--retries: must be between 0 and 20"),
        (["query", "5", "--limit", str(10**20)], "--limit: must be between 1 and 1000000"),
        (["query", "5", "--year", "99999999999"], "--year: must be between 1900 and 2100"),
    ],
)
def test_out_of_range_numbers_are_one_line_errors(capsys, crime_db, argv, message):
    before = db_snapshot(crime_db)
    code, out, err = run(capsys, *argv, "--db", str(crime_db))
    assert code == 2 and err.startswith("error: argument ") and message in err
    assert err.count("\n") == 1 and "unexpected" not in err
    assert db_snapshot(crime_db) == before


def test_an_sqlite_file_of_another_program_is_left_byte_for_byte_unchanged(capsys, tmp_path):
    path = tmp_path / "unrelated.sqlite3"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE contacts (name TEXT)")
    connection.execute("INSERT INTO contacts VALUES ('Ana')")
    connection.commit()
    connection.close()
    original = path.read_bytes()
    code, _, err = run(capsys, "query", "1", "--db", str(path))
    assert code == 1 and err.startswith("error: ") and "not a crime database; left unchanged" in err
    assert path.read_bytes() == original and not list(tmp_path.glob("unrelated.sqlite3-*"))


@pytest.mark.parametrize("what", ["folder", "version", "dropped"])
def test_damaged_or_odd_database_paths_get_one_line_reasons(capsys, tmp_path, what):
    path = tmp_path / "crime.sqlite3"
    if what == "folder":
        path.mkdir()
        expected = "is a folder, not a crime database file"
    else:
        db.open_database(path)
        if what == "version":
            db.current_database().execute_sql("UPDATE schema_info SET value = 'two'")
            expected = "schema version 'two', not a number"
        else:
            db.current_database().execute_sql("DROP TABLE rejected_row")
            expected = "damaged: table(s) rejected_row missing"
        db.close_database()
    code, _, err = run(capsys, "query", "1", "--db", str(path))
    assert code == 1 and err.startswith("error: ") and expected in err and "unexpected" not in err


def test_importing_into_a_new_database_loads_the_shipped_geography_first(capsys, tmp_path, datasets):
    path = tmp_path / "new.sqlite3"
    code, out, err = run(
        capsys, "import", str(datasets / "crime" / "grupo_data_criminal.xlsx"), "--db", str(path)
    )
    assert code == 0, err
    assert (
        "geo [GEOGRAPHY]: read" in out
        and "grupo_data_criminal.xlsx [DATA_CRIMINAL]: read 476, loaded 476" in out
    )


def test_csv_output_neutralises_spreadsheet_formulas(capsys, crime_db, tmp_path):
    hostile = [
        (2019, 5, '=HYPERLINK("http://x","clic")', "@SUM(1)", "+1+1", "LIMA", "LIMA", "150101 LIMA"),
        (2019, 3, "-2+3", "HURTO", "HURTO SIMPLE", "LIMA", "LIMA", "150101 LIMA"),
    ]
    source = tmp_path / "d.csv"
    source.write_bytes(datacrim_bytes(hostile))
    assert run(capsys, "import", str(source), "--kind", "datacrim", "--db", str(crime_db))[0] == 0
    code, out, _ = run(
        capsys, "query", "10", "--source", "DATACRIM", "--format", "csv", "--db", str(crime_db)
    )
    cells = [row[0] for row in csv.reader(io.StringIO(out))][1:]
    assert code == 0 and cells and all(not c.startswith(("=", "+", "-", "@")) for c in cells)
    assert any(c.startswith("'=") for c in cells) and any(c.startswith("'-") for c in cells)


def test_a_reader_that_stops_early_keeps_the_import_and_gets_no_traceback(tmp_path, datasets):
    path = tmp_path / "piped.sqlite3"
    env = dict(
        os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]), S2C_HOME=str(tmp_path / "home")
    )
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "s2c_desktop.cli.main",
            "stats",
            "import",
            str(datasets / "geo"),
            "--db",
            str(path),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    process.stdout.close()  # `| head -0`: the reader is gone before the report is printed
    err = process.stderr.read().decode()
    assert process.wait(timeout=120) == 141, err
    assert "unexpected" not in err and "Traceback" not in err and "BrokenPipe" not in err
    assert sqlite3.connect(path).execute("SELECT COUNT(*) FROM distrito").fetchone()[0] == 1893
