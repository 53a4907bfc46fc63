"""``s2c stats update``'s download against a real HTTP server on 127.0.0.1 serving DataCrim-like answers."""

from __future__ import annotations

import threading

import pytest

from s2c_desktop.errors import CancelledError, InputError
from s2c_desktop.stats import download, models, service
from s2c_desktop.stats.download import DownloadError
from s2c_desktop.stats.importers import ImportJob
from tests.stats.fixtures import ROWS, TOTAL, datacrim_bytes, db_snapshot

HTML_ERROR = (
    b"<!DOCTYPE html><html><head><title>DataCrim - Error 500</title></head>"
    b"<body><h1>Ha ocurrido un error</h1></body></html>"
)


def _datacrim_total() -> int:
    row = models.database_proxy.execute_sql(
        "SELECT COALESCE(SUM(cantidad), 0) FROM crimenes_datacrim WHERE fuente = 'DATACRIM'"
    ).fetchone()
    return row[0]


@pytest.mark.parametrize("encoding", ["utf-8", "latin-1"])
def test_update_downloads_caches_and_imports(geo_db, server, s2c_home, encoding):
    charset = "utf-8" if encoding == "utf-8" else "iso-8859-1"
    url = server.add(
        "/csv_controller/index",
        datacrim_bytes(encoding=encoding),
        content_type=f"text/csv; charset={charset}",
    )
    report = service.update_datacrim(url + "?desde=tematico&id=40171", timeout=5, retries=0)
    assert report.loaded == len(ROWS) and report.rejected == 0
    assert _datacrim_total() == TOTAL
    cached = download.latest_cached()
    assert cached is not None and cached.parent == s2c_home / "cache" / "datacrim"
    assert cached.read_bytes() == datacrim_bytes(encoding=encoding)


def test_an_html_page_linking_to_the_csv_is_followed(geo_db, server):
    server.add("/files/datacrim.csv", datacrim_bytes())
    page = (
        b'<html><body><p>Su archivo est\xc3\xa1 listo</p><a href="/files/datacrim.csv">Descargar '
        b"CSV</a></body></html>"
    )
    url = server.add("/csv_controller/index", page, content_type="text/html; charset=utf-8")
    report = service.update_datacrim(url, timeout=5, retries=0)
    assert report.loaded == len(ROWS)


@pytest.mark.parametrize(
    ("path", "body", "kwargs", "message"),
    [
        (
            "/html",
            HTML_ERROR,
            {"content_type": "text/html"},
            "HTML page instead of CSV: DataCrim - Error 500",
        ),
        ("/html-as-csv", HTML_ERROR, {}, "HTML page instead of CSV"),
        ("/short", datacrim_bytes(), {"cut": "short"}, "truncated"),
        ("/missing", b"", {"status": 404}, "HTTP 404"),
        ("/empty", b"   ", {}, "empty body"),
    ],
)
def test_download_failures_are_clear_errors_and_leave_the_db_untouched(
    geo_db, server, path, body, kwargs, message
):
    url = server.add(path, body, **kwargs)
    before = db_snapshot(geo_db)
    with pytest.raises(DownloadError, match=message):
        service.update_datacrim(url, timeout=5, retries=0)
    assert db_snapshot(geo_db) == before
    assert download.latest_cached() is None  # nothing half-written in the cache


def test_truncated_body_without_length_is_refused_by_the_importer(geo_db, server):
    url = server.add("/nolength", datacrim_bytes(), cut="nolength")
    before = db_snapshot(geo_db)
    with pytest.raises(InputError, match="truncated"):
        service.update_datacrim(url, timeout=5, retries=0)
    assert db_snapshot(geo_db) == before


def test_server_errors_are_retried(geo_db, server):
    server.add("/flaky", b"busy", status=503)
    url = server.add("/flaky", datacrim_bytes())
    path = download.download_datacrim(url, timeout=5, retries=2, backoff_s=0.01)
    assert path.read_bytes() == datacrim_bytes()
    assert server.hits["/flaky"] == 2


def test_unreachable_server_gives_up_after_the_retries(geo_db):
    with pytest.raises(DownloadError, match="after 2 attempts"):
        download.download_datacrim("http://127.0.0.1:9/csv", timeout=1, retries=1, backoff_s=0.01)


def test_timeout_is_applied(server):
    import socket

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)  # accepts the connection but never answers
    try:
        url = f"http://127.0.0.1:{listener.getsockname()[1]}/slow"
        with pytest.raises(DownloadError, match="Timeout"):
            download.download_datacrim(url, timeout=0.3, retries=0)
    finally:
        listener.close()


