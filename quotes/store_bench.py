"""The quote store on a real corpus: ``python -m quotes.store_bench``
(``make store-bench``).

It takes the same kind of slice as :mod:`quotes.bench` (the first articles of
every file of ``../shared/corpora/news``, 10,000 by default, with all their
fields) and measures what the fact-checker workflow needs:

* ``quotes ingest --jobs N`` of the slice into a new store, end to end (a
  separate process, as a user runs it), and the rows it made;
* the same ingest again: how long it takes and how many rows it added (must be 0);
* speaker searches: each of the 20 most quoted speakers' names through
  :meth:`Store.search` (median and maximum, must be < 200 ms), and one through
  the whole ``quotes search`` command (Python start-up included);
* claim-text searches for a few common words, and ``speakers`` itself.

The store and the slice are written to a temporary folder (``--keep DIR`` to
keep them).  Exit status 1 when a target is missed.
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from typing import Callable

import click

from .bench import machine, make_slice, slice_options
from .store import Store

SEARCH_LIMIT_MS = 200
#: Words a fact-checker might look for in claims (government, the president,
#: agreement, elections, prices): our own choice, common in any news corpus.
TEXT_QUERIES = ("الحكومة", "الرئيس", "اتفاق", "الانتخابات", "الأسعار")


def _timed_ms(fn: Callable[[], object], repeat: int = 3) -> float:
    """Best of ``repeat`` runs, in milliseconds (the first also warms the cache)."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, (time.perf_counter() - t0) * 1000)
    return best


def _ingest(db: str, slice_path: str, jobs: int) -> float:
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "quotes", "ingest", "--db", db, "--jobs", str(jobs),
                    "--quiet", slice_path], check=True)
    return time.perf_counter() - t0


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@slice_options(10_000, 10)
@click.option("--jobs", type=click.IntRange(min=1), default=2, show_default=True,
              help="quotes ingest --jobs.")
@click.option("--keep", type=click.Path(file_okay=False), default=None,
              help="Write the slice and the store here and keep them.")
def main(corpus: str, articles: int, jobs: int, keep: str | None) -> None:
    """Ingest, re-ingest and search timings of the quote store."""
    tmp = keep or tempfile.mkdtemp(prefix="quotes-store-bench-")
    os.makedirs(tmp, exist_ok=True)
    slice_path = os.path.join(tmp, "slice.jsonl")
    db = os.path.join(tmp, "quotes.sqlite3")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    info = make_slice(corpus, articles, slice_path, all_fields=True)
    click.echo(f"machine: {machine()}")
    click.echo(f"slice: {info['documents']:,} articles, {info['words']:,} words "
               f"from {len(info['files'])} files")

    first = _ingest(db, slice_path, jobs)
    with Store(db) as st:
        rows = st.counts()
    again = _ingest(db, slice_path, jobs)
    with Store(db) as st:
        rows_again = st.counts()
        size_mb = sum(os.path.getsize(db + s) for s in ("", "-wal") if os.path.exists(db + s)) / 2**20
        speakers_ms = _timed_ms(lambda: st.speakers(20))
        top = st.speakers(20)
        speaker_ms = [_timed_ms(lambda s=s: st.search(speaker=s.speaker)) for s in top]
        text_ms = {w: _timed_ms(lambda w=w: st.search(text=w)) for w in TEXT_QUERIES}
        combined_ms = _timed_ms(lambda: st.search(speaker=top[0].speaker, text=TEXT_QUERIES[0]))
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "quotes", "search", "--db", db, "--speaker",
                    top[0].speaker, "--format", "jsonl"], check=True, stdout=subprocess.DEVNULL)
    cli_ms = (time.perf_counter() - t0) * 1000

    added = {k: rows_again[k] - rows[k] for k in rows}
    click.echo(f"ingest (--jobs {jobs}, end to end): {first:.1f} s, "
               f"{info['documents'] / first:.0f} articles/s, {info['words'] / first:,.0f} words/s")
    click.echo(f"rows: {rows['articles']:,} articles, {rows['quotes']:,} quotes; "
               f"store {size_mb:.0f} MB")
    click.echo(f"re-ingest: {again:.1f} s, rows added: {added}")
    click.echo(f"speakers (top 20): {speakers_ms:.0f} ms")
    click.echo(f"speaker search, top 20 names: median {statistics.median(speaker_ms):.1f} ms, "
               f"max {max(speaker_ms):.1f} ms (e.g. {top[0].speaker!r}: {top[0].quotes} quotes)")
    click.echo("text search: " + ", ".join(f"{w} {ms:.1f} ms" for w, ms in text_ms.items()))
    click.echo(f"speaker + text: {combined_ms:.1f} ms; `quotes search --speaker` command "
               f"end to end: {cli_ms:.0f} ms")
    ok = True
    for good, what in ((not any(added.values()), "re-ingest adds 0 rows"),
                       (max(speaker_ms) < SEARCH_LIMIT_MS,
                        f"speaker search < {SEARCH_LIMIT_MS} ms")):
        click.echo(f"{'PASS' if good else 'FAIL'}  {what}")
        ok = ok and good
    if not keep:
        click.echo(f"(store and slice in {tmp}; remove with rm -r)")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":  # pragma: no cover
    main()
