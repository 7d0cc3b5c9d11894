"""Robustness check over a large corpus: ``python -m quotes.corpus_check FILE.jsonl.gz ...``

Streams every article through ``quotes.pipe`` (in batches) and checks the
engine's contracts rather than its accuracy:

* one result per document, in order (documents in == documents out);
* no exception (each failing document's id is recorded);
* every span (cue, content, speaker, speaker_resolved, addressee) satisfies
  ``0 <= start <= end <= len(text)`` and ``span.text == text[start:end]``;
  cue and content are never missing.

Prints documents, words, quotes, exceptions, bad spans, elapsed time and
words/s; exits 1 if anything failed.
"""
from __future__ import annotations

import sys
import time
from typing import Iterable, Iterator, Optional

import click

from .io import Document, InputError, InputNotFound, check_paths, iter_documents
from .runner import Runner
from .types import QUOTE_TYPES, Quote

SPAN_FIELDS = ("cue", "content", "speaker", "speaker_resolved", "addressee")
REQUIRED = ("cue", "content")
SHOW = 10  # examples listed per kind of failure


def bad_spans(text: str, quotes: Iterable[Quote]) -> Iterator[str]:
    """A description of each span of ``quotes`` that breaks the offset contract."""
    n = len(text)
    for i, q in enumerate(quotes):
        for name in SPAN_FIELDS:
            span = getattr(q, name, None)
            if span is None:
                if name in REQUIRED:
                    yield f"quote {i}: {name} is missing"
                continue
            s, e = span.start, span.end
            if not (isinstance(s, int) and isinstance(e, int) and 0 <= s <= e <= n):
                yield f"quote {i}: {name} [{s}, {e}] out of range (len {n})"
            elif span.text != text[s:e]:
                yield f"quote {i}: {name} [{s}, {e}] text {span.text[:30]!r} != {text[s:e][:30]!r}"
        if q.type not in QUOTE_TYPES:
            yield f"quote {i}: unknown type {q.type!r}"


def _limited(items, limit: Optional[int]):
    """At most ``limit`` readable documents (input errors pass through)."""
    n = 0
    for x in items:
        if limit is not None and isinstance(x, Document) and n >= limit:
            return
        if isinstance(x, Document):
            n += 1
        yield x


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("paths", nargs=-1, required=True, metavar="FILE ...")
@click.option("--limit", type=click.IntRange(min=1), default=None,
              help="Stop after N documents (all files together).")
@click.option("--batch-size", type=click.IntRange(min=1), default=64, show_default=True)
@click.option("--rules-only", is_flag=True, help="Check the rule-only pipeline.")
@click.option("--text-column", default="text", show_default=True)
@click.option("--id-column", default="id", show_default=True)
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
def main(paths, limit, batch_size, rules_only, text_column, id_column, quiet) -> None:
    """Run the pipeline over every article of FILEs and check its contracts."""
    from tqdm import tqdm

    import quotes

    try:
        paths = check_paths(paths)
    except InputNotFound as exc:
        click.echo(f"corpus_check: error: {exc}", err=True)
        sys.exit(2)

    t0 = time.perf_counter()
    runner = Runner(lambda: quotes.load(rules_only=rules_only), batch_size=batch_size)
    nlp = runner.nlp  # load before the clock for the throughput starts
    t_load = time.perf_counter() - t0

    docs_in = docs_out = words = n_quotes = 0
    input_errors: list[str] = []
    exceptions: list[str] = []
    bad: list[str] = []
    n_bad = 0

    def counted(items):
        nonlocal docs_in
        for x in items:
            docs_in += 1
            yield x

    items = counted(_limited(iter_documents(paths, text_column=text_column,
                                            id_column=id_column), limit))
    bar = tqdm(total=limit, unit=" docs", file=sys.stderr, dynamic_ncols=True,
               disable=True if quiet else None, smoothing=0.1)
    t1 = time.perf_counter()
    try:
        for res in runner.run(items):
            docs_out += 1
            bar.update(1)
            item = res.item
            if isinstance(item, InputError):
                input_errors.append(f"{item.source}: {item.message}")
                continue
            words += len(item.text.split())
            if not res.ok:
                exceptions.append(f"{item.id} ({item.source}): {res.error}")
                continue
            n_quotes += len(res.quotes)
            for problem in bad_spans(item.text, res.quotes):
                n_bad += 1
                if len(bad) < SHOW:
                    bad.append(f"{item.id}: {problem}")
    finally:
        bar.close()
    elapsed = time.perf_counter() - t1
    assert nlp is not None

    def line(label, value):
        click.echo(f"{label:<18}{value}")

    line("files", " ".join(paths))
    line("documents in", docs_in)
    line("documents out", docs_out)
    line("words", words)
    line("quotes", n_quotes)
    line("input errors", len(input_errors))
    line("exceptions", len(exceptions))
    line("bad spans", n_bad)
    line("pipe mismatches", runner.mismatches)
    line("load time", f"{t_load:.1f}s")
    line("elapsed", f"{elapsed:.1f}s")
    line("words/s", f"{words / elapsed:,.0f}" if elapsed > 0 else "-")
    for title, rows, total in (("input errors", input_errors, len(input_errors)),
                               ("exceptions", exceptions, len(exceptions)),
                               ("bad spans", bad, n_bad)):
        if rows:
            click.echo(f"\n{title} (first {min(SHOW, total)} of {total}):")
            for r in rows[:SHOW]:
                click.echo(f"  {r}")
    ok = not exceptions and not n_bad and docs_in == docs_out and not runner.mismatches
    click.echo("\nOK" if ok else "\nFAILED")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":  # pragma: no cover
    main(prog_name="python -m quotes.corpus_check")