def test_cancel_before_download(geo_db, server):
    url = server.add("/ok", datacrim_bytes())
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(CancelledError):
        service.update_datacrim(url, timeout=5, retries=0, job=ImportJob(cancel=cancel))


def test_only_the_latest_raw_downloads_are_kept(server):
    url = server.add("/ok", datacrim_bytes())
    paths = [
        download.download_datacrim(url, timeout=5, retries=0) for _ in range(download.KEEP_DOWNLOADS + 2)
    ]
    kept = sorted(download.cache_dir().glob("datacrim-*.csv"))
    assert kept == paths[-download.KEEP_DOWNLOADS :]


def test_cancel_during_the_back_off_between_retries_stops_at_once(geo_db, server):
    url = server.add("/busy", b"busy", status=503)
    cancel = threading.Event()
    outcome: list[BaseException] = []

    def download_in_background() -> None:
        try:
            download.download_datacrim(url, timeout=5, retries=3, backoff_s=600, cancel=cancel)
        except BaseException as exc:  # noqa: BLE001 (handed to the test thread)
            outcome.append(exc)

    worker = threading.Thread(target=download_in_background)
    worker.start()
    first_answer = threading.Event()
    while not first_answer.wait(0.01):  # the first 503 has been served: the download is backing off
        if server.hits.get("/busy"):
            first_answer.set()
    cancel.set()
    worker.join(timeout=30)  # a 600 s back-off that ignored the cancel would still be sleeping
    assert not worker.is_alive()
    assert len(outcome) == 1 and isinstance(outcome[0], CancelledError)
    assert server.hits["/busy"] == 1
    assert download.latest_cached() is None


def _cache_is_empty() -> bool:
    return not any(download.cache_dir().iterdir())  # no datacrim-*.csv and no partial file either


@pytest.mark.parametrize("cut", ["", "nolength"])
def test_an_answer_over_the_size_cap_is_refused_and_nothing_is_kept(server, cut):
    body = datacrim_bytes() * 4000  # ~2.4 MB against a 1 MB cap
    url = server.add("/big", body if not cut else body + body, cut=cut)
    with pytest.raises(DownloadError, match="larger than 1 MB; nothing kept"):
        download.download_datacrim(url, timeout=5, retries=0, max_bytes=1_000_000)
    assert _cache_is_empty()


def test_a_small_gzip_answer_that_inflates_past_the_cap_is_refused(server):
    import gzip

    inflated = b"2019,1," + b"x" * 20_000_000 + b"\n"
    packed = gzip.compress(inflated, compresslevel=9)
    assert len(packed) < 100_000
    url = server.add("/bomb", packed, headers={"Content-Encoding": "gzip"})
    with pytest.raises(DownloadError, match="larger than 1 MB"):
        download.download_datacrim(url, timeout=5, retries=0, max_bytes=1_000_000)
    assert _cache_is_empty()


def test_a_gzip_answer_within_the_cap_is_stored_inflated(server):
    import gzip

    url = server.add("/gz", gzip.compress(datacrim_bytes()), headers={"Content-Encoding": "gzip"})
    path = download.download_datacrim(url, timeout=5, retries=0)
    assert path.read_bytes() == datacrim_bytes()


def test_a_server_dripping_bytes_is_stopped_by_the_overall_deadline(server):
    url = server.add("/drip", datacrim_bytes(), cut="drip")  # ~600 bytes at 5 per second: 2 minutes
    started = threading.Event()

    def progress(done, total, text):
        started.set()

    with pytest.raises(DownloadError, match="did not finish in time"):
        download.download_datacrim(url, timeout=5, retries=0, deadline_s=1.0, progress=progress)
    assert started.is_set()  # every read succeeded: only the overall deadline could stop it
    assert _cache_is_empty()


def test_the_default_deadline_is_bounded_by_the_timeout_and_retries():
    assert download.default_deadline(10, 0) == 60
    assert download.default_deadline(60, 3) == 1440


@pytest.mark.parametrize("timeout", [0, -5, float("nan"), float("inf")])
def test_a_timeout_that_is_not_a_positive_number_is_refused(timeout):
    with pytest.raises(InputError, match="timeout must be a positive number"):
        download.download_datacrim("http://127.0.0.1:9/csv", timeout=timeout, retries=0)


@pytest.mark.parametrize("timeout", [1e308, 3601])
def test_a_timeout_beyond_an_hour_is_refused_in_one_line(timeout):
    """1e308 s once overflowed the socket's time_t ("unexpected OverflowError")."""
    with pytest.raises(InputError, match="at most 3600 seconds"):
        download.download_datacrim("http://127.0.0.1:9/csv", timeout=timeout, retries=0)
