"""Command-line interface: ``quotes extract [PATH ...]``, ``quotes graph INPUT ...``,
the quote store's ``ingest``, ``search``, ``speakers``, ``render`` and ``serve``,
and the model's ``evaluate`` and ``train``.

A thin layer: reading is :mod:`quotes.io`, batching :mod:`quotes.runner`,
writing :mod:`quotes.output`; storing and searching :mod:`quotes.store`, the
HTML view :mod:`quotes.render`, the web pages :mod:`quotes.serve`.  Exit status: 0 when every document was
processed, 1 when at least one failed (each failure is reported on stderr as
``quotes: error: FILE:LINE: MESSAGE`` and gets an error record in the output),
2 for usage errors (a missing input file, a bad option).
"""
from __future__ import annotations

import os
import sys
from typing import IO, Optional

import click

from . import __version__
from .io import STDIN, InputNotFound, check_paths, iter_documents
from .output import FORMATS, make_writer
from .parallel import loader, make_runner, skip_done
from .runner import error_message
from .types import QUOTE_TYPES

PROG = "quotes"


def _fail(message: str, code: int) -> None:
    click.echo(f"{PROG}: error: {message}", err=True)
    sys.exit(code)


def _isatty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _utf8(stream: IO[str]) -> IO[str]:
    """Make sure Arabic can be printed even under a non-UTF-8 locale."""
    enc = (getattr(stream, "encoding", None) or "").lower().replace("_", "-")
    if enc not in ("utf-8", "utf8") and hasattr(stream, "reconfigure"):
        try:
            stream.reconfigure(encoding="utf-8")
        except (ValueError, OSError, AttributeError):
            pass
    return stream


def _guess_format(output: Optional[str], stream) -> str:
    if output:
        low = output.lower()
        if low.endswith(".csv"):
            return "csv"
        if low.endswith((".txt", ".table")):
            return "table"
        return "jsonl"
    return "table" if _isatty(stream) else "jsonl"


def _options(*decorators):
    """Several click options as one decorator (shared by the commands that
    read documents, so their spelling and help never drift apart)."""
    def apply(f):
        for d in reversed(decorators):
            f = d(f)
        return f
    return apply


_reading_options = _options(
    click.option("--text-column", default="text", show_default=True,
                 help="Field holding the text in JSONL/CSV input."),
    click.option("--id-column", default="id", show_default=True,
                 help="Field holding the document id in JSONL/CSV input."),
    click.option("--encoding", default="auto", show_default=True,
                 help="Encoding of the input files: 'auto' (byte-order mark, UTF-8, "
                      "UTF-16, Windows-1256, ISO-8859-6) or a codec name used strictly."),
    click.option("--html", is_flag=True,
                 help="Inputs are HTML: use their visible text (offsets refer to it; "
                      "JSONL output then holds it under \"text\"). .html/.htm files "
                      "always are."),
)

_RULES_ONLY = click.option("--rules-only", is_flag=True,
                           help="Rules alone: leave out the shipped model (8x faster, less precise).")

_pipeline_options = _options(
    _RULES_ONLY,
    click.option("--batch-size", type=click.IntRange(min=1), default=32, show_default=True,
                 help="Documents per batch."),
)

_QUIET = click.option("-q", "--quiet", is_flag=True, help="No progress bar.")

_DB = click.option("--db", type=click.Path(dir_okay=False), envvar="QUOTES_DB", default=None,
                   help="The quote store (SQLite file). Default: $QUOTES_DB, else "
                        "quotes.sqlite3 in the user data directory.")


def _checked_paths(paths, encoding: str) -> list[str]:
    """The input paths, or exit 2 on a missing path or unknown encoding
    (before anything is read or written)."""
    from .decoding import check_encoding

    try:
        paths = check_paths(paths)
        check_encoding(encoding)
    except InputNotFound as exc:
        _fail(str(exc), 2)
    except LookupError:
        _fail(f"unknown encoding: {encoding}", 2)
    if STDIN in paths and _isatty(sys.stdin):
        click.echo(f"{PROG}: reading text from standard input (end with Ctrl-D)", err=True)
    return paths


