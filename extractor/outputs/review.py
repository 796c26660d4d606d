"""The review server: the review page of one run, and an API to record decisions.

A small standard-library HTTP server (``extractor review OUT_DIR``), bound to
127.0.0.1 by default:

- ``GET /`` (or ``/report.html``): the page, built afresh from ``OUT/evidence.sqlite``;
- ``GET /api/decisions``: ``{"decisions": [{figure_key, decision, decided_at, decision_note}]}``;
- ``POST /api/decision`` with JSON ``{figure_key, decision, note}``: records the
  decision in the store (by figure key, so it survives re-runs), rewrites
  ``OUT/figures.csv`` and ``OUT/report.html`` with the decisions, and answers
  ``{"ok": true, "decision": {...}}``; a bad request gets 400 and ``{"error": ...}``;
- ``GET /source/DOC_ID``: the input file an article was read from, as plain text.

Requests from other sites are refused: a decision must come as
``application/json`` (which a cross-site form cannot send without the browser
asking first), with no foreign ``Origin``, on a loopback address with a
loopback ``Host`` (against DNS rebinding), and with the ``X-Review-Token`` header
holding the token made when the server started and embedded in the page it
serves (``<meta name="review-token">``): another program on the machine, which
sends no ``Origin``, cannot record decisions without reading the page first.

Every bad request (bad JSON, nesting too deep, numbers too long, text that is not
valid Unicode) gets a 4xx and ``{"error": ...}``, and the server goes on. Decisions
are written one at a time; a request that waits more than ``LOCK_WAIT`` seconds for
its turn gets 503 with ``Retry-After``.
"""

from __future__ import annotations

import contextlib
import hmac
import json
import logging
import re
import secrets
import socket
import sqlite3
import threading
import webbrowser
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from ..reconcile.figures import stored_key
from .report import (
    PAGE_NAME,
    PAGES_DIR,
    REPORT_NAME,
    content_security_policy,
    render_report,
    source_file,
    store_path,
    write_report,
)
from .store import DECISIONS, StoreError, column_kinds, describe, read_decisions, read_table, save_decision
from .tables import write_parquet

log = logging.getLogger(__name__)

MAX_BODY = 64 * 1024
MAX_NOTE = 2000
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
TOKEN_HEADER = "X-Review-Token"
LOCK_WAIT = 20.0  # seconds a decision waits for the one before it
SURROGATE = re.compile("[\ud800-\udfff]")


def parse_json(body: bytes) -> Any:
    """A request body as JSON; :class:`BadRequest` for anything that is not plain JSON
    text: invalid UTF-8 or JSON, nesting too deep, integers too long, lone surrogates."""

    def small_int(digits: str) -> int:
        if len(digits) > 30:
            raise BadRequest("a number in the request is too long")
        return int(digits)

    try:
        payload = json.loads(body.decode("utf-8"), parse_int=small_int)
    except BadRequest:
        raise
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BadRequest(f"not valid JSON: {exc}") from exc
    except RecursionError as exc:
        raise BadRequest("not valid JSON: nested too deeply") from exc
    except ValueError as exc:
        raise BadRequest(f"not valid JSON: {exc}") from exc
    if isinstance(payload, dict):
        for name, value in payload.items():
            if isinstance(value, str) and SURROGATE.search(value):
                raise BadRequest(f"{name} is not valid Unicode text (a lone surrogate)")
    return payload


def with_token(page: str, token: str) -> str:
    """The page with the session's token in a ``<meta name="review-token">`` tag, which
    its script sends back with every decision."""
    return page.replace("<head>", f'<head>\n<meta name="review-token" content="{token}">', 1)


def hostname(host_header: str) -> str:
    """``127.0.0.1:8765`` -> ``127.0.0.1``; ``[::1]:8765`` -> ``[::1]``."""
    if host_header.startswith("["):
        return host_header.split("]")[0] + "]"
    return host_header.rsplit(":", 1)[0]


class BadRequest(ValueError):
    """A request the API cannot take; its message goes back to the page."""

    def __init__(self, message: str, status: HTTPStatus = HTTPStatus.BAD_REQUEST) -> None:
        super().__init__(message)
        self.status = status


def figure_keys(out_dir: Path) -> set[str]:
    """Keys of the figures in ``OUT/evidence.sqlite``."""
    figures = read_table(store_path(out_dir), "figures")
    return {stored_key(f) for f in figures.to_dict("records")}


def export_decisions(out_dir: Path) -> Path:
    """Rewrite ``OUT/figures.csv`` from the store's figures with the stored decisions
    (decision, decided_at, decision_note), as a re-run would; returns its path."""
    from ..run import with_decisions, write_whole  # deferred: run imports the spaCy pipeline

    path = store_path(out_dir)
    figures = read_table(path, "figures")
    out = Path(out_dir) / "figures.csv"
    figures = with_decisions(figures, read_decisions(path))
    write_whole(figures, out)
    if (Path(out_dir) / "figures.parquet").exists():  # a --format parquet folder keeps its copy current
        write_parquet([figures], out.with_suffix(".parquet"), column_kinds("figures", list(figures.columns)))
    return out


