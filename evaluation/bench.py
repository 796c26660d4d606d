"""Speed and memory, measured: the stock model against the full extractor.

    python evaluation/bench.py                 # 2,000 articles; table and JSON
    python evaluation/bench.py --articles 500 --memory-articles 0
    python evaluation/bench.py --json-only
    python evaluation/bench.py --repeat 3      # best of 3 runs of each (a busy machine)
    python evaluation/bench.py --long-sentence 1   # only: a 1 MB one-sentence article

Builds a corpus of N articles from the sample corpus with figures, forces and
names varied (deterministic seed), then, each in a fresh process so that peak
memory (RSS) is its own:

  a. stock     the statistical English model alone (``nlp.pipe`` over the texts);
  b. full      the whole extractor, ingest to figures (``extractor.run.run``);
  c. rules     the same run with the rule-based pipeline on ``spacy.blank("en")``.

Runs alternate (a, b, c, a, b, c...) and each kind's best of ``--repeat`` runs is
reported, so that a slow spell of a shared machine does not land on one kind only.
It prints words/s, articles/s, the ratio b/a and peak RSS of each, and the
peak RSS of a rules-only run on ``--memory-articles`` (default 20,000) beside
the same run on N: the ratio shows whether outputs are streamed, not held.
Targets: b/a >= 0.9; c >= 30,000 words/s; memory ratio <= 1.5.

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


SURNAMES = ["Holt", "Okafor", "Reyes", "Marsh", "Penrose", "Shah", "Carver", "Lewis", "Dean", "Hart"]


def build_corpus(n: int, folder: Path, seed: int = 2026) -> int:
    """Write ``n`` article files varied from the sample corpus; return the word count."""
    rng = random.Random(seed)
    sources = sorted(p.read_text(encoding="utf-8") for p in (ROOT / "corpus").rglob("*.txt"))
    words = 0
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        text = sources[i % len(sources)]
        text = re.sub(r"\b\d{2,3}\b", lambda m: str(max(2, int(m.group()) + rng.randint(-9, 9))), text)
        for name in FORCE_NAMES:
            if name in text and rng.random() < 0.5:
                text = text.replace(name, rng.choice(FORCE_NAMES))
        for surname in SURNAMES:
            if surname in text and rng.random() < 0.5:
                text = text.replace(surname, rng.choice(SURNAMES))
        (folder / f"article-{i:06d}.txt").write_text(text, encoding="utf-8")
        words += len(text.split())
    return words


# --- one measurement per process -----------------------------------------------------


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def measure(kind: str, corpus: Path, out: Path) -> dict:
    """Runs in a child process; prints one JSON line."""
    files = sorted(corpus.glob("*.txt"))
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
        start = time.perf_counter()
        run([corpus], out, nlp, progress=False)
        seconds = time.perf_counter() - start
    return {"kind": kind, "seconds": seconds, "peak_rss_mb": _peak_rss_mb()}


def child(kind: str, corpus: Path, words: int, articles: int) -> dict:
    with tempfile.TemporaryDirectory() as out:
        done = subprocess.run(
            [sys.executable, __file__, "--child", kind, str(corpus), out],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
    row = json.loads(done.stdout.strip().splitlines()[-1])
    row["words_per_s"] = words / row["seconds"]
    row["articles_per_s"] = articles / row["seconds"]
    return row


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--memory-articles", type=int, default=20000, help="0 skips the memory run")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--repeat", type=int, default=2, help="runs of each kind; the best is reported")
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