class _Progress:
    """What a run over many documents shows on stderr: one line per failed
    document (``quotes: error: FILE:LINE: MESSAGE``) and, on a terminal once a
    second document turns up, a progress bar."""

    def __init__(self, quiet: bool):
        self.show_bar = not quiet and _isatty(sys.stderr)
        self.bar = None
        self.seen = 0
        self.failed = 0

    def error(self, res) -> None:
        self.failed += 1
        msg = f"{PROG}: error: {res.source}: {res.error}"
        if self.bar is not None:
            self.bar.write(msg, file=sys.stderr)
        else:
            click.echo(msg, err=True)

    def tick(self) -> None:
        self.seen += 1
        if self.seen == 2 and self.show_bar:
            # Only worth a bar when there is more than one document.
            from tqdm import tqdm

            self.bar = tqdm(unit=" docs", file=sys.stderr, initial=1, dynamic_ncols=True)
        if self.bar is not None:
            self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()

    def exit_if_failed(self) -> None:
        if self.failed:
            click.echo(f"{PROG}: {self.failed} document(s) failed", err=True)
            sys.exit(1)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name=PROG,
                      message="%(prog)s %(version)s")
def main() -> None:
    """Find quotes in Arabic news text and attribute them to their speakers."""


@main.command()
@click.argument("paths", nargs=-1, metavar="[PATH ...]")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="Output format. Default: table on a terminal, else jsonl "
                   "(with -o: from the file's extension).")
@click.option("-o", "--output", type=click.Path(allow_dash=True),
              default=None, help="Write to FILE instead of standard output "
                                 "(--engine dask: to folder DIR).")
@_reading_options
@_pipeline_options
@click.option("--no-meta", is_flag=True,
              help="Leave the input records' extra fields out of JSONL output.")
@_QUIET
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=1, show_default=True,
              help="Worker processes (with --engine dask: LocalCluster workers).")
@click.option("--resume", is_flag=True,
              help="With -o FILE (JSONL): skip the ids already in FILE and append "
                   "the other documents.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local",
              show_default=True,
              help="'dask': run on a Dask cluster over JSONL inputs; -o names a "
                   "folder that gets part-*.jsonl files (see docs/scale.md).")
@click.option("--scheduler", metavar="ADDRESS", default=None,
              help="With --engine dask: a running scheduler (tcp://host:8786); "
                   "default: a LocalCluster of --jobs workers.")
@click.option("--partition-size", type=click.IntRange(min=1), default=10_000,
              show_default=True, help="With --engine dask: records per partition.")
