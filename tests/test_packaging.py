"""The package as others use it: a wheel installed in a fresh environment, the components
found by spaCy through entry points, and a saved pipeline loaded with ``spacy.load``."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tomllib
from importlib.metadata import entry_points
from pathlib import Path

import pytest
from spacy.language import Language
from spacy.util import registry
from thinc.api import Config

from extractor.lexicons import models_path

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))

# An invented article: a force, an official, a quote and figures with a period.
ARTICLE = (
    "Cumbria Constabulary recorded 73 complaints against its officers between 2019 and 2023, "
    "figures show.\n\n"
    "Chief Constable Imogen Varley said: \"Every one of these complaints has been looked at.\"\n\n"
    "Almost 40 of the complaints were made by members of the public.\n"
)


def _package_dirs() -> list[str]:
    """Every package of the source tree (folders with an __init__.py under extractor/)."""
    return sorted(
        ".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "extractor").rglob("__init__.py")
    )


def test_every_package_and_the_rule_data_are_listed() -> None:
    listed = PYPROJECT["tool"]["setuptools"]["packages"]
    assert sorted(p for p in listed if p != "extractor.models") == _package_dirs()
    assert PYPROJECT["tool"]["setuptools"]["package-dir"]["extractor.models"] == "models"
    patterns = PYPROJECT["tool"]["setuptools"]["package-data"]["extractor.models"]
    shipped = {p.suffix for p in (ROOT / "models").iterdir() if p.is_file()}
    assert shipped <= {pattern.lstrip("*") for pattern in patterns}


def test_every_component_has_a_spacy_factories_entry_point() -> None:
    config = Config().from_disk(models_path("pipeline.cfg"))
    factories = {settings["factory"] for settings in config["components"].values()}
    declared = PYPROJECT["project"]["entry-points"]["spacy_factories"]
    assert set(declared) == factories
    installed = {ep.name: ep for ep in entry_points(group="spacy_factories") if ep.name in factories}
    if set(installed) != factories:
        pytest.skip("the installed metadata predates the entry points: reinstall (pip install -e .)")
    for name, ep in installed.items():
        # the entry point names the function registered under its own name
        assert registry.factories.get(name) is ep.load()


def _records(python: str, script: str, *args: str, cwd: Path) -> dict:
    """Run ``script`` in a fresh process; it prints one JSON object as its last line."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    done = subprocess.run(
        [python, "-c", script, *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=300
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


DUMP = """
import json, sys
def dump(doc):
    out = {k: [r.to_dict() for r in getattr(doc._, k)] for k in ("claims", "entities", "quotes")}
    out["ents"] = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
    return out
"""
SAVE = DUMP + """
import extractor
nlp = extractor.load(sys.argv[2])
nlp.to_disk(sys.argv[1])
print(json.dumps(dump(nlp(sys.argv[3]))))
"""
# no import of extractor: spaCy finds the components through the entry points
LOAD = DUMP + """
import spacy
nlp = spacy.load(sys.argv[1])
print(json.dumps(dump(nlp(sys.argv[3]))))
"""


@pytest.mark.parametrize("model", ["auto", "blank"])
def test_saved_pipeline_loads_with_spacy_load_in_a_fresh_process(model: str, tmp_path: Path) -> None:
    if model == "auto":
        from extractor.pipeline import ModelNotFound, installed_model

        try:
            installed_model()
        except ModelNotFound as exc:
            pytest.skip(str(exc))
    if "extractor_claims" not in {ep.name for ep in entry_points(group="spacy_factories")}:
        pytest.skip("the spacy_factories entry points are not installed: reinstall (pip install -e .)")
    saved = tmp_path / "pipeline"
    before = _records(sys.executable, SAVE, str(saved), model, ARTICLE, cwd=tmp_path)
    after = _records(sys.executable, LOAD, str(saved), model, ARTICLE, cwd=tmp_path)
    assert after == before
    assert {r["measure"] for r in after["claims"]} == {"allegation"}
    assert {r["label"] for r in after["entities"]} >= {"FORCE", "OFFICIAL"}
    assert [q["speaker"] for q in after["quotes"]] == ["Imogen Varley"]


# --- the wheel ------------------------------------------------------------------------


def _build_wheel(tmp_path: Path) -> Path:
    """Build the wheel from a copy of the sources (the checkout is left untouched)."""
    try:
        import setuptools  # noqa: F401
        import wheel  # noqa: F401
    except ImportError as exc:
        pytest.skip(f"cannot build a wheel here: {exc.name} is not installed (pip install -e '.[dev]')")
    src = tmp_path / "src"
    for name in ("extractor", "models"):
        shutil.copytree(ROOT / name, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    dist = tmp_path / "dist"
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-build-isolation", "--no-deps", "--no-index",
         "-q", "-w", str(dist), str(src)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    if done.returncode != 0:
        pytest.skip(f"cannot build a wheel here: {done.stderr.strip()[-500:]}")
    return next(dist.glob("extractor-*.whl"))


def _fresh_venv(tmp_path: Path) -> Path:
    """A new venv that sees this environment's dependencies (spaCy, the model...) through a
    .pth file, but not its extractor: the .pth's folder is searched, its .pth files are not,
    so the editable install's finder stays out."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    (Path(site) / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    return venv


def test_wheel_installs_in_a_fresh_venv_and_runs_an_article(tmp_path: Path) -> None:
    wheel_file = _build_wheel(tmp_path)
    venv = _fresh_venv(tmp_path)
    python = str(venv / "bin" / "python")
    install = subprocess.run(
        [python, "-m", "pip", "install", "--no-index", "--no-deps", "--ignore-installed", "-q",
         str(wheel_file)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert install.returncode == 0, install.stderr[-2000:]
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "story.txt").write_text(ARTICLE, encoding="utf-8")
    # the package and its rule data come from the fresh venv, not from this checkout
    where = _records(
        python, "import json, extractor, extractor.lexicons as l; "
        "print(json.dumps([extractor.__file__, str(l.MODELS_DIR), extractor.__version__]))",
        cwd=elsewhere,
    )  # fmt: skip
    assert all(str(venv) in path for path in where[:2]), where
    assert where[2] == PYPROJECT["project"]["version"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    done = subprocess.run(
        [str(venv / "bin" / "extractor"), "run", "story.txt", "--out", "out", "--model", "blank"],
        cwd=elsewhere, capture_output=True, text=True, env=env, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    with (elsewhere / "out" / "claims.csv").open(encoding="utf-8") as handle:
        claims = list(csv.DictReader(handle))
    assert ("73", "cumbria") in {(c["text"], c["scope"]) for c in claims}
    assert (elsewhere / "out" / "report.html").is_file()


def test_components_added_to_a_users_own_pipeline_as_the_readme_shows(nlp_blank: Language) -> None:
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("extractor_paragraphs")
    for name in ("extractor_forces", "extractor_bodies", "extractor_officials",
                 "extractor_entities", "extractor_quotes", "extractor_claims"):  # fmt: skip
        nlp.add_pipe(name)
    ours, theirs = nlp_blank(ARTICLE), nlp(ARTICLE)
    for attr in ("claims", "entities", "quotes"):
        assert [r.to_dict() for r in getattr(theirs._, attr)] == [r.to_dict() for r in getattr(ours._, attr)]
    assert len(theirs._.claims) >= 2 and theirs._.people


@pytest.mark.parametrize("name", ["forces.csv", "pipeline.cfg"])
def test_package_rules_win_over_a_same_named_file_where_the_user_runs(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from extractor.lexicons import MODELS_DIR

    (tmp_path / name).write_text("a decoy of the user's own\n")
    monkeypatch.chdir(tmp_path)
    assert models_path(name) == MODELS_DIR / name
    # a path that is not a data file's name is taken as given
    (tmp_path / "my_forces.csv").write_text("id,name\n")
    assert models_path("my_forces.csv") == Path("my_forces.csv")
    assert models_path(tmp_path / name) == tmp_path / name


def test_the_test_command_s_needs_are_documented_and_installed_by_ci() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "apt-get install" in ci and "chromium chromium-driver" in ci
    assert '-e ".[dev,model]"' in ci and "pytest" in ci
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    needs = readme[readme.index("# set up and run the tests") : readme.index("## Your own wire copy")]
    for need in ("chromium", "chromium-driver", "../shared", "setuptools", "wheel"):
        assert need in needs, f"README's test section does not say the tests need {need}"
