"""Ingest: each format, cleaning with an offset map, and every kind of bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractor.ingest import Article, IngestError, read_articles
from extractor.ingest.article import OffsetMap
from extractor.ingest.clean import boilerplate_rule
from extractor.lexicons import load_boilerplate


def read(*paths: Path) -> list[Article | IngestError]:
    return list(read_articles(paths))


def test_txt_date_line_is_publication_date_not_body(tmp_path: Path) -> None:
    (tmp_path / "kent.txt").write_text("  date 2022-03-04\nKent Police recorded 12 complaints.\n")
    [article] = read(tmp_path)
    assert article.published == "2022-03-04"
    assert article.body == "Kent Police recorded 12 complaints."
    assert article.text.startswith("  date 2022-03-04")  # offsets refer to the text as read


def test_txt_date_line_followed_by_text_on_the_same_line(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(" date 2021-10-11 New figures show a rise.")
    [article] = read(tmp_path)
    assert (article.published, article.body) == ("2021-10-11", "New figures show a rise.")
    start = article.offsets.to_raw(article.body.index("figures"))
    assert article.text[start : start + 7] == "figures"


def test_boilerplate_lines_removed_and_offsets_mapped(tmp_path: Path) -> None:
    text = (
        "Home   News   Article\n\nSubscribe Now\n\nEssex Police recorded 40 complaints.\n\n"
        "LEARN MORE\n\nTop Stories\n\nThe force said it acted.\n\n"
        "This site uses cookies. By continuing to browse the site you agree.\n\n"
        "Sorry, we are not accepting comments on this article.\n"
    )
    (tmp_path / "essex.txt").write_text(text)
    [article] = read(tmp_path)
    assert article.body == "Essex Police recorded 40 complaints.\n\nThe force said it acted."
    assert {reason for _, _, reason in article.removed} == {
        "boilerplate:breadcrumb-menu",
        "boilerplate:subscribe",
        "boilerplate:learn-more",
        "boilerplate:section-heads",
        "boilerplate:cookies",
        "boilerplate:comments-closed",
    }
    i = article.body.index("The force")
    raw = article.offsets.to_raw(i)
    assert article.text[raw : raw + 9] == "The force"
    end = article.offsets.to_raw(len(article.body), end=True)
    assert article.text[:end].endswith("acted.")


def test_repeated_caption_read_once_and_recorded(tmp_path: Path) -> None:
    caption = "Twelve Kent Police officers faced complaints last year, data shows."
    text = f"Intro paragraph about vetting.\n\n{caption}\n{caption}\n\nMore text.\n\n{caption}\n"
    (tmp_path / "kent.txt").write_text(text)
    [article] = read(tmp_path)
    assert article.body.count(caption) == 1
    starts = [r.raw_start for r in article.repeats]
    assert [text[s : s + len(caption)] for s in starts] == [caption, caption]
    assert all(r.first_raw_start == text.index(caption) for r in article.repeats)


def test_html_visible_text_without_furniture(tmp_path: Path) -> None:
    html = """<html><head><title>Page title</title><style>p{color:red}</style>
    <meta property="article:published_time" content="2023-05-02T10:00:00Z">
    <script>var x = "Kent Police";</script></head><body>
    <nav><a href="/">Home</a> <a>News</a></nav><header>Daily Bugle</header>
    <div class="cookie-banner">We use cookies to improve your experience. <button>Accept</button></div>
    <article><h1>Kent Police figures</h1><p>Kent Police recorded <b>12</b> complaints.</p>
    <figure><img src="x.jpg"><figcaption>Officers on patrol.</figcaption></figure>
    <p>Subscribe Now</p></article><footer>© Daily Bugle</footer></body></html>"""
    (tmp_path / "page.html").write_text(html)
    [article] = read(tmp_path)
    assert (
        article.text
        == "Kent Police figures\n\nKent Police recorded 12 complaints.\n\nOfficers on patrol.\n\nSubscribe Now"
    )
    # the caption stays in the text as read (offsets), but is not read as article text
    assert article.body == "Kent Police figures\n\nKent Police recorded 12 complaints."
    assert article.published == "2023-05-02"
    assert article.headline == "Page title"


def test_jsonl_feed_ours_and_ninjs_and_bad_lines(tmp_path: Path) -> None:
    lines = [
        json.dumps(
            {
                "id": "pa/kent 1",
                "text": "Kent Police said 5.",
                "published": "2022-01-02",
                "url": "https://example.org/a",
                "headline": "Kent",
            }
        ),
        "{not json",
        json.dumps({"id": "no-text", "headline": "Nothing"}),
        "",
        json.dumps(
            {
                "uri": "urn:newsml:example.org:20220103:essex",
                "body_text": "Essex Police said 7.",
                "versioncreated": "2022-01-03T09:00:00Z",
                "headline": "Essex",
            }
        ),
    ]
    (tmp_path / "wire.jsonl").write_text("\n".join(lines))
    records = read(tmp_path)
    assert [(type(r).__name__, r.id) for r in records] == [
        ("Article", "pa_kent_1"),
        ("IngestError", "wire-L2"),
        ("IngestError", "no-text"),
        ("Article", "urn_newsml_example.org_20220103_essex"),
    ]
    assert records[0].published == "2022-01-02" and records[0].url == "https://example.org/a"
    assert records[3].published == "2022-01-03" and records[3].text == "Essex Police said 7."
    assert "line 2: not valid JSON" in records[1].error
    assert "line 3: no article text" in records[2].error
    assert records[1].source.endswith("wire.jsonl#L2")


def test_ids_are_stable_unique_and_hashed(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "story.txt").write_text("Kent Police said one thing.")
    (tmp_path / "b" / "story.txt").write_text("Kent Police said one thing.")
    first, second = read(tmp_path)
    assert (first.id, second.id) == ("a__story", "b__story")
    assert first.sha256 == second.sha256 and len(first.sha256) == 64


@pytest.mark.parametrize(
    ("name", "content", "cause"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\n ", "empty file"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        ("furniture.txt", b"Subscribe Now\n\nTop Stories\n", "no article text left"),
        ("notes.docx", b"PK\x03\x04", "binary file" if False else "unsupported file type"),
        ("empty.html", b"<html><body><nav>Home</nav></body></html>", "no visible article text"),
    ],
)
def test_bad_input_is_an_error_row_and_the_batch_goes_on(
    tmp_path: Path, name: str, content: bytes, cause: str
) -> None:
    (tmp_path / name).write_bytes(content)
    (tmp_path / "good.txt").write_text("Kent Police said 12 officers were involved.")
    paths = [tmp_path / name, tmp_path / "good.txt"]  # named directly, so any suffix is read
    bad, good = read(*paths)
    assert isinstance(bad, IngestError) and cause in bad.error and bad.source.endswith(name)
    assert isinstance(good, Article)


def test_cp1252_decoded_with_a_warning_naming_the_file(tmp_path: Path, caplog) -> None:
    (tmp_path / "legacy.txt").write_bytes("Kent Police\u2019s chief said \u201cno\u201d.".encode("cp1252"))
    [article] = read(tmp_path)
    assert article.text == "Kent Police\u2019s chief said \u201cno\u201d."
    assert "decoded as cp1252" in article.warning
    assert "legacy.txt" in caplog.text


def test_undecodable_bytes(tmp_path: Path) -> None:
    (tmp_path / "bad.txt").write_bytes(b"Kent Police \x81\x8d\x8f\x90\x9d said.")
    [record] = read(tmp_path)
    assert isinstance(record, IngestError) and "undecodable" in record.error


def test_unreadable_file(tmp_path: Path, monkeypatch) -> None:
    locked = tmp_path / "locked.txt"
    locked.write_text("Kent Police said 12.")
    (tmp_path / "open.txt").write_text("Essex Police said 7.")
    real = Path.open

    def open_file(self: Path, *args, **kwargs):  # noqa: ANN002, ANN003, ANN202 - root reads any mode, so deny
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", open_file)
    locked_record, open_record = read(tmp_path)
    assert isinstance(locked_record, IngestError)
    assert locked_record.error == "cannot read file: Permission denied"
    assert isinstance(open_record, Article)


def test_unreadable_path_is_named(tmp_path: Path) -> None:
    [record] = read(tmp_path / "missing.txt")
    assert (
        isinstance(record, IngestError)
        and record.error == f"no such file or folder: {tmp_path / 'missing.txt'}"
    )


# (body_start, raw_start, length) pieces: two paragraphs with a 2-char separator between
# them in the body, a gap of 5 cut from the raw text; and an empty piece at the end
SEGMENTS = ((0, 3, 10), (12, 18, 6), (18, 30, 0))


@pytest.mark.parametrize(
    ("offset", "end", "expected"),
    [
        (0, False, 3),  # the first character
        (9, False, 12),  # the last character of the first piece
        (10, True, 13),  # the end of the first piece, exclusive
        (11, False, 12),  # inside the separator: held at the piece before it
        (12, False, 18),  # the second piece's first character
        (12, True, 13),  # an end just past the separator: the first piece's end
        (17, False, 23),
        (18, True, 24),  # the end of the second piece
        (18, False, 30),  # on the empty piece: its start
        (40, False, 30),
        (-3, False, 3),  # before the first piece: held at its start
    ],
)
def test_body_offsets_map_back_to_the_text_as_read(offset: int, end: bool, expected: int) -> None:
    assert OffsetMap(SEGMENTS).to_raw(offset, end=end) == expected


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("Read\u00a0 MORE", "learn-more"),  # any whitespace run reads as one space, any case
        ("  Top\tStories ", "section-heads"),
        ("Sign up", "subscribe"),
        ("Sign up for the Harrowfield Gazette's weekly quiz", None),  # a sentence, not a button
        ("Officers said the site uses cookies to track visitors", None),
        ("By continuing, you agree: this website uses cookies.", "cookies"),  # anywhere in the line
    ],
)
def test_a_furniture_line_is_named_by_the_first_rule_it_matches(line: str, rule: str | None) -> None:
    assert boilerplate_rule(line, load_boilerplate()) == rule