def extract(paths, fmt, output, text_column, id_column, encoding, html, rules_only,
            batch_size, no_meta, quiet, jobs, resume, engine, scheduler,
            partition_size) -> None:
    """Extract quotes from PATHs: .txt files, folders (their .txt/.jsonl/.csv
    files), .jsonl or .jsonl.gz files with one {"id", "text"} object a line,
    and .csv files.  No PATH, or '-', reads standard input (JSONL if it starts
    with '{', else one plain text)."""
    paths = _checked_paths(paths, encoding)
    if engine == "dask":
        _extract_dask(paths, output, fmt, resume, scheduler, jobs, partition_size, quiet,
                      dict(text_column=text_column, id_column=id_column,
                           encoding=encoding, html=html, rules_only=rules_only,
                           batch_size=batch_size, no_meta=no_meta))
        return
    done: set = set()
    if resume:
        from .parallel import prepare_resume

        if output in (None, "-"):
            _fail("--resume needs -o FILE (the JSONL output of the run to resume)", 2)
        if (fmt or _guess_format(output, None)) != "jsonl":
            _fail("--resume works with JSONL output only", 2)
        try:
            done = prepare_resume(output)
        except OSError as exc:
            _fail(f"cannot read {output}: {exc.strerror or exc}", 2)

    to_file = output not in (None, "-")
    if to_file:
        try:
            out = open(output, "a" if resume else "w", encoding="utf-8", newline="")
        except OSError as exc:
            _fail(f"cannot write {output}: {exc.strerror or exc}", 2)
    else:
        out = _utf8(sys.stdout)
    fmt = fmt or _guess_format(output if to_file else None, out)

    progress = _Progress(quiet)
    writer = make_writer(fmt, out, include_meta=not no_meta)
    runner = make_runner(loader(rules_only), batch_size=batch_size, jobs=jobs, serialize=fmt == "jsonl")
    items = iter_documents(paths, text_column=text_column, id_column=id_column,
                           encoding=encoding, html=html)
    if done:
        items = skip_done(items, done)
    try:
        for res in runner.run(items):
            if res.ok:
                meta = getattr(res.item, "meta", None)
                # Offsets into extracted HTML text are only checkable with it.
                text = res.item.text if getattr(res.item, "html", False) else None
                writer.write(res.id, res.quotes, meta, text=text)
            else:
                progress.error(res)
                writer.write_error(res.id, res.error)
            progress.tick()
            if progress.seen % batch_size == 0:
                writer.flush()
        writer.close()
    except KeyboardInterrupt:
        _fail("interrupted", 130)
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): stop quietly.
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:
            pass
        sys.exit(0 if not progress.failed else 1)
    except Exception as exc:  # loading the pipeline or another run-wide failure
        _fail(f"cannot run the pipeline: {error_message(exc)}", 1)
    finally:
        progress.close()
        if to_file:
            out.close()
    progress.exit_if_failed()


