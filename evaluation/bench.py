"""Speed and memory, measured: the stock model against the full extractor.

    python evaluation/bench.py                 # 2,000 articles; table and JSON
    python evaluation/bench.py --articles 500 --memory-articles 0
    python evaluation/bench.py --json-only
    python evaluation/bench.py --repeat 3      # best of 3 runs of each (a busy machine)
    python evaluation/bench.py --long-sentence 1   # only: a 1 MB one-sentence article

Builds a corpus of N articles (deterministic seed) whose stories grow with N as a
real archive's do (scopes, periods, measures, regional and national totals: see
``extractor/evaluate/synthetic.py``), told in the paragraph shapes of the sample
corpus and, when ``../shared/dev`` is there, of the dev articles, with invented
sentence frames filled at random (no sentence of theirs is copied, none repeats).
Then, each in a fresh process so that peak memory (RSS) is its own:

  a. stock     the statistical English model alone (``nlp.pipe`` over the texts);
  b. full      the whole extractor, ingest to review page (``extractor.run.run``),
               with each stage's seconds: ingest, NLP, records, store, reconcile,
               checks, page;
  c. rules     the same run with the rule-based pipeline on ``spacy.blank("en")``.

It also runs a and b over the dev set's articles in place (the same ratio on real
structure), writes the review page of a synthetic 20,000-article batch and times how
long its pages take to be ready in headless Chromium (``--page-articles``), and with
``--doubling N`` times reconcile + checks + page on N/2 and N synthetic articles.

Runs alternate (a, b, c, a, b, c...) and each kind's best of ``--repeat`` runs is
reported, so that a slow spell of a shared machine does not land on one kind only.
It prints words/s, articles/s, the ratio b/a and peak RSS of each, and the
peak RSS of a rules-only run on ``--memory-articles`` (default 20,000) beside
the same run on N: the ratio shows whether outputs are streamed, not held.
Targets: b/a >= 0.9; c >= 30,000 words/s; memory ratio <= 1.5; report.html < 8 MB and
every page ready in under 3 s; doubling growth <= 2.3.

``--long-sentence MB`` runs one hostile case instead: an article of MB megabytes
that is one sentence with a force and a figure every 60 characters, through the
rules pipeline. Output must stay linear in the input: every output file together
at most ``OUTPUT_PER_INPUT_BYTE`` (64) bytes per input byte (records keep a
bounded window of their sentence, not the whole of it).
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED_DEV = ROOT.parent / "shared" / "dev"  # read in place when present, never copied
sys.path.insert(0, str(ROOT))

FORCE_NAMES = [
    "Kent Police", "Essex Police", "Dorset Police", "Surrey Police", "Sussex Police",
    "Gwent Police", "Cleveland Police", "Norfolk Constabulary", "Suffolk Constabulary",
    "Durham Constabulary", "Cumbria Constabulary", "Lancashire Constabulary",
]  # fmt: skip
OUTPUT_PER_INPUT_BYTE = 64


def long_sentence(chars: int) -> str:
    """One sentence of ``chars`` characters: a force and a figure in every clause."""
    clauses = [f"{force} logged {n} complaints in 2021, " for n, force in enumerate(FORCE_NAMES, 3)]
    text = "".join(clauses)
    return (text * (chars // len(text) + 1))[: chars - 1] + "."


def long_sentence_case(megabytes: float) -> dict:
    """Run the rules pipeline on one ``megabytes`` MB one-sentence article; output sizes."""
    from extractor.run import run

    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "in" / "long.txt"
        source.parent.mkdir()
        source.write_text(long_sentence(int(megabytes * 1_000_000)), encoding="utf-8")
        out = Path(tmp) / "out"
        start = time.perf_counter()
        result = run([source.parent], out, model="blank", progress=False)
        seconds = time.perf_counter() - start
        gc.collect()  # the review page's reader connections close here, and SQLite drops its log
        sizes = {p.name: p.stat().st_size for p in sorted(out.iterdir()) if p.is_file()}
    total, size_in = sum(sizes.values()), int(megabytes * 1_000_000)
    return {
        "input_bytes": size_in, "seconds": round(seconds, 1), "claims": result.counts.get("claims", 0),
        "output_bytes": sizes, "output_total": total, "per_input_byte": round(total / size_in, 1),
        "target_met": total <= OUTPUT_PER_INPUT_BYTE * size_in,
    }  # fmt: skip



# invented wording: a few sentence frames, filled per article (forces, people, numbers,
# years and words drawn at random), so no two articles repeat a sentence
RANKS = ("Chief Constable", "Deputy Chief Constable", "Assistant Chief Constable", "Detective Superintendent")
FIRST_NAMES = (
    "Alys",
    "Bram",
    "Cerys",
    "Dov",
    "Esme",
    "Fintan",
    "Greer",
    "Hollis",
    "Imani",
    "Jory",
    "Kit",
    "Lorna",
)
SURNAMES = ("Holt", "Okafor", "Reyes", "Marsh", "Penrose", "Shah", "Carver", "Lewis", "Dean", "Hart", "Quill")
PLAIN = (
    "The {w} review looked at {w} and {w} across the service.",
    "Campaigners said the {w} showed a need for {w} {w}.",
    "Officers are expected to {w} the {w} before the end of the {w}.",
    "The report, published on {day}, also examined {w} {w} in the {w} sector.",
    "A {w} group welcomed the {w} but warned that {w} remained.",
)
QUOTE = (
    '"We take every {w} seriously and will {w} the {w}," said {rank} {name} of {force}.',
    '{rank} {name} added: "There is no place in {force} for {w} {w}."',
    '"The {w} speaks for itself," {name}, of the {w} {w}, said.',
)
FIGURE = (
    "Across {area}, {n} {what} were recorded between {a} and {b}, the figures show.",
    "{force} recorded {m} {what} in the same period, according to data it released.",
    "Of those, {male} were against male officers and {female} against female officers.",
    "In {a_before} to {b_before}, {force} had {m_before} {what}.",
    "Almost {rounded} {what} were logged nationally over the {span} years to {b}.",
)


def source_shapes() -> list[list[tuple[str, int]]]:
    """The paragraph structure of the sample corpus's articles, and of the dev set's when
    ``../shared/dev`` is there: per article, each paragraph's kind (``figure``: has a
    digit, ``quote``: has a quotation mark, ``plain``) and word count. Shapes only: no
    sentence of theirs is kept."""
    files = sorted((ROOT / "corpus").rglob("*.txt"))
    if SHARED_DEV.is_dir():
        files += sorted(SHARED_DEV.rglob("*.txt"))
    shapes = []
    for path in files:
        text = path.read_text(encoding="utf-8")
        paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip() and not p.startswith("date ")]
        shape = []
        for p in paragraphs:
            kind = (
                "figure" if re.search(r"\d", p) else "quote" if re.search(r"[\"\u201c\u201d]", p) else "plain"
            )
            shape.append((kind, len(p.split())))
        if shape:
            shapes.append(shape)
    return shapes


def vocabulary() -> list[str]:
    """Lower-case words of four letters or more from the same sources (single words, to
    fill the frames' ``{w}`` slots)."""
    files = sorted((ROOT / "corpus").rglob("*.txt"))
    if SHARED_DEV.is_dir():
        files += sorted(SHARED_DEV.rglob("*.txt"))
    words = set()
    for path in files:
        words.update(re.findall(r"\b[a-z]{4,}\b", path.read_text(encoding="utf-8")))
    return sorted(words)


def build_corpus(n: int, folder: Path, seed: int = 2026) -> int:
    """Write ``n`` article files: stories drawn as in :mod:`extractor.evaluate.synthetic`
    (scopes, periods, measures, regional and national totals growing with ``n``), told in
    the paragraph shapes of the sample and dev articles with invented frames. Returns the
    word count."""
    from extractor.evaluate.synthetic import ARTICLES_PER_STORY, story_for
    from extractor.lexicons import load_forces, slug

    rng = random.Random(seed)
    shapes, vocab = source_shapes(), vocabulary()
    forces = [f for f in load_forces() if f.kind == "territorial" and f.region]
    n_stories = max(1, n // ARTICLES_PER_STORY)
    words = 0
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        story = story_for(i % n_stories, seed)
        members = [f for f in forces if story.area == "national" or f"region:{slug(f.region)}" == story.area]
        force = members[(i // n_stories) % len(members)]
        a, b = story.period
        area = "England and Wales" if story.area == "national" else f"the {members[0].region} region"
        what = story.noun + (" made by the public" if dict(story.qualifiers).get("complainant") else "")
        total = 40 * len(members) + (story.number * 37) % 300
        own = 5 + (story.number * 13 + len(force.id)) % 90
        fill = {
            "area": area, "what": what, "a": a, "b": b, "n": f"{total:,}", "m": own, "force": force.name,
            "male": own * 3 // 4, "female": own - own * 3 // 4, "a_before": a - 1, "b_before": b - 1,
            "m_before": own + rng.randint(-6, 6), "rounded": round(total, -1) + 10, "span": b - a + 1,
        }  # fmt: skip
        paragraphs = []
        figure_lines = iter(FIGURE)
        for kind, length in shapes[i % len(shapes)]:
            sentences: list[str] = []
            while sum(len(x.split()) for x in sentences) < length:
                if kind == "figure" and (line := next(figure_lines, None)):
                    frame = line
                else:
                    frame = rng.choice(QUOTE if kind == "quote" else PLAIN)
                name = f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"
                sentences.append(frame.format_map({
                    **fill, "rank": rng.choice(RANKS), "name": name, "day": f"{rng.randint(1, 28)} March",
                    "w": _Words(rng, vocab),
                }))  # fmt: skip
                if kind != "plain":
                    break  # one figure or quote a paragraph, as wire copy has
            paragraphs.append(" ".join(sentences))
        text = f"date {b + 1}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}\n" + "\n\n".join(paragraphs)
        (folder / f"article-{i:06d}.txt").write_text(text + "\n", encoding="utf-8")
        words += len(text.split())
    return words


class _Words:
    """A ``{w}`` slot: a fresh random word each time the frame reads it."""

    def __init__(self, rng: random.Random, vocab: list[str]) -> None:
        self.rng, self.vocab = rng, vocab

    def __format__(self, spec: str) -> str:
        return self.rng.choice(self.vocab)


# --- one measurement per process -----------------------------------------------------


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


class Stages:
    """Seconds spent in each stage of a run, by wrapping the functions that do them (the
    run's own code is not changed): ingest (reading files), records (Doc -> records), store
    (writing and exporting the store), reconcile, checks, page; NLP is what is left."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    def wrap(self, owner: object, name: str, stage: str, generator: bool = False) -> None:
        original = getattr(owner, name)
        seconds = self.seconds
        seconds.setdefault(stage, 0.0)

        def timed(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                seconds[stage] += time.perf_counter() - start

        def timed_iter(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
            it = original(*args, **kwargs)
            while True:
                start = time.perf_counter()
                try:
                    item = next(it)
                except StopIteration:
                    seconds[stage] += time.perf_counter() - start
                    return
                seconds[stage] += time.perf_counter() - start
                yield item

        setattr(owner, name, timed_iter if generator else timed)

    def install(self) -> None:
        import extractor.engines as engines
        import extractor.run as run_module
        from extractor.outputs.store import Store
        from extractor.reconcile.figures import Reconciler

        self.wrap(run_module, "read_articles", "ingest", generator=True)
        self.wrap(engines, "records_of", "records")
        self.wrap(Store, "put_articles", "store")
        self.wrap(Store, "put_reconciled", "store")
        self.wrap(run_module, "_export", "store")
        self.wrap(Reconciler, "add", "reconcile")
        self.wrap(Reconciler, "figures", "reconcile")
        self.wrap(run_module, "run_checks", "checks")
        self.wrap(run_module, "_write_report", "page")


def _texts(corpus: Path) -> list[Path]:
    return sorted(corpus.rglob("*.txt"))


def measure(kind: str, corpus: Path, out: Path) -> dict:
    """Runs in a child process; prints one JSON line."""
    files = _texts(corpus)
    stages: dict[str, float] = {}
    if kind == "stock":
        from extractor.pipeline import base_pipeline

        nlp = base_pipeline("auto")
        texts = (p.read_text(encoding="utf-8") for p in files)
        start = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=32):
            pass
        seconds = time.perf_counter() - start
    else:
        from extractor import load
        from extractor.run import run

        nlp = load("auto" if kind == "full" else "blank")
        watch = Stages()
        watch.install()
        start = time.perf_counter()
        run([corpus], out, nlp, progress=False)
        seconds = time.perf_counter() - start
        stages = dict(watch.seconds)
        stages["nlp"] = seconds - sum(stages.values())
    return {"kind": kind, "seconds": seconds, "peak_rss_mb": _peak_rss_mb(), "stages": stages}


def page_check(n: int, folder: Path) -> dict:
    """A synthetic batch of ``n`` articles straight into a store (no NLP), reconciled and its
    review page written: seconds, page files and sizes, and, where Debian's chromium and
    chromedriver are installed, how long the first and the largest page take to be ready."""
    from extractor.evaluate.synthetic import write_batch
    from extractor.outputs.report import PAGES_DIR, REPORT_NAME
    from extractor.run import reconcile_dir

    write_batch(folder, n)
    start = time.perf_counter()
    reconcile_dir(folder)
    seconds = time.perf_counter() - start
    files = [folder / REPORT_NAME, *sorted((folder / PAGES_DIR).glob("p*.html"))]
    largest = max(files, key=lambda p: p.stat().st_size)
    out = {
        "articles": n, "reconcile_checks_page_seconds": round(seconds, 2), "page_files": len(files),
        "report_html_mb": round(files[0].stat().st_size / 1e6, 2),
        "largest_page_mb": round(largest.stat().st_size / 1e6, 2),
    }  # fmt: skip
    out.update(_open_times({"report_html": files[0], "largest_page": largest}))
    return out


def _open_times(pages: dict[str, Path]) -> dict:
    """Milliseconds until each page is ready in headless Chromium (the page's clock)."""
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.options import Options
        from selenium.webdriver.chrome.service import Service
        from selenium.webdriver.support.ui import WebDriverWait
    except ImportError:
        return {"open_ms": "selenium not installed"}
    if not (Path("/usr/bin/chromium").exists() and Path("/usr/bin/chromedriver").exists()):
        return {"open_ms": "chromium or chromedriver not installed"}
    options = Options()
    options.binary_location = "/usr/bin/chromium"
    with tempfile.TemporaryDirectory() as profile:
        for arg in (
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            f"--user-data-dir={profile}",
            "--window-size=1366,1000",
        ):
            options.add_argument(arg)  # fmt: skip
        driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        try:
            times = {}
            for label, path in [("warm-up", next(iter(pages.values()))), *pages.items()]:
                driver.get(path.as_uri())
                ready = "return document.body.dataset.ready"
                WebDriverWait(driver, 120).until(lambda d, ready=ready: d.execute_script(ready) == "true")
                times[label] = int(driver.execute_script("return document.body.dataset.readyMs"))
        finally:
            driver.quit()
    times.pop("warm-up")
    return {"open_ms": times}


def child(kind: str, corpus: Path, words: int, articles: int) -> dict:
    """One measurement in a fresh process (its peak memory its own)."""
    with tempfile.TemporaryDirectory() as out:
        done = subprocess.run(
            [sys.executable, __file__, "--child", kind, str(corpus), out],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
    row = json.loads(done.stdout.strip().splitlines()[-1])
    row["words_per_s"] = words / row["seconds"]
    row["articles_per_s"] = articles / row["seconds"]
    return row


def doubling(n: int, root: Path) -> dict:
    """Seconds of reconcile + checks + page on synthetic batches of ``n / 2`` and ``n``."""
    from extractor.evaluate.synthetic import write_batch
    from extractor.run import reconcile_dir

    seconds = {}
    for size in (n // 2, n):
        folder = root / f"doubling-{size}"
        write_batch(folder, size)
        start = time.perf_counter()
        reconcile_dir(folder)
        seconds[size] = time.perf_counter() - start
    return {"articles": list(seconds), "seconds": [round(x, 2) for x in seconds.values()],
            "growth": round(seconds[n] / seconds[n // 2], 2)}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--memory-articles", type=int, default=20000, help="0 skips the memory run")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--repeat", type=int, default=2, help="runs of each kind; the best is reported")
    parser.add_argument(
        "--page-articles",
        type=int,
        default=20000,
        help="synthetic batch for the review page's size and open time; 0 skips",
    )
    parser.add_argument(
        "--doubling",
        type=int,
        default=0,
        help="time reconcile + checks + page on N/2 and N synthetic articles (0 skips)",
    )
    parser.add_argument("--json-only", action="store_true")
    parser.add_argument("--long-sentence", type=float, metavar="MB", help="only: a one-sentence article")
    parser.add_argument("--child", nargs=3, metavar=("KIND", "CORPUS", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, corpus, out = args.child
        print(json.dumps(measure(kind, Path(corpus), Path(out))))
        return
    if args.long_sentence:
        print(json.dumps(long_sentence_case(args.long_sentence), indent=2))
        return

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        words = build_corpus(args.articles, corpus, args.seed)
        runs: dict[str, list[dict]] = {k: [] for k in ("stock", "full", "rules")}
        for _ in range(max(1, args.repeat)):
            for kind, seen in runs.items():
                seen.append(child(kind, corpus, words, args.articles))
        rows = {}
        for kind, seen in runs.items():
            rows[kind] = dict(min(seen, key=lambda r: r["seconds"]))
            rows[kind]["runs_seconds"] = [round(r["seconds"], 2) for r in seen]
        report = {
            "articles": args.articles, "words": words,
            "stock": rows["stock"], "full": rows["full"], "rules": rows["rules"],
            "ratio_full_to_stock": rows["full"]["words_per_s"] / rows["stock"]["words_per_s"],
        }  # fmt: skip
        if SHARED_DEV.is_dir():  # the dev set's articles, read in place
            dev_files = _texts(SHARED_DEV)
            dev_words = sum(len(p.read_text(encoding="utf-8").split()) for p in dev_files)
            dev = {k: child(k, SHARED_DEV, dev_words, len(dev_files)) for k in ("stock", "full")}
            report["dev"] = {
                "articles": len(dev_files), "words": dev_words,
                "stock_words_per_s": dev["stock"]["words_per_s"],
                "full_words_per_s": dev["full"]["words_per_s"],
                "ratio_full_to_stock": dev["full"]["words_per_s"] / dev["stock"]["words_per_s"],
                "stages": dev["full"]["stages"],
            }  # fmt: skip
        if args.page_articles:
            report["page"] = page_check(args.page_articles, Path(tmp) / "page")
        if args.doubling:
            report["doubling"] = doubling(args.doubling, Path(tmp))
        if args.memory_articles:
            big = Path(tmp) / "big"
            big_words = build_corpus(args.memory_articles, big, args.seed)
            large = child("rules", big, big_words, args.memory_articles)
            report["memory"] = {
                "articles_small": args.articles, "peak_rss_mb_small": rows["rules"]["peak_rss_mb"],
                "articles_large": args.memory_articles, "peak_rss_mb_large": large["peak_rss_mb"],
                "ratio": large["peak_rss_mb"] / rows["rules"]["peak_rss_mb"],
                "pipeline": "rules (blank); the store and exports are the same for the full model",
            }  # fmt: skip
    targets = {
        "ratio_full_to_stock >= 0.9": report["ratio_full_to_stock"] >= 0.9,
        "rules words/s >= 30000": report["rules"]["words_per_s"] >= 30000,
    }
    if "page" in report:
        opened = report["page"]["open_ms"]
        targets["report.html < 8 MB"] = report["page"]["report_html_mb"] < 8
        if isinstance(opened, dict):
            targets["every page ready < 3 s"] = max(opened.values()) < 3000
    if "doubling" in report:
        targets["doubling growth <= 2.3"] = report["doubling"]["growth"] <= 2.3
    if "memory" in report:
        targets["memory ratio <= 1.5"] = report["memory"]["ratio"] <= 1.5
    report["targets_met"] = targets
    if not args.json_only:
        print(f"{args.articles} articles, {words} words\n")
        print(f"{'':8} {'words/s':>10} {'articles/s':>11} {'seconds':>8} {'peak RSS MB':>12}")
        for kind in ("stock", "full", "rules"):
            r = report[kind]
            rate = f"{r['words_per_s']:>10.0f} {r['articles_per_s']:>11.1f}"
            print(f"{kind:8} {rate} {r['seconds']:>8.1f} {r['peak_rss_mb']:>12.0f}")
        print(f"\nfull / stock: {report['ratio_full_to_stock']:.2f}")
        for kind in ("full", "rules"):
            stages = report[kind]["stages"]
            print(f"{kind} stages (s): " + ", ".join(f"{k} {v:.2f}" for k, v in stages.items()))
        if "dev" in report:
            d = report["dev"]
            print(f"dev set ({d['articles']} articles, {d['words']} words): full / stock "
                  f"{d['ratio_full_to_stock']:.2f}")  # fmt: skip
        if "page" in report:
            p = report["page"]
            print(
                f"review page, {p['articles']} synthetic articles: report.html {p['report_html_mb']} MB, "
                f"largest of {p['page_files']} pages {p['largest_page_mb']} MB, ready in {p['open_ms']} ms"
            )
        if "doubling" in report:
            print(f"reconcile + checks + page, doubling: {report['doubling']}")
        if "memory" in report:
            m = report["memory"]
            print(
                f"peak RSS, rules run: {m['articles_small']} articles {m['peak_rss_mb_small']:.0f} MB, "
                f"{m['articles_large']} articles {m['peak_rss_mb_large']:.0f} MB (ratio {m['ratio']:.2f})"
            )
        for name, ok in targets.items():
            print(f"  {'met ' if ok else 'MISS'} {name}")
        print()
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
