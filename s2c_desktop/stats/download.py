"""Downloading DataCrim (INEI) with requests; BeautifulSoup reads the HTML the service may answer with.

The service answers with CSV text, or with an HTML page: either a page that links to the CSV (followed)
or an error page (reported with its title). The raw download is kept in the user's cache folder, written
atomically, so a failed or truncated transfer never leaves a partial file and an import can be repeated
offline.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urljoin

import requests

from s2c_desktop import paths
from s2c_desktop.atomic import atomic_write_bytes
from s2c_desktop.errors import CancelledError, S2CError

log = logging.getLogger(__name__)

DEFAULT_URL = "http://datacrim.inei.gob.pe/csv_controller/index?desde=tematico&id=40171,40172,40173,40514,40515,40516"
USER_AGENT = "Sketch2Color-Desktop (crime statistics; +offline study)"
RETRY_STATUS = {429, 500, 502, 503, 504}
KEEP_DOWNLOADS = 3


class DownloadError(S2CError):
    """The DataCrim download failed; nothing was imported."""


def cache_dir() -> Path:
    folder = paths.user_cache_dir() / "datacrim"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _looks_like_html(body: bytes, content_type: str) -> bool:
    head = body[:1024].lstrip().lower()
    return "html" in content_type.lower() or head.startswith((b"<!doctype", b"<html")) or b"<body" in head


def _html_csv_link(body: bytes, base_url: str) -> tuple[str | None, str]:
    """(link to a CSV on the page or None, a one-line description of the page)."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(body, "html.parser")
    for anchor in soup.find_all("a", href=True):
        href = str(anchor["href"])
        text = anchor.get_text(" ", strip=True).lower()
        if href.lower().endswith(".csv") or "csv" in text or "descargar" in text or "download" in text:
            return urljoin(base_url, href), ""
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    heading = soup.find(["h1", "h2"])
    words = title or (heading.get_text(" ", strip=True) if heading else "") or soup.get_text(" ", strip=True)
    return None, " ".join(words.split())[:120]


def _fetch(session: requests.Session, url: str, timeout: float, cancel: threading.Event,
           progress: Callable[[int, int, str], None] | None) -> requests.Response | bytes:  # fmt: skip
    response = session.get(url, timeout=timeout, stream=True)
    if response.status_code in RETRY_STATUS:
        response.close()
        return response
    if response.status_code >= 400:
        response.close()
        raise DownloadError(f"DataCrim answered HTTP {response.status_code} for {url}")
    expected = int(response.headers.get("Content-Length") or 0)
    chunks: list[bytes] = []
    received = 0
    try:
        for chunk in response.iter_content(chunk_size=256 * 1024):
            if cancel.is_set():
                raise CancelledError("download cancelled; the database is unchanged")
            chunks.append(chunk)
            received += len(chunk)
            if progress:
                progress(received, expected, "downloading DataCrim")
    except (requests.exceptions.ChunkedEncodingError, requests.exceptions.ConnectionError) as exc:
        raise DownloadError(f"the DataCrim download was cut off after {received} bytes (truncated body)") from exc
    finally:
        response.close()
    if expected and received < expected:
        raise DownloadError(f"the DataCrim download was cut off: {received} of {expected} bytes (truncated body)")
    return b"".join(chunks)


def download_datacrim(
    url: str = DEFAULT_URL,
    *,
    timeout: float = 60.0,
    retries: int = 3,
    backoff_s: float = 1.0,
    cancel: threading.Event | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    session: requests.Session | None = None,
) -> Path:
    """Download the DataCrim CSV and return the cached raw file. Raises :class:`DownloadError`."""
    cancel = cancel or threading.Event()
    session = session or requests.Session()
    session.headers.setdefault("User-Agent", USER_AGENT)
    attempts = max(1, int(retries) + 1)
    current = url
    followed_link = False
    last_problem = ""
    attempt = 0
    while attempt < attempts:
        attempt += 1
        if cancel.is_set():
            raise CancelledError("download cancelled; the database is unchanged")
        try:
            result = _fetch(session, current, timeout, cancel, progress)
        except (requests.exceptions.Timeout, requests.exceptions.ConnectionError) as exc:
            last_problem = f"{type(exc).__name__}: {exc}".split("\n")[0][:160]
            result = None
        except requests.exceptions.RequestException as exc:
            raise DownloadError(f"cannot download DataCrim from {current}: {exc}") from exc
        if isinstance(result, requests.Response):
            last_problem = f"HTTP {result.status_code}"
            result = None
        if result is None:
            log.warning("DataCrim attempt %d/%d failed: %s", attempt, attempts, last_problem)
            # Waiting on the cancel event, not sleeping: Cancel during a back-off stops at once.
            if attempt < attempts and cancel.wait(backoff_s * attempt):
                raise CancelledError("download cancelled; the database is unchanged")
            continue
        if not result.strip():
            raise DownloadError(f"DataCrim answered with an empty body ({current})")
        if _looks_like_html(result, ""):
            link, description = _html_csv_link(result, current)
            if link and not followed_link:
                followed_link, current, attempt = True, link, 0
                continue
            raise DownloadError(f"DataCrim answered with an HTML page instead of CSV: {description or 'no title'}")
        target = cache_dir() / f"datacrim-{dt.datetime.now():%Y%m%d-%H%M%S-%f}.csv"
        atomic_write_bytes(target, result)
        _prune_cache(keep=KEEP_DOWNLOADS)
        return target
    raise DownloadError(f"cannot reach DataCrim at {current} after {attempts} attempts ({last_problem})")


def _prune_cache(keep: int) -> None:
    """Raw downloads are ~70 MB each: keep the latest few, enough to re-import offline."""
    for old in sorted(cache_dir().glob("datacrim-*.csv"))[:-keep]:
        try:
            old.unlink()
        except OSError as exc:
            log.warning("cannot remove old download %s: %s", old, exc)


def latest_cached() -> Path | None:
    files = sorted(cache_dir().glob("datacrim-*.csv"))
    return files[-1] if files else None
