"""Benchmark of the crime statistics: import of a 550,000-row DataCrim file, the 10 queries, first paint.

    .venv/bin/python bench/bench_stats.py [--rows 550000] [--repeat 3]

The DataCrim-format file is generated into a temporary folder (the real service's size and quirks:
footnote markers, ubigeo in the district field, Callao, accents) and deleted afterwards; it is never
shipped as data. The import is reported as a ratio to the bare path measured in the same run: pandas
reading the same file and inserting it into one indexed SQLite table. Targets: import <= 15 s and <= 1.3x
the bare path (issue 14, with every row still checked, matched and accounted for), each query <= 200 ms,
the statistics tab's first paint <= 1.5 s (issue 6).
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

GENERIC = {
    "CONTRA EL PATRIMONIO": {
        "HURTO": ["HURTO SIMPLE", "HURTO AGRAVADO", "HURTO DE VEHÍCULO", "HURTO DE CELULAR"],
        "ROBO": ["ROBO", "ROBO AGRAVADO", "ROBO DE VEHÍCULO", "ROBO AL PASO"],
        "ESTAFA": ["ESTAFA", "ESTAFA AGRAVADA"],
        "EXTORSIÓN": ["EXTORSIÓN"],
        "USURPACIÓN": ["USURPACIÓN", "USURPACIÓN AGRAVADA"],
        "DAÑOS": ["DAÑO SIMPLE"],
    },
    "CONTRA LA VIDA EL CUERPO Y LA SALUD": {
        "HOMICIDIO": ["HOMICIDIO SIMPLE", "HOMICIDIO CALIFICADO", "SICARIATO"],
        "LESIONES": ["LESIONES LEVES", "LESIONES GRAVES"],
    },
    "CONTRA LA SEGURIDAD PÚBLICA": {
        "PELIGRO COMÚN": ["TENENCIA ILEGAL DE ARMAS", "CONDUCCIÓN EN ESTADO DE EBRIEDAD"],
        "TRÁFICO ILÍCITO DE DROGAS": ["MICROCOMERCIALIZACIÓN", "TRÁFICO ILÍCITO"],
    },
    "CONTRA LA LIBERTAD": {
        "VIOLACIÓN DE LA LIBERTAD SEXUAL": ["VIOLACIÓN SEXUAL", "ACTOS CONTRA EL PUDOR"],
        "VIOLACIÓN DE LA LIBERTAD PERSONAL": ["SECUESTRO", "COACCIÓN", "TRATA DE PERSONAS"],
    },
    "CONTRA LA ADMINISTRACIÓN PÚBLICA": {
        "DELITOS COMETIDOS POR PARTICULARES": ["RESISTENCIA A LA AUTORIDAD", "VIOLENCIA CONTRA LA AUTORIDAD"],
        "COHECHO": ["COHECHO ACTIVO", "COHECHO PASIVO"],
    },
    "CONTRA LA FAMILIA": {"OMISIÓN DE ASISTENCIA FAMILIAR": ["OMISIÓN DE ASISTENCIA FAMILIAR"]},
    "CONTRA LA FE PÚBLICA": {
        "FALSIFICACIÓN DE DOCUMENTOS": ["FALSIFICACIÓN DE DOCUMENTOS", "FALSEDAD IDEOLÓGICA"]
    },
    "CONTRA EL ORDEN ECONÓMICO": {"ACAPARAMIENTO": ["ACAPARAMIENTO", "ESPECULACIÓN"]},
}


def _department_label(code: str, department: str) -> str:
    if code.startswith("1501"):
        return "PROVINCIA DE LIMA 1/"
    if code.startswith("15"):
        return "LIMA PROVINCIAS 2/"
    if code.startswith("07"):
        return "PROVINCIA CONSTITUCIONAL DEL CALLAO"
    return department


def generate_datacrim(path: Path, rows: int, datasets: Path, seed: int = 6) -> None:
    rng = random.Random(seed)
    with open(datasets / "geo" / "ubigeo_distrito.csv", encoding="utf-8", newline="") as handle:
        districts = [
            (r["inei"], r["departamento"], r["provincia"], r["distrito"])
            for r in csv.DictReader(handle)
            if r["inei"].isdigit()
        ]
    places = ("", " EN VÍA PÚBLICA", " EN VIVIENDA", " EN ESTABLECIMIENTO COMERCIAL")
    modalities = [
        (g, s, m + p)
        for g, specifics in GENERIC.items()
        for s, ms in specifics.items()
        for m in ms
        for p in places
    ]
    years = list(range(2015, 2020))
    space = len(years) * len(districts) * len(modalities)
    if rows > space:
        raise SystemExit(f"at most {space:,} distinct (year, district, modality) rows can be generated")
    chosen = []
    for index in sorted(rng.sample(range(space), rows)):
        rest, m = divmod(index, len(modalities))
        y, d = divmod(rest, len(districts))
        chosen.append((years[y], d, m))
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL, lineterminator="\n")
        writer.writerow(
            [
                "AÑO",
                "CANTIDAD",
                "DELITO GENÉRICO",
                "DELITO ESPECÍFICO",
                "MODALIDAD",
                "DEPARTAMENTO",
                "PROVINCIA",
                "DISTRITO",
            ]
        )
        for year, d, m in chosen:
            code, department, province, district = districts[d]
            generic, specific, modality = modalities[m]
            if code.startswith("07"):
                province = "PROVINCIA CONSTITUCIONAL DEL CALLAO"
            count = max(1, int(rng.paretovariate(1.3)))
            writer.writerow(
                [
                    year,
                    count,
                    generic,
                    specific,
                    modality,
                    _department_label(code, department),
                    province,
                    f"{code} {district}",
                ]
            )


def bare_pandas_sqlite(csv_path: Path, db_path: Path) -> tuple[float, float]:
    import pandas as pd

    start, cpu = time.perf_counter(), time.process_time()
    frame = pd.read_csv(csv_path, dtype=str)
    frame.columns = [
        "anio",
        "cantidad",
        "generico",
        "especifico",
        "modalidad",
        "departamento",
        "provincia",
        "distrito",
    ]
    connection = sqlite3.connect(db_path)
    connection.execute(
        "CREATE TABLE t (anio INTEGER, cantidad INTEGER, generico TEXT, especifico TEXT, "
        "modalidad TEXT, departamento TEXT, provincia TEXT, distrito TEXT)"
    )
    connection.execute("CREATE INDEX t_year_district ON t (anio, distrito)")
    connection.executemany(
        "INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?, ?)", frame.itertuples(index=False, name=None)
    )
    connection.commit()
    connection.close()
    return time.perf_counter() - start, time.process_time() - cpu


def our_import(csv_path: Path, geo_template: Path, db_path: Path) -> tuple[float, float, object]:
    import shutil

    from s2c_desktop.stats import db, importers

    shutil.copyfile(geo_template, db_path)
    db.open_database(db_path)
    start, cpu = time.perf_counter(), time.process_time()
    report = importers.import_file(csv_path, importers.KIND_DATACRIM)
    return time.perf_counter() - start, time.process_time() - cpu, report


FIRST_PAINT = r"""
import sys, time
t0 = time.perf_counter()
from PySide6.QtWidgets import QApplication
from s2c_desktop.settings import Preferences
from s2c_desktop.ui.stats.tab import StatsTab
app = QApplication([])
t1 = time.perf_counter()
tab = StatsTab(Preferences(database_path=sys.argv[1]))
tab.resize(1200, 800)
done = []
tab.ready.connect(lambda: done.append(1))
tab.show()
while not done:
    app.processEvents()
