"""``s2c stats`` against hostile inputs (issue 29): read-only media, forged names, filters that match
nothing."""

from __future__ import annotations

import shutil

import pytest

from s2c_desktop.cli.main import main
from s2c_desktop.stats import db
from tests.sketch.fulldisk import make_read_only, read_only_filesystem
from tests.stats.conftest import built_db_template  # noqa: F401 (shared session fixture)


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


def test_a_database_on_a_read_only_filesystem_can_be_queried_and_charted(
    capsys,
    built_db_template,  # noqa: F811
    tmp_path,
):
    with read_only_filesystem(tmp_path / "cdrom") as media:
        path = media / "crime.sqlite3"
        shutil.copyfile(built_db_template, path)
        make_read_only(media)
        try:
            code, out, err = run(capsys, "query", "1", "--db", str(path), "--format", "csv")
            assert (code, err) == (0, "")
            assert len(out.splitlines()) > 2
            chart = tmp_path / "chart.png"
            code, out, err = run(capsys, "chart", "2", "--db", str(path), "-o", str(chart))
            assert code == 0, err
            assert chart.stat().st_size > 0
            assert sorted(p.name for p in media.iterdir()) == ["crime.sqlite3"]
        finally:
            db.close_database()


def test_a_file_name_cannot_forge_a_line_in_the_import_report(capsys, crime_db, tmp_path):
    from tests.stats.fixtures import ROWS, datacrim_bytes

    bad_row = (2019, 1, "CONTRA EL PATRIMONIO", "HURTO", "HURTO\nerror: forged too", "X", "Y", "NOWHERE\rZ")
    evil = tmp_path / "evil\nerror: forged.csv"
    evil.write_bytes(datacrim_bytes([*ROWS, bad_row]))
    code, out, err = run(capsys, "import", str(evil), "--db", str(crime_db))
    assert code == 0, err
    assert "rejected 1" in out
    assert not [line for line in out.splitlines() if line.startswith("error:")]
    assert "evil\\nerror: forged.csv" in out


@pytest.mark.parametrize(
    "damage",
    [
        lambda text: text[: len(text) // 2],  # cut off
        lambda text: "[" * 100_000 + "]" * 100_000,  # nested deeper than json's stack
        lambda text: (
            '{"features": [{"properties": {"FIRST_IDDP": "01", "NOMBDEP": "X"}, '
            '"geometry": {"type": "Polygon", "coordinates": "not rings"}}]}'
        ),
        lambda text: '{"features": 7}',
    ],
)
def test_damaged_map_boundaries_are_one_line_naming_the_file(
    capsys, crime_db, tmp_path, datasets, monkeypatch, damage
):
    from s2c_desktop.stats import map_data

    copy = tmp_path / "datasets"
    shutil.copytree(datasets / "geo", copy / "geo")
    (copy / "crime").mkdir()
    boundaries = copy / "geo" / "boundaries" / map_data.DEPARTMENT_FILE
    boundaries.write_text(damage(boundaries.read_text(encoding="utf-8")), encoding="utf-8")
    monkeypatch.setenv("S2C_DATASETS", str(copy))
    map_data._features.cache_clear()
    code, out, err = run(capsys, "chart", "11", "--db", str(crime_db), "-o", str(tmp_path / "map.png"))
    assert code == 1 and err.count("\n") == 1, err
    assert err.startswith("error: ") and "unexpected" not in err and map_data.DEPARTMENT_FILE in err
    assert not (tmp_path / "map.png").exists()


@pytest.mark.parametrize("number", [1, 2, 3, 6, 7])
def test_a_filter_a_press_chart_does_not_use_is_an_error(capsys, crime_db, tmp_path, number):
    code, out, err = run(
        capsys,
        "chart",
        str(number),
        "--department",
        "ATLANTIS",
        "--db",
        str(crime_db),
        "-o",
        str(tmp_path / "c.png"),
    )
    assert code == 1 and err.startswith(f"error: chart {number} does not use --department"), err
    assert not (tmp_path / "c.png").exists()


@pytest.mark.parametrize("number", [4, 5, 12])
def test_an_unknown_department_is_an_error_naming_the_valid_ones(capsys, crime_db, tmp_path, number):
    code, out, err = run(
        capsys,
        "chart",
        str(number),
        "--department",
        "ATLANTIS",
        "--db",
        str(crime_db),
        "-o",
        str(tmp_path / "c.png"),
    )
    assert code == 1 and err.startswith("error: unknown department 'ATLANTIS'"), err
    assert "CAJAMARCA" in err.upper() and "AMAZONAS" in err.upper()


@pytest.mark.parametrize("number", [4, 8, 9, 10, 11, 12])
def test_a_year_without_police_reports_is_an_error_naming_the_years(capsys, crime_db, tmp_path, number):
    code, out, err = run(
        capsys, "chart", str(number), "--year", "1901", "--db", str(crime_db), "-o", str(tmp_path / "c.png")
    )
    assert code == 1 and err.startswith("error: no police reports in 1901"), err
    assert "2018" in err
