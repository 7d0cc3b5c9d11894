"""Throughput benchmark: ``python -m quotes.bench`` (``make bench``).

On a fixed slice of a JSONL corpus (by default the first articles of every
file of ``../shared/corpora/news``, 9,000 in all) it measures, each case in a
fresh Python process so that its peak memory is its own:

* ``tokenizer``  spaCy's bare Arabic tokenizer (``spacy.blank("ar")``): the ceiling;
* ``rules``      ``quotes.load(rules_only=True)`` through ``quotes.pipe``;
* ``full``       ``quotes.load()`` through ``quotes.pipe``: the rules and the
  shipped model (span tagger, chooser, scorer);
* ``jobs1`` / ``jobsN``  the whole command, ``quotes extract --jobs 1|N`` from
  the JSONL file to a JSONL file (reading, writing and, for N, the worker
  processes included).  Their start-up (loading the pipeline, starting the
  workers) is measured on a one-article file and also shown subtracted;

and the cost of one document at 1×, 10× and 100× the length of an article
(consecutive articles joined with newlines), to show it grows linearly.

Words are whitespace-separated tokens of the input (``len(text.split())``).
Peak RSS is ``getrusage`` maximum resident set size of the case's process plus,
for ``--jobs N``, N times that of its largest worker (an upper bound).  The
pipeline's load time is left out of the ``tokenizer``/``rules``/``full``
figures.  It prints a table and PASS/FAIL for each target; exit status 1 if
one fails.
"""
from __future__ import annotations

import gc
import glob
import gzip
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from typing import Any, Optional

import click

DEFAULT_CORPUS = os.path.join("..", "shared", "corpora", "news")

# Targets (the "done when").
RULES_VS_TOKENIZER = 1 / 3
FULL_VS_TOKENIZER = 1 / 30
JOBS_SPEEDUP = 1.7
RSS_LIMIT_MB = 1024
LENGTH_100X_LIMIT = 120


# --------------------------------------------------------------------- slice

def _open(path: str):
    return gzip.open(path, "rt", encoding="utf-8") if path.endswith(".gz") \
        else open(path, encoding="utf-8")


def make_slice(corpus: str, n: int, dest: str, all_fields: bool = False) -> dict[str, Any]:
    """Write the first ``ceil(n / files)`` usable articles of every JSONL file
    of ``corpus`` (sorted by name) to ``dest``, ``n`` in all: their id and
    text, or every field with ``all_fields`` (the store benchmark keeps url,
    outlet, date and title)."""
    files = sorted(glob.glob(os.path.join(corpus, "*.jsonl.gz"))
                   + glob.glob(os.path.join(corpus, "*.jsonl")))
    if not files:
        raise click.ClickException(f"no .jsonl(.gz) files in {corpus}")
    per_file = -(-n // len(files))
    records = []
    for f in files:
        taken = 0
        with _open(f) as fh:
            for line in fh:
                if taken >= per_file:
                    break
                try:
                    rec = json.loads(line)
                except ValueError:
                    continue
                if isinstance(rec, dict) and isinstance(rec.get("text"), str) \
                        and rec["text"].strip():
                    kept = rec if all_fields else {"text": rec["text"]}
                    records.append({**kept, "id": str(rec.get("id", len(records)))})
                    taken += 1
    records = records[:n]
    with open(dest, "w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    return {"files": [os.path.basename(f) for f in files], "documents": len(records),
            "words": sum(len(r["text"].split()) for r in records),
            "chars": sum(len(r["text"]) for r in records)}


def read_texts(path: str) -> list[str]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line)["text"] for line in fh if line.strip()]


# --------------------------------------------------------------------- cases

def _peak_mb(jobs: int = 0) -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    scale = 1024 if sys.platform != "darwin" else 1024 * 1024  # KiB on Linux
    return (own + jobs * kids) / scale


def case_pipe(kind: str, slice_path: str) -> dict[str, Any]:
    import quotes

    texts = read_texts(slice_path)
    if kind == "tokenizer":
        import spacy

        nlp = spacy.blank("ar")
        nlp.max_length = 100_000_000

        def run(batch):
            for _ in nlp.pipe(batch, batch_size=32):
                pass
    else:
        nlp = quotes.load(rules_only=(kind == "rules"))

        def run(batch):
            for _ in quotes.pipe(batch, nlp=nlp, batch_size=32):
                pass
    run(texts[:20])  # warm-up: first-call costs are not throughput
    t0 = time.perf_counter()
    run(texts)
    return {"seconds": time.perf_counter() - t0, "rss_mb": _peak_mb()}


