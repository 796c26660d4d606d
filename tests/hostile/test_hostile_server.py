"""The review server under hostile requests (issue 16): a 4xx for every bad request and
the server goes on; decisions need the page's session token; 50 decisions at once all
succeed or get a clear 503."""

from __future__ import annotations

import http.client
import json
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from spacy.language import Language

from extractor.outputs.review import TOKEN_HEADER, figure_keys
from extractor.outputs.store import read_decisions
from extractor.run import run


@pytest.fixture(scope="module")
def review_run(nlp_blank: Language, tmp_path_factory: pytest.TempPathFactory) -> Path:
    inputs = tmp_path_factory.mktemp("review-in")
    (inputs / "one.txt").write_text("date 2022-02-01\nOakhollow Police logged 44 complaints in 2021.\n")
    (inputs / "two.txt").write_text(
        "date 2022-02-03\nOakhollow Police logged almost 45 complaints in 2021.\n"
    )
    out = tmp_path_factory.mktemp("review-out")
    run([inputs], out, nlp_blank, progress=False)
    return out


@pytest.fixture()
def server(review_run: Path, start_server, tmp_path: Path):
    import shutil

    return start_server(Path(shutil.copytree(review_run, tmp_path / "out")))


def call(server, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
    """(status, parsed JSON or text) of one request, on its own connection."""
    host, port = server.server_address[:2]
    con = http.client.HTTPConnection(host, port, timeout=60)
    try:
        con.request(method, path, body=body, headers=headers or {})
        response = con.getresponse()
        data = response.read().decode("utf-8", "replace")
    finally:
        con.close()
    kind = response.getheader("Content-Type") or ""
    return response.status, json.loads(data) if kind.startswith("application/json") else data


def token(server) -> str:
    _, page = call(server, "GET", "/")
    return re.search(r'<meta name="review-token" content="([^"]+)">', page).group(1)


def decision(server, body: bytes, with_token: bool | str = True):
    headers = {"Content-Type": "application/json"}
    if with_token:
        headers[TOKEN_HEADER] = token(server) if with_token is True else with_token
    return call(server, "POST", "/api/decision", body, headers)


def a_key(server) -> str:
    return sorted(figure_keys(server.out_dir))[0]


def test_decisions_need_the_pages_token(server) -> None:
    body = json.dumps({"figure_key": a_key(server), "decision": "verified"}).encode()
    assert decision(server, body, with_token=False)[0] == 403
    assert decision(server, body, with_token="guessed")[0] == 403
    assert read_decisions(server.out_dir / "evidence.sqlite").empty
    status, answer = decision(server, body)
    assert status == 200 and answer["decision"]["decision"] == "verified"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b'{"figure_key": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", "nested too deeply"),
        (b'{"figure_key": "k", "decision": "wrong", "note": ' + b"9" * 5000 + b"}", "too long"),
        (b'{"figure_key": "k", "decision": "wrong", "note": "\\ud800"}', "lone surrogate"),
        (b'{"figure_key": "\xff\xfe"}', "not valid JSON"),
        (b'{"figure_key": "k", "decision": "wrong", "note": 1e999999}', "note must be text"),
    ],
)  # fmt: skip
def test_bad_bodies_get_a_400_and_the_server_goes_on(server, body: bytes, message: str) -> None:
    if len(body) > 64 * 1024:
        body = b'{"figure_key": ' + b"[" * 30_000 + b"]" * 30_000 + b"}"
    status, answer = decision(server, body)
    assert status == 400 and message in answer["error"]
    assert call(server, "GET", "/")[0] == 200
    assert read_decisions(server.out_dir / "evidence.sqlite").empty


@pytest.mark.parametrize(
    "path", ["/source/%00", "/source/" + "x" * 5000, "/source/%ff%fe", "/api/decisions?x=%00"]
)
def test_odd_paths_are_answered(server, path: str) -> None:
    status, _ = call(server, "GET", path)
    assert status in (200, 404)
    assert call(server, "GET", "/")[0] == 200


def test_fifty_decisions_at_once(server) -> None:
    key, session = a_key(server), token(server)
    notes = [f"check {i}" for i in range(50)]

    def one(note: str) -> int:
        body = json.dumps({"figure_key": key, "decision": "needs-follow-up", "note": note}).encode()
        headers = {"Content-Type": "application/json", TOKEN_HEADER: session}
        return call(server, "POST", "/api/decision", body, headers)[0]

    with ThreadPoolExecutor(max_workers=50) as pool:
        statuses = list(pool.map(one, notes))
    assert set(statuses) <= {200, 503} and statuses.count(200) >= 1
    [saved] = read_decisions(server.out_dir / "evidence.sqlite").to_dict("records")
    assert saved["decision"] == "needs-follow-up" and saved["decision_note"] in notes