@main.command()
@click.argument("gold", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--rules-only", is_flag=True, help="Score the rules alone (no trained model).")
@click.option("--model", type=click.Path(file_okay=False), default=None,
              help="A trained model folder instead of the shipped one.")
@click.option("--news", default=None,
              help="News corpus folder for stand-off gold without text (default ../shared/corpora/news).")
@click.option("--held-out", is_flag=True,
              help="Only the articles of the validation split that quotes train holds out.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def evaluate(gold, rules_only, model, news, held_out, as_json) -> None:
    """Score the pipeline on GOLD JSONL files (the format of the evaluation
    guidelines; stand-off records are joined with their text from --news): the
    shared scorer's figures, then per type, per outlet and at Jaccard 0.3/0.5/0.8."""
    import json as _json
    from dataclasses import asdict

    from .corpus import CorpusError, read_jsonl, with_texts
    from .evaluate import evaluate as run_eval, format_report, predict
    from .pipeline import build

    try:
        docs = with_texts([r for path in gold for r in read_jsonl(path)], news)
    except FileNotFoundError as exc:
        _fail(f"cannot read {exc.filename}", 2)
    except (ValueError, KeyError, CorpusError) as exc:
        _fail(f"bad gold file: {error_message(exc)}", 2)
    if held_out:
        from .train import is_valid

        docs = [d for d in docs if is_valid(d["id"])]
    try:
        nlp = build(rules_only=rules_only, model=model)
    except (OSError, ValueError) as exc:
        _fail(f"cannot load the model: {error_message(exc)}", 2)
    report = run_eval(docs, predict(nlp, docs))
    if as_json:
        click.echo(_json.dumps(asdict(report), ensure_ascii=False))
    else:
        click.echo(format_report(report))


@main.command()
@click.option("--config", "config_name", default="tok2vec", show_default=True,
              help="A config in quotes/configs (tok2vec, transformer) or a path to one.")
@click.option("--news", default=None, help="News corpus folder (default ../shared/corpora/news).")
@click.option("-o", "--output", default="out/train", show_default=True,
              type=click.Path(file_okay=False), help="Working folder: data/, training/, model/.")
@click.option("--ship", is_flag=True, help="Copy the result to quotes/model/ (the shipped default).")
@click.option("--max-steps", type=click.IntRange(min=1), default=None, help="Override training.max_steps.")
@click.option("--gpu", type=int, default=-1, show_default=True, help="GPU id, -1 for the CPU.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=3, show_default=True,
              help="Tagger trainings run at once (three in all).")
@click.option("--reuse", is_flag=True,
              help="Keep the taggers already trained in -o DIR; refit only the scorer and linker "
                   "(after a change to the rules).")
@click.option("--init-tok2vec", "init_tok2vec", default=None, type=click.Path(dir_okay=False, exists=True),
              help="Start the tagger's tok2vec from these weights (the model-last.bin of `quotes pretrain`).")
@click.option("--set", "overrides", multiple=True, metavar="KEY=VALUE",
              help="Any other config override, e.g. --set paths.transformer=/models/bert.")
def train(config_name, news, output, ship, max_steps, gpu, jobs, reuse, init_tok2vec, overrides) -> None:
    """Train the span tagger on the annotated corpus (corpora/annotations joined
    with the news texts) and assemble the full pipeline: see docs/model.md."""
    import json as _json
    import shutil
    from pathlib import Path as _P

    from . import train as tr
    from .corpus import CorpusError, load_gold

    out = _P(output)
    try:
        config = tr.config_path(config_name)
        golds = load_gold(news)
    except (FileNotFoundError, CorpusError) as exc:
        _fail(str(exc), 2)
    if not golds:
        _fail("no annotated articles found in corpora/annotations", 2)
    ov = {}
    for item in overrides:
        key, sep, value = item.partition("=")
        if not sep:
            _fail(f"--set needs KEY=VALUE, not {item!r}", 2)
        try:
            ov[key] = _json.loads(value)     # numbers, booleans, null as the config expects them
        except ValueError:
            ov[key] = value
    if max_steps:
        ov["training.max_steps"] = max_steps
    if init_tok2vec:
        ov["paths.init_tok2vec"] = str(_P(init_tok2vec).resolve())
    echo = lambda msg: click.echo(f"{PROG}: {msg}", err=True)  # noqa: E731
    try:
        dest, summary = tr.train_pipeline(config, golds, out, ov, use_gpu=gpu, jobs=jobs, echo=echo,
                                          reuse=reuse)
    except Exception as exc:  # spaCy's own config errors have already been printed
        _fail(f"training failed: {error_message(exc)}", 1)
    echo(f"scorer: {summary['scorer_rows']} rule quotes, {summary['features']} features, "
         f"threshold {summary['threshold']}")
    if ship:
        if tr.SHIPPED.exists():
            shutil.rmtree(tr.SHIPPED)
        shutil.copytree(dest, tr.SHIPPED)
        dest = tr.SHIPPED
    click.echo(f"{PROG}: model in {dest}", err=True)


@main.command()
@click.option("--config", "config_name", default="tok2vec", show_default=True,
              help="The training config whose tok2vec is pretrained (quotes/configs or a path).")
@click.option("--news", default=None, help="News corpus folder (default ../shared/corpora/news).")
@click.option("--eval-dir", default=None, type=click.Path(file_okay=False),
              help="Skip the articles of the *.gold.jsonl files here (default ../shared/eval).")
@click.option("-o", "--output", default="out/pretrain", show_default=True,
              type=click.Path(file_okay=False), help="Working folder: raw.jsonl and the weights.")
@click.option("--epochs", type=click.IntRange(min=1), default=1, show_default=True,
              help="Passes over the raw text.")
@click.option("--max-words", type=click.IntRange(min=1000), default=None,
              help="Read at most this many words of raw text (default: all ANT articles).")
@click.option("--gpu", type=int, default=-1, show_default=True, help="GPU id, -1 for the CPU.")
def pretrain(config_name, news, eval_dir, output, epochs, max_words, gpu) -> None:
    """Pretrain the tagger's tok2vec on the raw ANT news articles (no annotations);
    then `quotes train --init-tok2vec OUT/model-last.bin`. See docs/model.md."""
    from pathlib import Path as _P

    from . import pretrain as pt
    from . import train as tr
    from .corpus import ROOT

    out = _P(output)
    echo = lambda msg: click.echo(f"{PROG}: {msg}", err=True)  # noqa: E731
    try:
        config = tr.config_path(config_name)
        skip = pt.eval_ids(_P(eval_dir) if eval_dir else ROOT.parent / "shared" / "eval")
        lines, words = pt.write_raw_text(out / "raw.jsonl", news, skip, max_words)
    except FileNotFoundError as exc:
        _fail(str(exc), 2)
    echo(f"{words:,} words in {lines:,} paragraphs ({len(skip)} evaluation articles left out)")
    try:
        weights = pt.run_pretrain(config, out / "raw.jsonl", out, {"pretraining.max_epochs": epochs},
                                  use_gpu=gpu)
    except Exception as exc:
        _fail(f"pretraining failed: {error_message(exc)}", 1)
    click.echo(f"{PROG}: weights in {weights}", err=True)


def _extract_dask(paths, output, fmt, resume, scheduler, jobs, partition_size, quiet,
                  options) -> None:
    """``quotes extract --engine dask``: see :mod:`quotes.distributed`."""
    from .distributed import DaskUnavailable, run_dask

    if output in (None, "-"):
        _fail("--engine dask needs -o DIR (a folder for the part-*.jsonl files)", 2)
    if fmt not in (None, "jsonl"):
        _fail("--engine dask writes JSONL only", 2)
    if resume:
        _fail("--resume is not supported with --engine dask", 2)
    if STDIN in paths:
        _fail("--engine dask cannot read standard input; give JSONL files", 2)
    echo = (lambda s: None) if quiet else (lambda s: click.echo(f"{PROG}: {s}", err=True))
    try:
        stats = run_dask(paths, output, options, scheduler=scheduler, jobs=jobs,
                         partition_size=partition_size, echo=echo)
    except (DaskUnavailable, ValueError) as exc:
        _fail(str(exc), 2)
    except KeyboardInterrupt:
        _fail("interrupted", 130)
    except Exception as exc:  # the cluster or a task failed as a whole
        _fail(f"cannot run on Dask: {error_message(exc)}", 1)
    failed = sum(s["errors"] for s in stats)
    for s in stats:
        for msg in s["messages"]:
            click.echo(f"{PROG}: error: {msg}", err=True)
    echo(f"{sum(s['documents'] for s in stats)} document(s) in {len(stats)} "
         f"part file(s) under {output}")
    if failed:
        click.echo(f"{PROG}: {failed} document(s) failed", err=True)
        sys.exit(1)


# --------------------------------------------------------------------- the quote store

#: Documents stored per transaction by `ingest` (an interrupted run keeps
#: every batch committed before it).
INGEST_BATCH = 256

HIT_COLUMNS = (("speaker", 26), ("quote", 60), ("outlet", 12), ("date", 10), ("url", 0))
SPEAKER_COLUMNS = (("speaker", 40), ("quotes", 7), ("articles", 0))


def _open_store(db: Optional[str], create: bool):
    """The store at ``db`` (default: :func:`quotes.store.default_db_path`),
    or exit 2 with the store's own message (missing, not a store, too new)."""
    from .store import Store, StoreError, default_db_path

    try:
        return Store(db or default_db_path(), create=create)
    except StoreError as exc:
        _fail(str(exc), 2)


@main.command()
@click.argument("paths", nargs=-1, metavar="[PATH ...]")
@_DB
@_reading_options
@_pipeline_options
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=1, show_default=True,
              help="Worker processes running the pipeline.")
@_QUIET
def ingest(paths, db, text_column, id_column, encoding, html, rules_only, batch_size,
           jobs, quiet) -> None:
    """Extract the quotes of PATHs (the inputs of `quotes extract`) and store
    the articles and their quotes.  An article already stored under the same
    id is replaced, never duplicated.  JSONL/CSV fields url, outlet, date and
    title are kept with the article."""
    import sqlite3

    from .runner import chunked

    paths = _checked_paths(paths, encoding)
    store = _open_store(db, create=True)
    before = store.counts()
    progress = _Progress(quiet)
    runner = make_runner(loader(rules_only), batch_size=batch_size, jobs=jobs)
    items = iter_documents(paths, text_column=text_column, id_column=id_column,
                           encoding=encoding, html=html)
    stored = 0
    try:
        for chunk in chunked(runner.run(items), INGEST_BATCH):
            with store.transaction():
                for res in chunk:
                    if res.ok:
                        store.add(res.id, res.item.text, res.item.meta, res.quotes)
                    else:
                        progress.error(res)
                    progress.tick()
            stored += sum(res.ok for res in chunk)  # committed
    except KeyboardInterrupt:
        _fail(f"interrupted; the {stored} article(s) stored so far are kept", 130)
    except sqlite3.Error as exc:
        _fail(f"cannot write to {store.path}: {exc}", 1)
    except Exception as exc:  # loading the pipeline or another run-wide failure
        _fail(f"cannot run the pipeline: {error_message(exc)}", 1)
    finally:
        progress.close()
    after = store.counts()
    store.close()
    if not quiet:
        click.echo(f"{PROG}: {stored} article(s) ingested into {store.path}; it holds "
                   f"{after['articles']} article(s) (+{after['articles'] - before['articles']}) "
                   f"and {after['quotes']} quote(s) (+{after['quotes'] - before['quotes']})",
                   err=True)
    progress.exit_if_failed()


def _write_table_or_records(records, fmt: Optional[str], columns, summary: str) -> None:
    """Search and speaker results on stdout; a table on a terminal, else JSONL."""
    from .output import write_records

    out = _utf8(sys.stdout)
    fmt = fmt or ("table" if _isatty(out) else "jsonl")
    try:
        n = write_records((r.to_dict() for r in records), fmt, out, columns)
        if fmt == "table":
            out.write(f"\n{n} {summary}\n")
    except BrokenPipeError:
        sys.stdout = open(os.devnull, "w")


_FORMAT = click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
                       help="Output format. Default: table on a terminal, else jsonl.")