def case_cli(slice_path: str, jobs: int) -> dict[str, Any]:
    from quotes.cli import main

    fd, out = tempfile.mkstemp(suffix=".jsonl")
    os.close(fd)
    args = ["extract", "--quiet", "--format", "jsonl", "--jobs", str(jobs),
            slice_path, "-o", out]
    t0 = time.perf_counter()
    try:
        main(args, standalone_mode=False)
    except SystemExit as exc:  # exit 1 when a document failed: still timed
        if exc.code not in (0, 1, None):
            raise
    seconds = time.perf_counter() - t0
    with open(out, encoding="utf-8") as fh:
        lines = sum(1 for _ in fh)
    os.unlink(out)
    return {"seconds": seconds, "rss_mb": _peak_mb(jobs if jobs > 1 else 0),
            "lines": lines}


def case_length(slice_path: str, groups: int = 3, size: int = 100,
                reps: int = 3) -> dict[str, Any]:
    """Seconds per document at 1×, 10×, 100× article length: ``groups`` runs of
    ``size`` consecutive articles, each timed as ``size`` single articles, as
    ``size/10`` documents of 10 and as one document; best of ``reps``."""
    import quotes

    texts = read_texts(slice_path)
    nlp = quotes.load()
    nlp("وقال الوزير إن الخطة ستنجح.")

    def timed(docs: list[str]) -> float:
        gc.collect()
        t0 = time.perf_counter()
        for d in docs:
            _ = nlp(d)._.quotes
        return time.perf_counter() - t0

    t1 = t10 = t100 = 0.0
    words = 0
    step = max(size, len(texts) // max(1, groups))
    for g in range(groups):
        chunk = texts[g * step: g * step + size]
        if len(chunk) < size:
            break
        words += sum(len(t.split()) for t in chunk)
        as10 = ["\n".join(chunk[i:i + 10]) for i in range(0, size, 10)]
        as100 = ["\n".join(chunk)]
        t1 += min(timed(chunk) for _ in range(reps))
        t10 += min(timed(as10) for _ in range(reps))
        t100 += min(timed(as100) for _ in range(reps))
        used = g + 1
    per1 = t1 / (used * size)
    per10 = t10 / (used * size / 10)
    per100 = t100 / used
    return {"groups": used, "words": words, "per_doc_1x": per1, "per_doc_10x": per10,
            "per_doc_100x": per100, "ratio_10x": per10 / per1,
            "ratio_100x": per100 / per1, "rss_mb": _peak_mb()}


def _run_case(args: list[str]) -> dict[str, Any]:
    """Run ``python -m quotes.bench --case ...`` in a fresh process."""
    cmd = [sys.executable, "-m", "quotes.bench"] + args
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise click.ClickException(f"case {' '.join(args)} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = ""
    try:
        pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        mem = f", {pages / 2**30:.0f} GiB RAM"
    except (ValueError, OSError, AttributeError):
        pass
    import spacy

    load = ""
    if hasattr(os, "getloadavg"):
        load = f", load average {os.getloadavg()[0]:.2f} at start"
    return (f"{cpu}, {os.cpu_count()} CPU(s){mem}; Python {platform.python_version()}, "
            f"spaCy {spacy.__version__}, {platform.system()} {platform.release()}{load}")


# --------------------------------------------------------------------- main

def slice_options(articles: int, min_articles: int):
    """``--corpus`` and ``--articles``, shared with :mod:`quotes.store_bench`."""
    def apply(f):
        f = click.option("--articles", type=click.IntRange(min=min_articles), default=articles,
                         show_default=True, help="Size of the slice.")(f)
        return click.option("--corpus", default=DEFAULT_CORPUS, show_default=True,
                            help="Folder of .jsonl(.gz) files.")(f)
    return apply


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@slice_options(9000, 100)
@click.option("--jobs", type=click.IntRange(min=2), default=2, show_default=True,
              help="Processes for the parallel case.")
@click.option("--case", "case", default=None, hidden=True)
@click.option("--slice", "slice_path", default=None, hidden=True)
def main(corpus: str, articles: int, jobs: int, case: Optional[str],
         slice_path: Optional[str]) -> None:
    """Words/s, documents/s and peak RSS of the tokenizer, the pipeline and
    `quotes extract --jobs`, and the cost of long documents."""
    if case:  # one measurement, in this (fresh) process
        if case in ("tokenizer", "rules", "full"):
            res = case_pipe(case, slice_path)
        elif case.startswith("jobs"):
            res = case_cli(slice_path, int(case[4:]))
        elif case == "length":
            res = case_length(slice_path)
        else:
            raise click.UsageError(f"unknown case {case}")
        click.echo(json.dumps(res))
        return

    echo = click.echo
    with tempfile.TemporaryDirectory() as tmp:
        sl = os.path.join(tmp, "slice.jsonl")
        one = os.path.join(tmp, "one.jsonl")
        info = make_slice(corpus, articles, sl)
        with open(sl, encoding="utf-8") as src, open(one, "w", encoding="utf-8") as dst:
            dst.write(src.readline())
        words, docs = info["words"], info["documents"]
        echo(f"machine : {machine()}")
        echo(f"slice   : {docs} articles, {words:,} words, {info['chars']:,} characters "
             f"(first {-(-articles // len(info['files']))} of each of "
             f"{len(info['files'])} files in {corpus})")
        echo("")

        rows = []
        res: dict[str, dict[str, Any]] = {}
        for name, label in (("tokenizer", "spaCy blank('ar') tokenizer (ceiling)"),
                            ("rules", "rules only: quotes.load(rules_only=True)"),
                            ("full", "full pipeline: quotes.load()"),
                            ("jobs1", "quotes extract --jobs 1 (end to end)"),
                            (f"jobs{jobs}", f"quotes extract --jobs {jobs} (end to end)")):
            echo(f"running {name} ...", err=True)
            r = _run_case(["--case", name, "--slice", sl])
            if name.startswith("jobs"):
                r["startup"] = _run_case(["--case", name, "--slice", one])["seconds"]
            res[name] = r
            rows.append((name, label, r))

        echo("running length scaling ...", err=True)
        length = _run_case(["--case", "length", "--slice", sl])

        echo(f"{'case':<44}{'seconds':>9}{'words/s':>10}{'docs/s':>9}{'peak RSS':>10}")
        echo("-" * 82)
        for name, label, r in rows:
            s = r["seconds"]
            echo(f"{label:<44}{s:>9.1f}{words / s:>10,.0f}{docs / s:>9.1f}"
                 f"{r['rss_mb']:>7.0f} MB")
        for name, label, r in rows:
            if "startup" in r:
                s = r["seconds"] - r["startup"]
                r["net"] = s
                echo(f"{label.replace('(end to end)', 'minus start-up'):<44}{s:>9.1f}"
                     f"{words / s:>10,.0f}{docs / s:>9.1f}   (start-up {r['startup']:.1f} s)")
        echo("")
        echo(f"document length   {'s/doc':>9}  {'× of 1×':>8}   "
             f"({length['groups']} runs of 100 consecutive articles, best of 3)")
        echo(f"1× (one article)  {length['per_doc_1x']:>9.4f}  {1:>8.1f}")
        echo(f"10×               {length['per_doc_10x']:>9.4f}  {length['ratio_10x']:>8.1f}")
        echo(f"100×              {length['per_doc_100x']:>9.4f}  {length['ratio_100x']:>8.1f}")
        echo("")

        tok = words / res["tokenizer"]["seconds"]
        rules = words / res["rules"]["seconds"]
        full = words / res["full"]["seconds"]
        j1 = res["jobs1"]
        jn = res[f"jobs{jobs}"]
        speed_net = j1["net"] / jn["net"]
        speed_e2e = j1["seconds"] / jn["seconds"]
        peak = max([r["rss_mb"] for r in res.values()] + [length["rss_mb"]])
        checks = [
            ("rules only >= 1/3 of tokenizer words/s", rules / tok >= RULES_VS_TOKENIZER,
             f"{rules / tok:.3f} ({rules:,.0f} / {tok:,.0f})"),
            ("full pipeline >= 1/30 of tokenizer words/s", full / tok >= FULL_VS_TOKENIZER,
             f"{full / tok:.3f}"),
            (f"--jobs {jobs} >= {JOBS_SPEEDUP}x --jobs 1 (net of start-up)",
             speed_net >= JOBS_SPEEDUP,
             f"{speed_net:.2f}x (end to end {speed_e2e:.2f}x)"),
            (f"peak RSS < {RSS_LIMIT_MB} MB (every case)", peak < RSS_LIMIT_MB,
             f"{peak:.0f} MB"),
            (f"100x length <= {LENGTH_100X_LIMIT}x the time of 1x",
             length["ratio_100x"] <= LENGTH_100X_LIMIT, f"{length['ratio_100x']:.1f}x"),
        ]
        failed = 0
        for label, ok, value in checks:
            failed += not ok
            echo(f"{'PASS' if ok else 'FAIL'}  {label:<52} {value}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":  # pragma: no cover
    main(prog_name="python -m quotes.bench")
