"""Command-line interface: ``quotes extract [PATH ...]`` and ``quotes graph INPUT ...``.

A thin layer: reading is :mod:`quotes.io`, batching :mod:`quotes.runner`,
writing :mod:`quotes.output`.  Exit status: 0 when every document was
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


def _checked_inputs(paths, encoding: str) -> list[str]:
    """The input paths, or exit 2 on a missing file or an unknown encoding:
    both are typos best reported before anything is read or written."""
    from .decoding import check_encoding

    try:
        paths = check_paths(paths)
        check_encoding(encoding)
    except InputNotFound as exc:
        _fail(str(exc), 2)
    except LookupError:
        _fail(f"unknown encoding: {encoding}", 2)
    return paths


def _guess_format(output: Optional[str], stream) -> str:
    if output:
        low = output.lower()
        if low.endswith(".csv"):
            return "csv"
        if low.endswith((".txt", ".table")):
            return "table"
        return "jsonl"
    return "table" if _isatty(stream) else "jsonl"


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
@click.option("--text-column", default="text", show_default=True,
              help="Field holding the text in JSONL/CSV input.")
@click.option("--id-column", default="id", show_default=True,
              help="Field holding the document id in JSONL/CSV input.")
@click.option("--encoding", default="auto", show_default=True,
              help="Encoding of the input files: 'auto' (byte-order mark, UTF-8, "
                   "UTF-16, Windows-1256, ISO-8859-6) or a codec name used strictly.")
@click.option("--html", is_flag=True,
              help="Inputs are HTML: use their visible text (offsets refer to it; "
                   "JSONL output then holds it under \"text\"). .html/.htm files "
                   "always are.")
@click.option("--rules-only", is_flag=True,
              help="Use only the rule-based components (no statistical models).")
@click.option("--batch-size", type=click.IntRange(min=1), default=32, show_default=True,
              help="Documents per batch.")
@click.option("--no-meta", is_flag=True,
              help="Leave the input records' extra fields out of JSONL output.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
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
    paths = _checked_inputs(paths, encoding)

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

    if STDIN in paths and _isatty(sys.stdin):
        click.echo(f"{PROG}: reading text from standard input (end with Ctrl-D)", err=True)

    to_file = output not in (None, "-")
    if to_file:
        try:
            out = open(output, "a" if resume else "w", encoding="utf-8", newline="")
        except OSError as exc:
            _fail(f"cannot write {output}: {exc.strerror or exc}", 2)
    else:
        out = _utf8(sys.stdout)
    fmt = fmt or _guess_format(output if to_file else None, out)

    show_bar = not quiet and _isatty(sys.stderr)
    bar = None
    failed = 0
    writer = make_writer(fmt, out, include_meta=not no_meta)
    runner = make_runner(loader(rules_only), batch_size=batch_size, jobs=jobs, serialize=fmt == "jsonl")
    items = iter_documents(paths, text_column=text_column, id_column=id_column,
                           encoding=encoding, html=html)
    if done:
        items = skip_done(items, done)
    try:
        seen = 0
        for res in runner.run(items):
            seen += 1
            if res.ok:
                meta = getattr(res.item, "meta", None)
                # Offsets into extracted HTML text are only checkable with it.
                text = res.item.text if getattr(res.item, "html", False) else None
                writer.write(res.id, res.quotes, meta, text=text)
            else:
                failed += 1
                msg = f"{PROG}: error: {res.source}: {res.error}"
                if bar is not None:
                    bar.write(msg, file=sys.stderr)
                else:
                    click.echo(msg, err=True)
                writer.write_error(res.id, res.error)
            if seen == 2 and show_bar:
                # Only worth a bar when there is more than one document.
                from tqdm import tqdm

                bar = tqdm(unit=" docs", file=sys.stderr, initial=1, dynamic_ncols=True)
            if bar is not None:
                bar.update(1)
            if seen % batch_size == 0:
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
        sys.exit(0 if not failed else 1)
    except Exception as exc:  # loading the pipeline or another run-wide failure
        _fail(f"cannot run the pipeline: {error_message(exc)}", 1)
    finally:
        if bar is not None:
            bar.close()
        if to_file:
            out.close()
    if failed:
        click.echo(f"{PROG}: {failed} document(s) failed", err=True)
        sys.exit(1)


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

    paths = _checked_inputs(paths, encoding)
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
