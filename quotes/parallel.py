"""Running the pipeline in several processes (``quotes extract --jobs N``) and
resuming an interrupted run (``--resume``).

:class:`ParallelRunner` has the interface of :class:`quotes.runner.Runner`
(``run(items)`` yields one :class:`~quotes.runner.Result` per input item, in
input order) but sends each batch's texts to a pool of worker processes.  Each
worker builds the pipeline once, in the pool's initializer, and keeps it for
the whole run; lexicons are never re-read per batch.  Only the texts travel to
the workers and only the quotes (or an error message per document) come back;
ids, metadata and input errors stay in the main process.

Memory stays constant however long the input is: the main process reads
lazily and keeps at most ``2 * jobs`` batches in flight (``Pool.imap`` would
read the whole input ahead of the workers).  The pool uses the ``spawn`` start
method, so it behaves the same on Linux, macOS and Windows and never inherits
a half-initialised state (threads, open files) from the main process.
"""
from __future__ import annotations

import json
import multiprocessing
import os
import signal
from collections import deque
from functools import partial
from typing import Any, Callable, Iterable, Iterator, Optional, Union

from .io import Document, InputError
from .output import QuotesJson
from .runner import Result, Runner, chunked

__all__ = ["ParallelRunner", "make_runner", "loader", "done_ids", "prepare_resume"]

Item = Union[Document, InputError]
RECYCLE = 1000      # batches a worker runs before it is replaced (32,000 documents at the default size)


def loader(rules_only: bool = False) -> Callable[[], Any]:
    """A picklable ``load()`` for the runners: builds ``quotes.load(rules_only)``."""
    import quotes

    return partial(quotes.load, rules_only=rules_only)


# --------------------------------------------------------------------- worker side

_WORKER: Optional[Runner] = None
_LOAD_ERROR: Optional[BaseException] = None


def _init_worker(load: Callable[[], Any], batch_size: int) -> None:
    global _WORKER, _LOAD_ERROR
    # Ctrl-C is the main process's business; it stops the pool.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER = Runner(load, batch_size=batch_size)
    try:
        _WORKER.nlp  # build the pipeline now, once per process
    except Exception as exc:  # reported by the first batch (a failing
        _LOAD_ERROR = exc     # initializer would make the pool respawn forever)


def _work(batch: list[tuple[str, str]], serialize: bool = False) -> tuple[list[tuple[Any, Optional[str]]], int]:
    """Quotes (or an error message) for each ``(id, text)`` of ``batch``, and
    the number of ``nlp.pipe`` result-count mismatches it met. With
    ``serialize`` the quotes come back as JSON text (:class:`QuotesJson`)."""
    if _LOAD_ERROR is not None:
        raise _LOAD_ERROR
    runner = _WORKER
    assert runner is not None, "worker not initialised"
    before = runner.mismatches
    docs = [Document(doc_id, text) for doc_id, text in batch]
    out = [(QuotesJson.of(r.quotes) if serialize and r.quotes is not None else r.quotes, r.error)
           for r in runner._extract(docs)]
    return out, runner.mismatches - before


# --------------------------------------------------------------------- main side

class ParallelRunner:
    """``Runner`` over ``jobs`` worker processes.  ``load`` must be picklable
    (a module-level function or a ``functools.partial`` of one, e.g.
    :func:`loader`); it is called once in each worker."""

    def __init__(self, load: Callable[[], Any], batch_size: int = 32, jobs: int = 2,
                 start_method: str = "spawn", in_flight: Optional[int] = None, serialize: bool = False):
        self._load = load
        self.batch_size = max(1, int(batch_size))
        self.jobs = max(1, int(jobs))
        self.start_method = start_method
        self.in_flight = max(1, in_flight or 2 * self.jobs)
        self.mismatches = 0
        #: results carry JSON text instead of Quote objects (for JSONL output)
        self.serialize = serialize

    def run(self, items: Iterable[Item]) -> Iterator[Result]:
        ctx = multiprocessing.get_context(self.start_method)
        # workers are replaced every RECYCLE batches: the vocabulary a worker
        # accumulates (one lexeme per word form seen) is freed with it
        pool = ctx.Pool(self.jobs, initializer=_init_worker,
                        initargs=(self._load, self.batch_size), maxtasksperchild=RECYCLE)
        pending: deque = deque()
        try:
            for chunk in chunked(items, self.batch_size):
                docs = [x for x in chunk if isinstance(x, Document)]
                job = pool.apply_async(_work, ([(d.id, d.text) for d in docs], self.serialize)) \
                    if docs else None
                pending.append((chunk, job))
                while len(pending) >= self.in_flight:
                    yield from self._collect(*pending.popleft())
            while pending:
                yield from self._collect(*pending.popleft())
            pool.close()
        finally:
            pool.terminate()
            pool.join()

    def _collect(self, chunk: list[Item], job) -> Iterator[Result]:
        results = iter(())
        if job is not None:
            found, mismatches = job.get()
            self.mismatches += mismatches
            results = iter(found)
        for x in chunk:
            if isinstance(x, InputError):
                yield Result(x, None, x.message)
            else:
                quotes_, error = next(results)
                yield Result(x, quotes_, error)


def make_runner(load: Callable[[], Any], batch_size: int = 32, jobs: int = 1, serialize: bool = False):
    """A :class:`Runner` for ``jobs == 1`` (everything in this process), else a
    :class:`ParallelRunner` (``serialize``: its results carry JSON text, which
    only the JSONL writer takes)."""
    if jobs <= 1:
        return Runner(load, batch_size=batch_size)
    return ParallelRunner(load, batch_size=batch_size, jobs=jobs, serialize=serialize)


# --------------------------------------------------------------------- --resume

def done_ids(path: str) -> set[str]:
    """The ids of the records already in the JSONL file ``path`` (error
    records included).  Lines that are not JSON objects with an ``id`` are
    ignored."""
    ids: set[str] = set()
    with open(path, "rb") as fh:
        for line in fh:
            try:
                rec = json.loads(line)
            except ValueError:
                continue
            if isinstance(rec, dict) and rec.get("id") is not None:
                ids.add(str(rec["id"]))
    return ids


def prepare_resume(path: str) -> set[str]:
    """For ``--resume``: the ids already written to ``path`` (empty when the
    file does not exist).  A last line cut short by an interrupted run is
    removed so that appending starts on a fresh line; its document is done
    again."""
    if not os.path.exists(path):
        return set()
    with open(path, "rb+") as fh:
        fh.seek(0, os.SEEK_END)
        size = fh.tell()
        if size:
            # Find the end of the last complete line.
            pos, keep = size, 0
            while pos > 0:
                step = min(1 << 16, pos)
                pos -= step
                fh.seek(pos)
                block = fh.read(step)
                nl = block.rfind(b"\n")
                if nl >= 0:
                    keep = pos + nl + 1
                    break
            if keep != size:
                fh.truncate(keep)
    return done_ids(path)


def skip_done(items: Iterable[Item], done: set[str]) -> Iterator[Item]:
    """``items`` without those whose id is in ``done``."""
    for x in items:
        if x.id not in done:
            yield x