def _limit(default: int):
    return click.option("-n", "--limit", type=click.IntRange(min=0), default=default,
                        show_default=True, help="At most this many rows (0: all).")


@main.command()
@click.option("--speaker", metavar="NAME", help="Words that must all be in the speaker's name.")
@click.option("--text", "words", metavar="WORDS", help="Words that must all be in the quote.")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="Articles dated on or after YYYY-MM-DD.")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), help="Articles dated on or before YYYY-MM-DD.")
@click.option("--outlet", help="Only this outlet (any case).")
@click.option("--type", "qtype", type=click.Choice(QUOTE_TYPES), help="Only quotes of this type.")
@_FORMAT
@_limit(50)
@_DB
def search(speaker, words, since, until, outlet, qtype, fmt, limit, db) -> None:
    """Search the stored quotes: speaker, quote, outlet, date and url of each,
    newest first.  Spelling does not matter (diacritics, tatweel, alef and
    hamza forms, ى/ي, ة/ه); a word is also found inside a longer one
    (الحكومة in والحكومة)."""
    import time

    from .store import query_terms

    for name, value in (("--speaker", speaker), ("--text", words)):
        if value is not None and not query_terms(value):
            _fail(f"{name} {value!r} has no word to search for", 2)
    store = _open_store(db, create=False)
    t0 = time.perf_counter()
    hits = store.search(speaker=speaker, text=words, outlet=outlet, type=qtype, limit=limit,
                        since=since.date().isoformat() if since else None,
                        until=until.date().isoformat() if until else None)
    ms = (time.perf_counter() - t0) * 1000
    store.close()
    _write_table_or_records(hits, fmt, HIT_COLUMNS, f"quote(s) found in {ms:.0f} ms")


