"""Small DataCrim/SIDPOL files with the quirks the datasets README lists, and a real local HTTP server."""

from __future__ import annotations

import http.server
import shutil
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from s2c_desktop.stats import migrations

HEADER = [
    "AÑO",
    "CANTIDAD",
    "DELITO GENÉRICO",
    "DELITO ESPECÍFICO",
    "MODALIDAD",
    "DEPARTAMENTO",
    "PROVINCIA",
    "DISTRITO",
]

# (year, count, generic, specific, modality, department, province, district)
ROWS = [
    (
        2018,
        120,
        "CONTRA EL PATRIMONIO",
        "HURTO",
        "HURTO SIMPLE",
        "PROVINCIA DE LIMA 1/",
        "LIMA",
        "150110 COMAS",
    ),
    (
        2018,
        80,
        "CONTRA EL PATRIMONIO",
        "ROBO",
        "ROBO AGRAVADO",
        "PROVINCIA CONSTITUCIONAL DEL CALLAO",
        "CALLAO",
        "070101 CALLAO",
    ),
    (
        2018,
        5,
        "CONTRA LA ADMINISTRACIÓN PÚBLICA",
        "COHECHO",
        "COHECHO PASIVO",
        "LIMA PROVINCIAS 2/",
        "HUAURA",
        "150801 HUACHO",
    ),
    (
        2019,
        7,
        "CONTRA LA ADMINISTRACION PUBLICA",
        "COHECHO",
        "COHECHO PASIVO",
        "LIMA PROVINCIAS 2/",
        "HUAURA",
        "150801 HUACHO",
    ),
    (2019, 3, "CONTRA EL PATRIMONIO", "HURTO", "HURTO SIMPLE", "CAJAMARCA", "CAJAMARCA", "CAJAMARCA"),
    (2019, 9, "CONTRA EL PATRIMONIO", "ROBO", "ROBO AGRAVADO", "AMAZONAS", "CHACHAPOYAS", "ASUNCIÓN"),
    (
        2019,
        1,
        "CONTRA EL PATRIMONIO",
        "ROBO",
        "ROBO AGRAVADO",
        "PROVINCIA DE LIMA 1/",
        "LIMA",
        "150139 SANTA ROSA",
    ),
    (2019, 1, "CONTRA EL PATRIMONIO", "HURTO", "HURTO SIMPLE", "PROVINCIA DE LIMA 1/", "LIMA", "150101 LIMA"),
]
TOTAL = sum(row[1] for row in ROWS)


def _quote(value: object) -> str:
    return '"' + str(value).replace('"', '""') + '"'


def datacrim_bytes(
    rows: list[tuple] | None = None,
    encoding: str = "utf-8",
    header: list[str] | None = None,
    newline: str = "\n",
) -> bytes:
    lines = [",".join(_quote(h) for h in (header or HEADER))]
    lines += [",".join(_quote(v) for v in row) for row in (ROWS if rows is None else rows)]
    return (newline.join(lines) + newline).encode(encoding)


def sidpol_bytes(rows: list[tuple], header: bool = True) -> bytes:
    """SIDPOL layout: Latin-1 header, UTF-8 values, CRLF, ubigeo without leading zero."""
    out = b""
    if header:
        out += "AÑO;MES;DEPARTAMENTO;PROVINCIA;DISTRITO;UBIGEO_HECHO;MODALIDAD;CANTIDAD\r\n".encode("latin-1")
    for row in rows:
        out += (";".join(str(v) for v in row) + "\r\n").encode("utf-8")
    return out


def version_1_copy(current: Path, target: Path) -> None:
    """A file as version 1 left it: v1's tables and indexes (no summary tables), the same data, version 1."""
    connection = sqlite3.connect(target)
    for statement in migrations.SCHEMA_V1:
        connection.execute(statement)
    connection.execute("ATTACH DATABASE ? AS today", (str(current),))
    v1_tables = [
        name for (name,) in connection.execute("SELECT name FROM main.sqlite_master WHERE type = 'table'")
    ]
    for table in v1_tables:
        if table != "schema_info":
            connection.execute(f"INSERT INTO main.{table} SELECT * FROM today.{table}")
    connection.execute("INSERT INTO schema_info (key, value) VALUES ('version', '1')")
    connection.commit()
    connection.execute("DETACH DATABASE today")
    connection.close()


def db_snapshot(path: Path) -> list[str]:
    """Everything in a SQLite file, as SQL text (read through a copy so the original stays untouched)."""
    copy = path.with_name(path.name + ".snapshot")
    for suffix in ("", "-wal", "-shm"):
        source = Path(str(path) + suffix)
        target = Path(str(copy) + suffix)
        if source.exists():
            shutil.copyfile(source, target)
        elif target.exists():
            target.unlink()
    connection = sqlite3.connect(copy)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


class _Handler(http.server.BaseHTTPRequestHandler):
    routes: dict[str, list[tuple[int, dict[str, str], bytes, str]]] = {}
    hits: dict[str, int] = {}
    drip_stop = threading.Event()

    def do_GET(self) -> None:  # noqa: N802
        path = self.path.split("?")[0]
        self.hits[path] = self.hits.get(path, 0) + 1
        answers = self.routes.get(path)
        if not answers:
            self.send_error(404)
            return
        status, headers, body, cut = answers[0] if len(answers) == 1 else answers.pop(0)
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        if cut != "nolength":
            self.send_header("Content-Length", str(len(body)))
        if cut in ("short", "nolength"):
            self.send_header("Connection", "close")
        self.end_headers()
        if cut == "drip":  # a byte at a time, slowly: each read succeeds, the whole never ends in time
            for index in range(len(body)):
                try:
                    self.wfile.write(body[index : index + 1])
                    self.wfile.flush()
                except OSError:  # the client gave up
                    return
                self.drip_stop.wait(0.2)
            return
        self.wfile.write(body[: len(body) // 2] if cut in ("short", "nolength") else body)
        self.wfile.flush()
        if cut in ("short", "nolength"):
            self.close_connection = True

    def log_message(self, *args: object) -> None:
        pass


class LocalServer:
    def __init__(self) -> None:
        self.routes: dict[str, list[tuple[int, dict[str, str], bytes, str]]] = {}
        self.hits: dict[str, int] = {}
        self.drip_stop = threading.Event()
        handler = type(
            "Handler", (_Handler,), {"routes": self.routes, "hits": self.hits, "drip_stop": self.drip_stop}
        )
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def add(
        self,
        path: str,
        body: bytes,
        status: int = 200,
        content_type: str = "text/csv; charset=utf-8",
        cut: str = "",
        headers: dict[str, str] | None = None,
    ) -> str:
        """Serve ``body`` at ``path`` (several adds: answered in turn). ``cut``: "short" sends half the body
        under the full Content-Length, "nolength" sends half and closes without a Content-Length, "drip"
        sends it a byte every 0.2 s."""
        self.routes.setdefault(path, []).append(
            (status, {"Content-Type": content_type, **(headers or {})}, body, cut)
        )
        return self.base + path


@contextmanager
def local_server() -> Iterator[LocalServer]:
    server = LocalServer()
    server.thread.start()
    try:
        yield server
    finally:
        server.drip_stop.set()
        server.httpd.shutdown()
        server.httpd.server_close()
