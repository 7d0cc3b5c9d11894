"""Running ``quotes extract`` on a Dask cluster (``--engine dask``).

Needs the optional extra: ``pip install 'quotes[dask]'``.

The JSONL inputs are cut into partitions of ``partition_size`` records (a
file never shares a partition with another file), the partitions become a
``dask.bag`` and every partition is processed by one task: the task reads its
records with :func:`quotes.io.iter_documents` (so ids, ``meta`` and error
records are exactly those of a single-process run), runs them through the
pipeline with :class:`quotes.runner.Runner` and writes
``OUT_DIR/part-NNNNN.jsonl`` itself.  Reading the part files in name order
gives the same lines as ``quotes extract --format jsonl`` on the same inputs.

Each worker thread builds the pipeline once and keeps it for every task it
runs.  Without a scheduler address a :class:`distributed.LocalCluster` with
``jobs`` single-threaded worker processes is started on this machine; with one,
the work goes to that cluster, whose workers must have ``quotes`` installed and
see the input files and the output folder at the same paths (a shared or
network file system).  See ``docs/scale.md``.
"""
from __future__ import annotations

import glob
import gzip
import os
import threading
from dataclasses import dataclass
from itertools import islice
from typing import Any, Callable, Iterable, Optional

__all__ = ["DaskUnavailable", "Partition", "plan_partitions", "run_partition",
           "run_dask", "part_files"]

PART_PATTERN = "part-*.jsonl"


class DaskUnavailable(RuntimeError):
    """``dask[bag,distributed]`` is not installed."""


@dataclass(frozen=True)
class Partition:
    """Records ``start`` (inclusive) to ``stop`` (exclusive, ``None`` = to the
    end) of JSONL file ``path``, counted as :func:`iter_documents` yields them."""

    index: int
    path: str
    start: int
    stop: Optional[int]


def _is_jsonl(path: str) -> bool:
    low = path.lower()
    if low.endswith(".gz"):
        low = low[:-3]
    return low.endswith((".jsonl", ".ndjson"))


def _count_records(path: str) -> int:
    """Non-blank lines of a JSONL file (one record each)."""
    opener = gzip.open if path.lower().endswith(".gz") else open
    n = 0
    with opener(path, "rb") as fh:
        for line in fh:
            if line.strip():
                n += 1
    return n


def plan_partitions(paths: Iterable[str], partition_size: int) -> list[Partition]:
    """Partitions of at most ``partition_size`` records covering every file of
    ``paths`` in order.  The last partition of a file is open-ended, so a
    record is never lost even if a line is counted differently."""
    size = max(1, int(partition_size))
    parts: list[Partition] = []
    for path in paths:
        n = _count_records(path)
        start = 0
        while True:
            stop = start + size
            last = stop >= n
            parts.append(Partition(len(parts), path, start, None if last else stop))
            if last:
                break
            start = stop
    return parts


def part_files(out_dir: str) -> list[str]:
    """The part files of ``out_dir`` in order."""
    return sorted(glob.glob(os.path.join(out_dir, PART_PATTERN)))


# --------------------------------------------------------------------- worker side

_LOCAL = threading.local()


def _nlp(rules_only: bool):
    cache = getattr(_LOCAL, "nlp", None)
    if cache is None:
        cache = _LOCAL.nlp = {}
    if rules_only not in cache:
        import quotes

        cache[rules_only] = quotes.load(rules_only=rules_only)
    return cache[rules_only]


def run_partition(part: Partition, out_dir: str, options: dict[str, Any]) -> dict[str, Any]:
    """Process one partition and write ``out_dir/part-NNNNN.jsonl`` (through a
    temporary file, so a retried task never leaves half a file).  Returns
    counts and the first error messages."""
    from .io import iter_documents
    from .output import JsonlWriter
    from .runner import Runner

    rules_only = bool(options.get("rules_only", False))
    runner = Runner(lambda: _nlp(rules_only), batch_size=options.get("batch_size", 32))
    items = iter_documents([part.path], text_column=options.get("text_column", "text"),
                           id_column=options.get("id_column", "id"),
                           encoding=options.get("encoding", "auto"),
                           html=bool(options.get("html", False)))
    items = islice(items, part.start, part.stop)
    target = os.path.join(out_dir, f"part-{part.index:05d}.jsonl")
    tmp = f"{target}.tmp-{os.getpid()}-{threading.get_ident()}"
    errors: list[str] = []
    docs = n_errors = 0
    with open(tmp, "w", encoding="utf-8", newline="") as fh:
        writer = JsonlWriter(fh, include_meta=not options.get("no_meta", False))
        for res in runner.run(items):
            docs += 1
            if res.ok:
                text = res.item.text if getattr(res.item, "html", False) else None
                writer.write(res.id, res.quotes, getattr(res.item, "meta", None), text=text)
            else:
                n_errors += 1
                if len(errors) < 20:
                    errors.append(f"{res.source}: {res.error}")
                writer.write_error(res.id, res.error)
        writer.close()
    os.replace(tmp, target)
    return {"index": part.index, "path": target, "documents": docs,
            "errors": n_errors, "messages": errors}


# --------------------------------------------------------------------- driver side

def _require_dask():
    try:
        import dask.bag  # noqa: F401
        import distributed  # noqa: F401
    except ImportError as exc:
        raise DaskUnavailable(
            "--engine dask needs Dask: pip install 'quotes[dask]' "
            "(or pip install 'dask[bag,distributed]')") from exc


def run_dask(paths: list[str], out_dir: str, options: dict[str, Any],
             scheduler: Optional[str] = None, jobs: int = 1,
             partition_size: int = 10_000, processes: bool = True,
             echo: Callable[[str], None] = lambda s: None) -> list[dict[str, Any]]:
    """Run the pipeline over the JSONL files ``paths`` on Dask and write
    ``out_dir/part-*.jsonl``.  Returns one stats dict per partition, in order.

    ``scheduler``: address of a running scheduler (``tcp://host:8786``), else a
    LocalCluster of ``jobs`` worker processes (threads with ``processes=False``)
    is started and stopped here."""
    _require_dask()
    import dask.bag as db
    from distributed import Client, LocalCluster

    bad = [p for p in paths if not _is_jsonl(p) or os.path.isdir(p)]
    if bad:
        raise ValueError(f"--engine dask reads .jsonl / .jsonl.gz files only, not {bad[0]}")
    paths = [os.path.abspath(p) for p in paths]
    out_dir = os.path.abspath(out_dir)
    if os.path.exists(out_dir) and not os.path.isdir(out_dir):
        raise ValueError(f"-o must be a folder with --engine dask: {out_dir} is a file")
    os.makedirs(out_dir, exist_ok=True)
    if part_files(out_dir):
        raise ValueError(f"{out_dir} already holds {PART_PATTERN} files; "
                         "remove them or choose another folder")

    parts = plan_partitions(paths, partition_size)
    echo(f"{len(parts)} partition(s) of up to {partition_size} records "
         f"from {len(paths)} file(s)")
    bag = db.from_sequence(parts, npartitions=len(parts)).map(
        run_partition, out_dir=out_dir, options=options)

    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(n_workers=max(1, jobs), threads_per_worker=1,
                               processes=processes, dashboard_address=None)
        client = Client(cluster)
    try:
        echo(f"scheduler: {client.scheduler.address}")
        stats = bag.compute()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return sorted(stats, key=lambda s: s["index"])