@main.command()
@_FORMAT
@_limit(20)
@_DB
def speakers(fmt, limit, db) -> None:
    """The most quoted speakers in the store, with their numbers of quotes and
    articles (spellings that differ only in diacritics, alef forms... are one)."""
    store = _open_store(db, create=False)
    top = store.speakers(limit=limit)
    store.close()
    _write_table_or_records(top, fmt, SPEAKER_COLUMNS, "speaker(s)")


@main.command()
@click.argument("paths", nargs=-1, metavar="[PATH ...]")
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default="-",
              help="Write the page to FILE (default: standard output).")
@click.option("--id", "ids", multiple=True, metavar="ID",
              help="Only the input documents with this id (repeatable).")
@click.option("--stored", multiple=True, metavar="ID",
              help="Render this article from the store instead of PATHs (repeatable).")
@_DB
@_reading_options
@_RULES_ONLY
def render(paths, output, ids, stored, db, text_column, id_column, encoding, html,
           rules_only) -> None:
    """Write a self-contained right-to-left HTML page showing each document of
    PATHs with its quotes highlighted: cue, speaker and content in their own
    colours, the quote type and resolved speaker on hover and in a list."""
    from .render import article_html, page_html

    progress = _Progress(quiet=True)
    fragments: list[str] = []
    if stored:
        if paths:
            _fail("give either PATHs or --stored IDs, not both", 2)
        store = _open_store(db, create=False)
        for doc_id in stored:
            found = store.article(doc_id)
            if found is None:
                _fail(f"no article {doc_id!r} in {store.path}", 2)
            art, quotes_ = found
            fragments.append(article_html(art.id, art.text, quotes_, vars(art)))
        store.close()
    else:
        paths = _checked_paths(paths, encoding)
        items = iter_documents(paths, text_column=text_column, id_column=id_column,
                               encoding=encoding, html=html)
        if ids:
            wanted = set(ids)
            items = (x for x in items if x.id in wanted)
        try:
            for res in make_runner(loader(rules_only)).run(items):
                if res.ok:
                    fragments.append(article_html(res.id, res.item.text, res.quotes, res.item.meta))
                else:
                    progress.error(res)
        except Exception as exc:
            _fail(f"cannot run the pipeline: {error_message(exc)}", 1)
        if not fragments and not progress.failed:
            _fail("no document to render" + (" with the given --id" if ids else ""), 2)
    page = page_html(fragments, title=(stored or ids or paths or ["quotes"])[0])
    try:
        if output == "-":
            _utf8(sys.stdout).write(page)
        else:
            with open(output, "w", encoding="utf-8") as fh:
                fh.write(page)
    except OSError as exc:
        _fail(f"cannot write {output}: {exc.strerror or exc}", 2)
    progress.exit_if_failed()


