"""Shared fixtures: one pipeline per test session (loading it is the slow part)."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language
from spacy.tokens import Doc

import extractor
from extractor.ingest import make_article
from extractor.run import make_doc

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def nlp() -> Language:
    return extractor.load()


@pytest.fixture(scope="session")
def nlp_blank() -> Language:
    return extractor.load("blank")


@pytest.fixture(scope="session")
def analyse(nlp: Language):
    """Text -> processed Doc, through ingest's cleaning as a .txt file would be."""

    def _analyse(text: str, doc_id: str = "t") -> Doc:
        return nlp(make_doc(nlp, make_article(doc_id, "test", text)))

    return _analyse


# --- runs of whole batches (the review page's tests) ------------------------------------


@pytest.fixture(scope="session")
def run_batch(nlp: Language):
    """(inputs, out) -> out: ``extractor run`` with the session's pipeline; the review
    page is written here too, so these tests do not depend on ``run`` writing it."""
    from extractor.outputs.report import write_report
    from extractor.run import run

    def _run(inputs: list[Path], out: Path) -> Path:
        run(inputs, out, nlp, progress=False)
        write_report(out)
        return out

    return _run


@pytest.fixture(scope="session")
def seeds_run_dir(run_batch, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A run of ../shared/seeds (read only: copy it to change it)."""
    if not (SHARED / "seeds").is_dir():
        pytest.skip(f"{SHARED / 'seeds'} not present (the seed articles live beside the repo)")
    return run_batch([SHARED / "seeds"], tmp_path_factory.mktemp("seeds-run"))


@pytest.fixture(scope="session")
def corpus_run_dir(run_batch, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A run of the sample corpus (read only: copy it to change it)."""
    return run_batch([ROOT / "corpus"], tmp_path_factory.mktemp("corpus-run"))


# an article whose text, headline and link try to become markup on the review page
HOSTILE_ARTICLE = {
    "id": "hostile",
    "headline": "<b>Bold</b> claims <script>window.__pwned = 'headline'</script>",
    "url": "javascript:window.__pwned = 'url'",
    "published": "2023-03-01",
    "text": (
        "Kent Police received 64 complaints <script>window.__pwned = 'script'</script> about officers "
        "between 2017 and 2022.\n\n"
        "Essex Police recorded 47 allegations <img src=x onerror=\"window.__pwned = 'img'\"> "
        "between 2017 and 2022, figures show.\n"
    ),
}


@pytest.fixture(scope="session")
def hostile_run_dir(run_batch, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A run of one article full of markup, as a JSON Lines feed."""
    import json

    inputs = tmp_path_factory.mktemp("hostile-in")
    (inputs / "feed.jsonl").write_text(json.dumps(HOSTILE_ARTICLE) + "\n", encoding="utf-8")
    return run_batch([inputs], tmp_path_factory.mktemp("hostile-run"))


@pytest.fixture(scope="module")
def start_server():
    """out -> a review server for it on 127.0.0.1 and a free port, serving in a thread
    (stopped at the end of the module)."""
    import threading

    from extractor.outputs.review import ReviewServer, make_server

    servers: list[ReviewServer] = []

    def _start(out: Path) -> ReviewServer:
        server = make_server(out, "127.0.0.1", 0)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return server

    yield _start
    for server in servers:
        server.shutdown()
        server.server_close()
