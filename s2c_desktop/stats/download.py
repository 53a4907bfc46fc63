"""Downloading DataCrim (INEI) with requests; BeautifulSoup reads the HTML the service may answer with.

The service answers with CSV text, or with an HTML page: either a page that links to the CSV (followed)
or an error page (reported with its title). The body streams into the user's cache folder (never whole
in memory), with a size cap counted after decompression and an overall deadline; it is renamed into
place only when complete, so a failed, truncated, oversized or cancelled transfer leaves nothing, and an
import can be repeated offline.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import requests
import urllib3

from s2c_desktop import paths
from s2c_desktop.atomic import atomic_path
from s2c_desktop.errors import CancelledError, InputError, S2CError

log = logging.getLogger(__name__)

DEFAULT_URL = (
    "http://datacrim.inei.gob.pe/csv_controller/index?desde=tematico&id=40171,40172,40173,40514,40515,40516"
)
USER_AGENT = "Sketch2Color-Desktop (crime statistics; +offline study)"
RETRY_STATUS = {429, 500, 502, 503, 504}
KEEP_DOWNLOADS = 3
MAX_DOWNLOAD_BYTES = 512 * 1024 * 1024  # DataCrim's whole answer is ~70 MB
READ_CHUNK = 64 * 1024  # small reads: the cap, the deadline and Cancel are checked between them
HTML_SCAN_BYTES = 256 * 1024  # enough of an HTML answer to find its title or its link to the CSV
MAX_TIMEOUT_S = 3600.0  # one read waiting longer is a hung server; 1e308 s overflows the socket's time_t


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


class _FollowLink(Exception):  # noqa: N818 (control flow, never seen by the user)
    """The answer was an HTML page linking to the CSV: leave the cache untouched and fetch the link."""

    def __init__(self, link: str) -> None:
        super().__init__(link)
        self.link = link


@dataclass
class _Limits:
    timeout: float  # seconds per network read
    deadline: float  # time.monotonic() by which the whole download must be done
    max_bytes: int  # most bytes kept, after gzip/deflate is undone
    cancel: threading.Event
    progress: Callable[[int, int, str], None] | None

    def check(self, received: int) -> None:
        if self.cancel.is_set():
            raise CancelledError("download cancelled; the database is unchanged")
        if time.monotonic() > self.deadline:
            raise DownloadError(
                f"the DataCrim download did not finish in time (deadline passed after {received} bytes)",
                hint="raise --deadline or try again later",
            )
        if received > self.max_bytes:
            raise DownloadError(
                f"the DataCrim answer is larger than {self.max_bytes // 1_000_000} MB; nothing kept",
                hint="raise the download limit if the service really grew",
            )


def _stream_to(response: requests.Response, target: Path, limits: _Limits) -> int:
    """The body into ``target`` in small reads, so the cap, the deadline and a cancel act within one read."""
    expected = int(response.headers.get("Content-Length") or 0)
    if expected > limits.max_bytes:
        limits.check(expected)
    received = 0
    with open(target, "wb") as handle:
        while True:
            limits.check(received)
            try:
                chunk = response.raw.read1(READ_CHUNK, decode_content=True)
            except (urllib3.exceptions.HTTPError, requests.exceptions.RequestException, OSError) as exc:
                raise DownloadError(
                    f"the DataCrim download was cut off after {received} bytes (truncated body)"
                ) from exc
            if not chunk:
                break
            received += len(chunk)
            limits.check(received)
            handle.write(chunk)
            if limits.progress:
                limits.progress(received, expected, "downloading DataCrim")
    encoded = response.headers.get("Content-Encoding", "identity").lower() not in ("", "identity")
    if expected and not encoded and received < expected:
        raise DownloadError(
            f"the DataCrim download was cut off: {received} of {expected} bytes (truncated body)"
        )
    return received


def _fetch(session: requests.Session, url: str, target: Path, limits: _Limits) -> requests.Response | None:
    """Download ``url`` into ``target``: None when done, the response when its status deserves a retry."""
    remaining = limits.deadline - time.monotonic()
    if remaining <= 0:
        limits.check(0)
    response = session.get(url, timeout=min(limits.timeout, remaining), stream=True)
    try:
        if response.status_code in RETRY_STATUS:
            return response
        if response.status_code >= 400:
            raise DownloadError(f"DataCrim answered HTTP {response.status_code} for {url}")
        _stream_to(response, target, limits)
    finally:
        response.close()
    return None


def _check_body(body_path: Path, url: str, followed_link: bool) -> None:
    """Refuse an empty body or an HTML page (raising :class:`_FollowLink` for a page that links the CSV)."""
    with open(body_path, "rb") as handle:
        head = handle.read(HTML_SCAN_BYTES)
    if not head.strip():
        raise DownloadError(f"DataCrim answered with an empty body ({url})")
    if _looks_like_html(head, ""):
        link, description = _html_csv_link(head, url)
        if link and not followed_link:
            raise _FollowLink(link)
        raise DownloadError(
            f"DataCrim answered with an HTML page instead of CSV: {description or 'no title'}"
        )


def download_datacrim(
    url: str = DEFAULT_URL,
    *,
    timeout: float = 60.0,
    retries: int = 3,
    backoff_s: float = 1.0,
    deadline_s: float | None = None,
    max_bytes: int = MAX_DOWNLOAD_BYTES,
    cancel: threading.Event | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    session: requests.Session | None = None,
) -> Path:
    """Download the DataCrim CSV and return the cached raw file. Raises :class:`DownloadError`.

    ``timeout`` bounds each network read; ``deadline_s`` the whole download, retries included (default
    :func:`default_deadline`); ``max_bytes`` the body after decompression. A failed, capped, late or
    cancelled download leaves nothing in the cache.
    """
    check_timeout(timeout)
    cancel = cancel or threading.Event()
    session = session or requests.Session()
    session.headers.setdefault("User-Agent", USER_AGENT)
    attempts = max(1, int(retries) + 1)
    deadline = time.monotonic() + (
        deadline_s if deadline_s is not None else default_deadline(timeout, retries)
    )
    limits = _Limits(timeout, deadline, max_bytes, cancel, progress)
    current = url
    followed_link = False
    last_problem = ""
    attempt = 0
    while attempt < attempts:
        attempt += 1
        limits.check(0)
        target = cache_dir() / f"datacrim-{dt.datetime.now():%Y%m%d-%H%M%S-%f}.csv"
        try:
            with atomic_path(target, suffix=".part") as part:
                retry = _fetch(session, current, part, limits)
                if retry is not None:
                    last_problem = f"HTTP {retry.status_code}"
                    raise _Retry
                _check_body(part, current, followed_link)
        except _FollowLink as follow:
            followed_link, current, attempt = True, follow.link, 0
            continue
        except _Retry:
            pass
        except (requests.exceptions.Timeout, requests.exceptions.ConnectionError) as exc:
            last_problem = f"{type(exc).__name__}: {exc}".split("\n")[0][:160]
        except requests.exceptions.RequestException as exc:
            raise DownloadError(f"cannot download DataCrim from {current}: {exc}") from exc
        else:
            _prune_cache(keep=KEEP_DOWNLOADS)
            return target
        log.warning("DataCrim attempt %d/%d failed: %s", attempt, attempts, last_problem)
        # Waiting on the cancel event, not sleeping: Cancel during a back-off stops at once.
        if attempt < attempts and cancel.wait(
            min(backoff_s * attempt, max(0.0, deadline - time.monotonic()))
        ):
            raise CancelledError("download cancelled; the database is unchanged")
    raise DownloadError(f"cannot reach DataCrim at {current} after {attempts} attempts ({last_problem})")


class _Retry(Exception):  # noqa: N818 (control flow)
    """The server answered with a status worth retrying; the partial file is dropped."""


def check_timeout(timeout: float) -> None:
    if not (isinstance(timeout, int | float) and math.isfinite(timeout) and timeout > 0):
        raise InputError(f"timeout must be a positive number of seconds, not {timeout!r}")
    if timeout > MAX_TIMEOUT_S:
        raise InputError(f"timeout must be at most {MAX_TIMEOUT_S:g} seconds, not {timeout:g}")


def default_deadline(timeout: float, retries: int) -> float:
    """Six read timeouts per attempt: DataCrim's ~70 MB at the pace a slow link keeps up, no longer."""
    return 6 * timeout * (max(0, int(retries)) + 1)


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
