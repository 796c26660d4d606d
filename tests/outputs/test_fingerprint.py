"""The store knows which rules and model made its records, and extracts again when they change."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from spacy.language import Language
from typer.testing import CliRunner

from extractor.cli import app
from extractor.fingerprint import differences, fingerprint, model_name, rules_digest
from extractor.lexicons import MODELS_DIR
from extractor.outputs.store import Store
from extractor.run import run

# invented articles: one plain text with a date line, one JSON Lines feed
ARTICLES = {
    "north.txt": "date 2024-03-02\nLancashire Constabulary received 41 complaints about officers in 2023.\n",
    "feed.jsonl": '{"id": "w1", "text": "Gwent Police dismissed 6 officers between 2020 and 2023."}\n'
    '{"id": "w2", "text": "Dorset Police recorded 18 allegations against staff in 2022."}\n',
}


def tables(out: Path) -> dict[str, bytes]:
    return {name: (out / f"{name}.csv").read_bytes() for name in ("documents", "entities", "claims")}


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _age(store_path: Path, part: str = "rules") -> None:
    """Make the store look as if its records came from other rules, and mark every claim so
    that a claim not extracted again shows."""
    with Store(store_path) as store:
        old = store.fingerprint()
        store.set_fingerprint({**old, part: "made-with-older-" + part})
        with store.con:
            store.con.execute("UPDATE claims SET measure = 'stale'")
            store.con.execute("UPDATE texts SET made_with = 'older'")


@pytest.mark.parametrize(
    ("edit", "changed"),
    [
        (lambda d: (d / "forces.csv").write_text("id,name\n"), True),  # a lexicon edited
        (lambda d: (d / "extra.json").write_text("{}"), True),  # a rule file added
        (lambda d: (d / "forces.csv").touch(), False),  # touched, same bytes
    ],
)
def test_rules_digest_follows_the_data_files(edit, changed: bool, tmp_path: Path) -> None:
    folder = tmp_path / "models"
    shutil.copytree(MODELS_DIR, folder)
    before = rules_digest(folder)
    edit(folder)
    assert (rules_digest(folder) != before) is changed


def test_model_name_is_read_without_loading_and_matches_the_loaded_pipeline(
    nlp: Language, nlp_blank: Language
) -> None:
    assert model_name("auto") == model_name(nlp)
    assert model_name("blank") == model_name(nlp_blank)
    assert model_name("auto") != model_name("blank")
    assert model_name("no_such_model_package").endswith("(no meta.json)")


def test_differences_name_the_parts() -> None:
    current = fingerprint("blank")
    assert differences(current, current) == []
    assert differences({**current, "rules": "x", "package": "0.0.1"}, current) == ["package", "rules"]
    assert differences(None, current) != []


def test_changed_rules_extract_every_stored_article_again_from_its_text(
    corpus: Path, tmp_path: Path, nlp_blank: Language
) -> None:
    out = tmp_path / "out"
    run([corpus], out, nlp_blank, progress=False)
    fresh = tables(out)
    _age(out / "evidence.sqlite")
    # only one of the three articles is given again: the other two come from the store's texts
    result = run([corpus / "north.txt"], out, nlp_blank, progress=False)
    assert result.changed == ["rules"]
    assert (result.extracted, result.reextracted, result.without_text) == (3, 2, [])
    assert tables(out) == fresh
    with Store(out / "evidence.sqlite") as store:
        assert store.fingerprint() == fingerprint(nlp_blank)
    # and then nothing is left to do
    again = run([corpus / "north.txt"], out, nlp_blank, progress=False)
    assert (again.extracted, again.unchanged, again.changed) == (0, 1, [])


def test_extracting_again_after_a_change_of_rules_resumes_where_it_stopped(
    corpus: Path, tmp_path: Path, nlp_blank: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    run([corpus], out, nlp_blank, progress=False)
    fresh = tables(out)
    _age(out / "evidence.sqlite")
    import extractor.run as run_module

    real = run_module.extract_local

    def stopped_after_one(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202 - extract_local's own
        records = real(*args, **kwargs)
        yield next(records)
        raise KeyboardInterrupt  # the run is stopped with one article done

    monkeypatch.setattr(run_module, "extract_local", stopped_after_one)
    with pytest.raises(KeyboardInterrupt):
        run([corpus], out, nlp_blank, progress=False, batch_size=1)
    monkeypatch.setattr(run_module, "extract_local", real)
    result = run([corpus], out, nlp_blank, progress=False)
    assert (result.extracted, result.unchanged, result.changed) == (2, 1, ["rules"])
    assert tables(out) == fresh


def test_a_store_without_texts_says_so_and_rebuild_starts_afresh(
    corpus: Path, tmp_path: Path, nlp_blank: Language
) -> None:
    out = tmp_path / "out"
    run([corpus], out, nlp_blank, progress=False)
    _age(out / "evidence.sqlite", part="model")
    with sqlite3.connect(out / "evidence.sqlite") as con:
        con.execute("DELETE FROM texts")  # as a store written before texts were kept
    result = run([corpus / "north.txt"], out, nlp_blank, progress=False)
    assert result.changed == ["model"]
    assert sorted(result.without_text) == ["w1", "w2"]
    with Store(out / "evidence.sqlite") as store:
        assert store.fingerprint()["model"] == "made-with-older-model"  # not all redone yet
    rebuilt = run([corpus / "north.txt"], out, nlp_blank, progress=False, rebuild=True)
    assert (rebuilt.extracted, rebuilt.changed, rebuilt.without_text) == (1, [], [])
    with Store(out / "evidence.sqlite") as store:
        assert store.table("documents")["id"].tolist() == ["north"]
        assert store.fingerprint() == fingerprint(nlp_blank)


def test_cli_says_what_changed_and_offers_rebuild(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    runner = CliRunner()
    first = runner.invoke(app, ["run", str(corpus), "--out", str(out), "--model", "blank"])
    assert first.exit_code == 0, first.output
    with sqlite3.connect(out / "evidence.sqlite") as con:
        con.execute("DELETE FROM texts WHERE id = 'w2'")
    _age(out / "evidence.sqlite")
    result = runner.invoke(app, ["run", str(corpus / "north.txt"), "--out", str(out), "--model", "blank"])
    assert result.exit_code == 0, result.output
    assert "made with other rules: every article was extracted again (1 from the texts" in result.output
    assert "1 stored article(s) keep extractions made with the old rules" in result.output
    assert "--rebuild" in result.output


def test_a_store_from_an_earlier_release_gains_the_new_columns_and_is_extracted_again(
    corpus: Path, tmp_path: Path
) -> None:
    """An earlier release's store lacks columns that records have since gained (here the
    claims' bases and the sentence offsets): it is opened, extended and extracted again, and
    ends with the same tables, columns in the same order, as a fresh run."""
    fresh, old = tmp_path / "fresh", tmp_path / "old"
    run([corpus], fresh, model="blank")
    run([corpus], old, model="blank")
    con = sqlite3.connect(old / "evidence.sqlite")
    with con:
        for table, dropped in (("claims", "scope_basis"), ("entities", "sentence_start")):
            con.execute(f'ALTER TABLE "{table}" DROP COLUMN "{dropped}"')
        con.execute("DROP TABLE meta")  # a store from before fingerprints and kept texts
        con.execute("DROP TABLE texts")
    con.close()
    run([corpus], old, model="blank")
    assert tables(old) == tables(fresh)