@main.command()
@_DB
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0 opens the store to the network).")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True)
def serve(db, host, port) -> None:
    """Browse the quote store in a web browser: a search box, a page per
    speaker and the highlighted article view.  Stop with Ctrl-C."""
    from .serve import make_server
    from .store import default_db_path

    path = db or default_db_path()
    _open_store(path, create=False).close()  # a missing store is an error now, not per page
    try:
        server = make_server(path, host=host, port=port)
    except OSError as exc:
        _fail(f"cannot listen on {host}:{port}: {exc.strerror or exc}", 2)
    click.echo(f"{PROG}: serving {path} on "
               f"http://{host}:{server.server_address[1]}/ (Ctrl-C to stop)", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def _graph_format(output: str) -> str:
    low = output.lower()
    for fmt, ends in (("graphml", (".graphml", ".xml")), ("json", (".json",)),
                      ("csv", (".csv",))):
        if low.endswith(ends):
            return fmt
    return "gexf"


def _date_option(ctx, param, value):
    from .graph import parse_date

    if value is None:
        return None
    date = parse_date(value)
    if date is None:
        raise click.BadParameter(f"{value!r} is not a date (use YYYY-MM-DD)")
    return date


@main.command()
@click.argument("paths", nargs=-1, required=True, metavar="INPUT ...")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="The graph file (format from its extension: .gexf, .graphml, "
                   ".json, .csv; CSV gives FILE-nodes.csv and FILE-edges.csv).")