def record_decision(out_dir: Path, payload: Any) -> dict[str, Any]:
    """Check a decision request (``{figure_key, decision, note}``), save it in the store
    and export it to figures.csv and report.html; returns the stored decision."""
    if not isinstance(payload, dict):
        raise BadRequest("expected a JSON object {figure_key, decision, note}")
    unknown = set(payload) - {"figure_key", "decision", "note"}
    if unknown:
        raise BadRequest(f"unknown field(s): {', '.join(sorted(unknown))}")
    key, decision, note = payload.get("figure_key"), payload.get("decision"), payload.get("note") or ""
    if not isinstance(key, str) or not key:
        raise BadRequest("figure_key is required (a figure's data-figure-key)")
    if decision not in DECISIONS:
        raise BadRequest(f"decision must be one of {', '.join(DECISIONS)}")
    if not isinstance(note, str):
        raise BadRequest("note must be text")
    if len(note) > MAX_NOTE:
        raise BadRequest(f"note is longer than {MAX_NOTE} characters")
    if key not in figure_keys(out_dir):
        raise BadRequest("no figure with this figure_key in this run")
    saved = save_decision(store_path(out_dir), key, decision, note.strip())
    export_decisions(out_dir)
    write_report(out_dir)
    return saved


def check_store(path: Path) -> None:
    """StoreError when ``path`` is not a readable evidence store (damaged, not SQLite)."""
    try:
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            con.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        finally:
            con.close()
    except sqlite3.Error as exc:
        raise StoreError(describe(exc, path)) from exc


class ReviewServer(ThreadingHTTPServer):
    """An HTTP server for one run's folder; decisions are written one at a time."""

    daemon_threads = True
    request_queue_size = 128  # the default 5 resets connections when a page sends many at once

    def __init__(self, out_dir: Path, address: tuple[str, int]) -> None:
        self.out_dir = Path(out_dir)
        check_store(store_path(self.out_dir))  # fail before binding when there is nothing to review
        self.lock = threading.Lock()
        self.token = secrets.token_urlsafe(24)  # per server start: see the module docstring
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, ReviewHandler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        shown = f"[{host}]" if ":" in str(host) else host
        return f"http://{shown}:{port}/"