app.processEvents()  # the canvas' pending draw_idle
tab.grab()  # paint the whole tab, the chart's Agg render included
t2 = time.perf_counter()
print(f"{t2 - t1:.4f} {t2 - t0:.4f}")
"""


def first_paint(db_path: Path) -> tuple[float, float]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO))
    out = subprocess.run(
        [sys.executable, "-c", FIRST_PAINT, str(db_path)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=120,
    ).stdout.split()
    return float(out[0]), float(out[1])


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=550_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--query-repeat", type=int, default=7)
    args = parser.parse_args()

    from s2c_desktop import paths
    from s2c_desktop.stats import db, importers
    from s2c_desktop.stats.queries import QUERY_TITLES, CrimeReport

    datasets = paths.datasets_dir()
    with tempfile.TemporaryDirectory(prefix="s2c-bench-") as folder:
        tmp = Path(folder)
        os.environ["S2C_HOME"] = str(tmp / "home")
        csv_path = tmp / "datacrim_550k.csv"
        start = time.perf_counter()
        generate_datacrim(csv_path, args.rows, datasets)
        size_mb = csv_path.stat().st_size / 1e6
        print(
            f"generated {args.rows:,} DataCrim rows ({size_mb:.0f} MB) in {time.perf_counter() - start:.1f} s"
        )

        geo_template = tmp / "geo.sqlite3"
        db.open_database(geo_template)
        importers.import_datasets(datasets)  # the real data too, so the queries run on a full database
        db.current_database().execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        db.close_database()

        bare_times, our_times, bare_cpu, our_cpu = [], [], [], []
        report = None
        for rep in range(args.repeat):
            bare_db = tmp / f"bare{rep}.sqlite3"
            wall, cpu = bare_pandas_sqlite(csv_path, bare_db)
            bare_times.append(wall)
            bare_cpu.append(cpu)
            bare_db.unlink()
            ours_db = tmp / f"ours{rep}.sqlite3"
            elapsed, cpu, report = our_import(csv_path, geo_template, ours_db)
            our_times.append(elapsed)
            our_cpu.append(cpu)
            if rep < args.repeat - 1:
                db.close_database()
                for suffix in ("", "-wal", "-shm"):
                    Path(str(ours_db) + suffix).unlink(missing_ok=True)
            print(
                f"  rep {rep + 1}: bare pandas+sqlite3 {bare_times[-1]:.2f} s wall / {bare_cpu[-1]:.2f} s "
                "CPU, "
                f"s2c import {elapsed:.2f} s wall / {cpu:.2f} s CPU"
            )
        bare, ours = statistics.median(bare_times), statistics.median(our_times)
        print(
            f"import of {args.rows:,} rows [median of {args.repeat}]: s2c {ours:.2f} s wall (target <= 15 "
            "s) vs "
            f"bare {bare:.2f} s -> ratio {ours / bare:.2f}x (target <= 1.3x); CPU time s2c "
            f"{statistics.median(our_cpu):.2f} s vs "
            f"bare {statistics.median(bare_cpu):.2f} s -> ratio "
            f"{statistics.median(our_cpu) / statistics.median(bare_cpu):.2f}x (CPU time is the steadier "
            f"figure on a shared machine)"
        )
        print(
            f"  report: read {report.read:,}, loaded {report.loaded:,}, rejected {report.rejected:,}, "
            f"repairs {dict(report.repairs)}"
        )

        print(f"queries on {args.rows:,} DataCrim rows + the real datasets [median of {args.query_repeat}]:")
        crime_report = CrimeReport()
        worst = 0.0
        for number, title in QUERY_TITLES.items():
            times = []
            for _ in range(args.query_repeat):
                fresh = CrimeReport() if number in (4, 5, 7) else crime_report  # include the year lookup
                start = time.perf_counter()
                result = fresh.run(number)
                times.append(time.perf_counter() - start)
            median_ms = statistics.median(times) * 1000
            worst = max(worst, median_ms)
            print(f"  query {number:>2} {median_ms:7.1f} ms  ({len(result.rows):>5} rows)  {title}")
        print(f"  slowest query {worst:.1f} ms (target <= 200 ms)")
        db.current_database().execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        populated = db.current_path()
        db.close_database()

        paints = [first_paint(populated) for _ in range(args.repeat)]
        tab_only = statistics.median(p[0] for p in paints)
        with_imports = statistics.median(p[1] for p in paints)
        print(
            f"statistics tab first paint (populated DB): {tab_only:.2f} s from construction "
            f"(target <= 1.5 s); {with_imports:.2f} s including Python/Qt/matplotlib imports "
            f"[median of {args.repeat}, each a fresh process]"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