@click.option("--format", "fmt", type=click.Choice(["gexf", "graphml", "json", "csv"]),
              default=None, help="Graph format (default: from -o, else gexf).")
@click.option("--min-quotes", type=click.IntRange(min=1), default=1, show_default=True,
              help="Leave out speakers with fewer quotes (and claims only they made).")
@click.option("--since", callback=_date_option, metavar="DATE", default=None,
              help="Only articles dated DATE (YYYY-MM-DD) or later.")
@click.option("--until", callback=_date_option, metavar="DATE", default=None,
              help="Only articles dated DATE (YYYY-MM-DD) or earlier.")
@click.option("--aliases", type=click.Path(dir_okay=False), default=None,
              help="CSV alias,canonical[,type] forcing speaker merges and splits.")
@click.option("--text-column", default="text", show_default=True,
              help="Field holding the text in raw JSONL/CSV input.")
@click.option("--id-column", default="id", show_default=True,
              help="Field holding the document id in raw JSONL/CSV input.")
@click.option("--encoding", default="auto", show_default=True,
              help="Encoding of raw input files (as for extract).")
@click.option("--html", is_flag=True, help="Raw inputs are HTML (as for extract).")
@click.option("--rules-only", is_flag=True, help="Rule-based components only.")
@click.option("--batch-size", type=click.IntRange(min=1), default=32, show_default=True,
              help="Documents per batch.")
@click.option("-q", "--quiet", is_flag=True, help="No summary on stderr.")
def graph(paths, output, fmt, min_quotes, since, until, aliases, text_column, id_column,
          encoding, html, rules_only, batch_size, quiet) -> None:
    """Build the speaker-claim graph of INPUTs and write it for Gephi.

    INPUT is anything `quotes extract` reads (raw articles, run through the
    pipeline) or the JSONL that `quotes extract` wrote (read as is)."""
    from .export import write
    from .graph import build, read_articles
    from .speakers import AliasError, read_aliases

    paths = _checked_paths(paths, encoding)
    if since and until and since > until:
        _fail(f"--since {since} is after --until {until}", 2)
    table = None
    if aliases:
        try:
            table = read_aliases(aliases)
        except AliasError as exc:
            _fail(str(exc), 2)
    fmt = fmt or _graph_format(output)
    failed = []

    def on_error(source: str, message: str) -> None:
        failed.append(source)
        click.echo(f"{PROG}: error: {source}: {message}", err=True)

    try:
        articles = read_articles(paths, on_error, text_column=text_column,
                                 id_column=id_column, encoding=encoding, html=html,
                                 rules_only=rules_only, batch_size=batch_size,
                                 since=since, until=until)
        g = build(articles, aliases=table, since=since, until=until, min_quotes=min_quotes)
    except KeyboardInterrupt:
        _fail("interrupted", 130)
    except Exception as exc:  # loading the pipeline or another run-wide failure
        _fail(f"cannot build the graph: {error_message(exc)}", 1)
    try:
        written = write(g, output, fmt)
    except OSError as exc:
        _fail(f"cannot write {exc.filename or output}: {exc.strerror or exc}", 2)
    if not quiet:
        info = g.graph
        click.echo(f"{PROG}: {info.get('articles', 0)} article(s), {info.get('quotes', 0)} "
                   f"quote(s) -> {info.get('speakers', 0)} speaker(s), "
                   f"{info.get('claims', 0)} claim(s), {g.number_of_edges()} edge(s) in "
                   f"{', '.join(map(str, written))}", err=True)
    if failed:
        click.echo(f"{PROG}: {len(failed)} document(s) failed", err=True)
        sys.exit(1)


if __name__ == "__main__":  # pragma: no cover
    main()