class ReviewHandler(BaseHTTPRequestHandler):
    """Routes of the review server (see the module docstring)."""

    server: ReviewServer
    server_version = "extractor-review"

    # --- plumbing ---
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the stdlib's name
        log.info("%s %s", self.address_string(), format % args)

    def _send(
        self, status: HTTPStatus, body: bytes, content_type: str, extra: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("X-Frame-Options", "DENY")
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _json(self, status: HTTPStatus, data: Any) -> None:
        self._send(status, json.dumps(data).encode("utf-8"), "application/json; charset=utf-8")

    def _error(self, status: HTTPStatus, message: str) -> None:
        self._json(status, {"error": message})

    def _host_ok(self) -> bool:
        """On a loopback address, only loopback host names (a page on another site that
        rebinds its name to 127.0.0.1 must not reach the API)."""
        if self.server.server_address[0] not in {"127.0.0.1", "::1"}:
            return True
        return hostname(self.headers.get("Host") or "") in LOOPBACK

    def _origin_ok(self) -> bool:
        """No Origin (not a browser), or this server's own."""
        origin = self.headers.get("Origin")
        return origin is None or urlsplit(origin).netloc == self.headers.get("Host")

    def _guarded(self, route: Callable[[], None]) -> None:
        """Run a route; an unexpected failure (a damaged store, a full disk) is a 500 with
        its cause, never a dropped connection, and the server goes on."""
        try:
            route()
        except Exception as exc:  # noqa: BLE001 - answer, log and keep serving
            log.exception("%s %s failed", self.command, self.path)
            with contextlib.suppress(OSError):  # the client may have gone
                self._error(HTTPStatus.INTERNAL_SERVER_ERROR, f"the server could not do this: {exc}")

    # --- routes ---
    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        self._guarded(self._get)

    do_HEAD = do_GET

    def do_POST(self) -> None:  # noqa: N802 - http.server's name
        self._guarded(self._post)

    def _get(self) -> None:
        if not self._host_ok():
            return self._error(HTTPStatus.FORBIDDEN, "unexpected Host header")
        path = urlsplit(self.path).path
        try:
            # a large batch's further pages
            further = path.startswith(f"/{PAGES_DIR}/") and PAGE_NAME.fullmatch(path.split("/")[-1])
            if path in ("/", "/index.html", f"/{REPORT_NAME}") or further:
                number = int(further.group(1)) if further else 1
                page = render_report(self.server.out_dir, number)
                page = with_token(page, self.server.token).encode("utf-8")
                return self._send(
                    HTTPStatus.OK,
                    page,
                    "text/html; charset=utf-8",
                    {"Content-Security-Policy": content_security_policy()},
                )
            if path == "/api/decisions":
                decisions = read_decisions(store_path(self.server.out_dir))
                rows = decisions.astype(object).where(decisions.notna(), None).to_dict("records")
                return self._json(HTTPStatus.OK, {"decisions": rows})
            if path.startswith("/source/"):
                return self._source(unquote(path.removeprefix("/source/")))
            if path == "/favicon.ico":
                return self._send(HTTPStatus.NO_CONTENT, b"", "text/plain")
        except FileNotFoundError as exc:
            return self._error(HTTPStatus.NOT_FOUND, str(exc))
        return self._error(HTTPStatus.NOT_FOUND, f"no such page: {path}")

    def _source(self, doc_id: str) -> None:
        """An article's input file, only for ids listed in the run's documents table."""
        documents = read_table(store_path(self.server.out_dir), "documents")
        rows = documents[documents["id"] == doc_id]
        if rows.empty:
            return self._error(HTTPStatus.NOT_FOUND, f"no article {doc_id!r} in this run")
        source = rows.iloc[0]["source"]
        file = source_file(source if isinstance(source, str) else None, self.server.out_dir)
        if file is None:
            return self._error(HTTPStatus.NOT_FOUND, f"input file {source} is no longer there")
        try:
            data = file.read_bytes()
        except OSError as exc:
            message = f"input file {source} cannot be read: {exc.strerror or exc}"
            return self._error(HTTPStatus.NOT_FOUND, message)
        return self._send(
            HTTPStatus.OK,
            data,
            "text/plain; charset=utf-8",
            {"Content-Security-Policy": "sandbox; default-src 'none'"},
        )

    def _post(self) -> None:
        path = urlsplit(self.path).path
        if path != "/api/decision":
            return self._error(HTTPStatus.NOT_FOUND, f"no such endpoint: {path}")
        if not self._host_ok():
            return self._error(HTTPStatus.FORBIDDEN, "unexpected Host header")
        if not self._origin_ok():
            return self._error(HTTPStatus.FORBIDDEN, "decisions are taken from this server's own page only")
        content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if content_type != "application/json":
            return self._error(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "send the decision as application/json")
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            return self._error(HTTPStatus.BAD_REQUEST, "bad Content-Length")
        if length <= 0 or length > MAX_BODY:
            return self._error(HTTPStatus.BAD_REQUEST, f"body must be 1 to {MAX_BODY} bytes of JSON")
        body = self.rfile.read(length)  # read before any refusal, so the answer is not cut off
        token = self.headers.get(TOKEN_HEADER) or ""
        if not hmac.compare_digest(token.encode("utf-8", "replace"), self.server.token.encode()):
            return self._error(HTTPStatus.FORBIDDEN, "decisions need this session's token: reload the page")
        if not self.server.lock.acquire(timeout=LOCK_WAIT):
            body = json.dumps({"error": "busy saving other decisions: try again"}).encode("utf-8")
            ctype = "application/json; charset=utf-8"
            return self._send(HTTPStatus.SERVICE_UNAVAILABLE, body, ctype, {"Retry-After": "2"})
        try:
            saved = record_decision(self.server.out_dir, parse_json(body))
        except BadRequest as exc:
            return self._error(exc.status, str(exc))
        except FileNotFoundError as exc:
            return self._error(HTTPStatus.NOT_FOUND, str(exc))
        finally:
            self.server.lock.release()
        log.info("decision %s on %s", saved["decision"], saved["figure_key"])
        return self._json(HTTPStatus.OK, {"ok": True, "decision": saved})


def make_server(out_dir: Path, host: str = "127.0.0.1", port: int = 8765) -> ReviewServer:
    """A review server for ``OUT`` bound to ``host:port`` (port 0: any free port), not
    yet serving; FileNotFoundError when ``OUT`` has no evidence store."""
    return ReviewServer(Path(out_dir), (host, port))


def serve(out_dir: Path, host: str = "127.0.0.1", port: int = 8765, *, open_browser: bool = False) -> None:
    """Serve the review page of ``OUT`` until interrupted; prints the address."""
    server = make_server(out_dir, host, port)
    if host not in {"127.0.0.1", "localhost", "::1"}:
        print(f"warning: listening on {host}: anyone who can reach it can change decisions", flush=True)
    print(f"Review page of {Path(out_dir)}: {server.url}  (Ctrl+C to stop)", flush=True)
    if open_browser:
        webbrowser.open(server.url)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
