"""Model-assisted annotation: the pipeline proposes, a reader corrects.

    python -m quotes.annotate select --per-outlet 60 -o ids.txt
    python -m quotes.annotate prepare ids.txt --out work/b01     # one review file per article
    python -m quotes.annotate show work/b01/ID.json               # the text, paragraph by paragraph, with offsets
    python -m quotes.annotate find work/b01/ID.json "وقال"         # where a string occurs
    python -m quotes.annotate check work/b01                      # every reviewed file resolves?
    python -m quotes.annotate compile work/b01 -o corpora/annotations/b01.jsonl

    python -m quotes.annotate audit --out work/audit               # second reading: corpus vs rules
    python -m quotes.annotate adjudicate --check work/audit         # every decision applies?
    python -m quotes.annotate adjudicate work/audit                 # rewrite corpora/annotations/

A review file holds the article and its quotes as *strings*, not offsets,
because people (and language models) copy text reliably and count characters
badly. Each quote names its ``cue`` with an approximate position ``cue_at``;
every other span is located as the occurrence nearest to the cue (the
antecedent: the nearest one before it). A long content may be written
``"first words ... last words"``. ``compile`` turns strings back into offsets
and refuses anything it cannot place, so the stand-off corpus is exact.

A second reading (``audit``) lists, per annotated article, only where the
corpus and the rules disagree (:func:`disputes`); a reader decides each one
and ``adjudicate`` applies the decisions, leaving every other quote's offsets
as they were.
"""
from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

import click

from .corpus import articles, news_dir, read_jsonl, standoff

QUOTE_TYPES = ("direct", "indirect", "mixed")
ELLIPSIS = re.compile(r"\s+(?:\.\.\.|…)\s+")
TRAILING = ".،,؛;:!؟?"
POLITICS = {"internationalNews", "middleEast", "economy", "politic", None}


class Unplaced(ValueError):
    """A string of a review file that does not occur where it should."""


def occurrences(text: str, s: str) -> list[int]:
    out, i = [], text.find(s)
    while i >= 0:
        out.append(i)
        i = text.find(s, i + 1)
    return out


def locate(text: str, s: str, anchor: int, before: bool = False) -> tuple[int, int]:
    """The span of ``s`` nearest to ``anchor`` (``before``: ending before it if possible)."""
    s = s.strip()
    if not s:
        raise Unplaced("empty string")
    hits = occurrences(text, s)
    if not hits and re.search(r"\s", s):
        # typed with plain spaces where the article has no-break or double spaces
        pattern = re.compile(r"\s+".join(re.escape(w) for w in s.split()))
        spans = [(m.start(), m.end()) for m in pattern.finditer(text)]
        if spans:
            if before and any(e <= anchor for _, e in spans):
                spans = [sp for sp in spans if sp[1] <= anchor]
            return min(spans, key=lambda sp: (abs(sp[0] - anchor), sp[0]))
    if hits:
        if before and any(h + len(s) <= anchor for h in hits):
            hits = [h for h in hits if h + len(s) <= anchor]
        h = min(hits, key=lambda h: (abs(h - anchor), h))
        return h, h + len(s)
    parts = ELLIPSIS.split(s)
    if len(parts) == 2:
        head, tail = (p.strip() for p in parts)
        starts = occurrences(text, head)
        if starts:
            start = min(starts, key=lambda h: (abs(h - anchor), h))
            end = text.find(tail, start + len(head))
            if end >= 0:
                return start, end + len(tail)
    raise Unplaced(f"not found in the text: {s[:60]!r}")


def resolve_quote(text: str, q: dict, n: int) -> dict:
    """One review quote as a gold quote with offsets."""
    if q.get("type") not in QUOTE_TYPES:
        raise Unplaced(f"type must be one of {QUOTE_TYPES}, not {q.get('type')!r}")
    cue = locate(text, q["cue"], int(q.get("cue_at", 0)))
    anchor = cue[0]
    content = locate(text, q["content"], anchor)
    ct = text[content[0]:content[1]]
    if q["type"] != "direct" and ct[-1] in TRAILING:
        raise Unplaced(f"indirect content must not end with final punctuation: {ct[-20:]!r}")
    span = lambda key, **kw: locate(text, q[key], anchor, **kw) if q.get(key) else None  # noqa: E731
    speaker = span("speaker")
    antecedent = None if speaker else span("antecedent", before=True)
    if speaker is None and antecedent is None:
        raise Unplaced("a quote needs a speaker or, for an implicit one, an antecedent")
    mention = speaker or antecedent
    head = (q.get("speaker_head") or text[mention[0]:mention[1]]).strip()
    if head not in text[mention[0]:mention[1]]:
        raise Unplaced(f"speaker_head {head!r} is not part of the speaker mention")
    return {"id": f"q{n}", "type": q["type"], "cue": list(cue), "content": list(content),
            "speaker": list(speaker) if speaker else None, "speaker_head": head,
            "speaker_antecedent": list(antecedent) if antecedent else None,
            "addressee": list(span("addressee")) if q.get("addressee") else None}


def compile_review(review: dict) -> dict:
    text = review["text"]
    quotes, errors = [], []
    for n, q in enumerate(review.get("quotes", []), 1):
        try:
            quotes.append(resolve_quote(text, q, n))
        except (Unplaced, KeyError, TypeError) as exc:
            errors.append(f"quote {n} ({q.get('cue', '?')} at {q.get('cue_at', '?')}): {exc}")
    if errors:
        raise Unplaced("; ".join(errors))
    quotes.sort(key=lambda g: (g["content"][0], g["cue"][0]))
    for n, g in enumerate(quotes, 1):
        g["id"] = f"q{n}"
    return {"id": review["id"], "text": text, "meta": review.get("meta", {}), "quotes": quotes}


def review_of(record: dict, found) -> dict:
    """A review file's content from a news record and the pipeline's quotes."""
    def txt(s):
        return s.text if s is not None else None

    quotes = []
    for q in found:
        quotes.append({"type": q.type, "cue": q.cue.text, "cue_at": q.cue.start,
                       "speaker": txt(q.speaker),
                       "antecedent": None if q.speaker else txt(q.speaker_resolved),
                       "speaker_head": None, "addressee": txt(q.addressee),
                       "content": q.content.text})
    meta = {k: record.get(k) for k in ("outlet", "category", "date", "url", "title")}
    return {"id": record["id"], "corpus_file": record.get("corpus_file", ""),
            "status": "todo", "meta": meta, "text": record["text"], "quotes": quotes}


def as_strings(text: str, g: dict) -> dict:
    """A gold quote (offsets) as a review quote (strings): what ``resolve_quote`` reads back."""
    part = lambda key: text[g[key][0]:g[key][1]] if g.get(key) else None  # noqa: E731
    return {"type": g["type"], "cue": part("cue"), "cue_at": g["cue"][0], "speaker": part("speaker"),
            "antecedent": None if g["speaker"] else part("speaker_antecedent"),
            "speaker_head": g["speaker_head"], "addressee": part("addressee"), "content": part("content")}


def disputes(text: str, golds: list[dict], preds: list[dict]) -> list[dict]:
    """Where the corpus and the rules disagree, for a second reading: a rule quote
    the corpus lacks, a corpus quote the rules do not find, contents that overlap
    without matching, and matched quotes whose speakers differ."""
    from .evaluate import _span, jaccard, match, speaker_right

    pairs = match(golds, preds)
    matched_g, matched_p = {i for i, _ in pairs}, {j for _, j in pairs}
    free_p = [j for j in range(len(preds)) if j not in matched_p]
    out = []

    def proposal(j: int) -> dict:
        q = preds[j]
        sp, res = q.get("speaker"), q.get("speaker_resolved")
        return {"type": q["type"], "cue": q["cue"]["text"], "cue_at": q["cue"]["start"],
                "speaker": sp["text"] if sp else None,
                "antecedent": res["text"] if res and not sp else None, "speaker_head": None,
                "addressee": q["addressee"]["text"] if q.get("addressee") else None,
                "content": q["content"]["text"]}

    for i, g in enumerate(golds):
        if i in matched_g:
            continue
        overlap = [(jaccard(tuple(g["content"]), _span(preds[j]["content"])), j) for j in free_p]
        best = max(overlap, default=(0.0, -1))
        if best[0] > 0:
            free_p.remove(best[1])
            out.append({"kind": "boundary", "gold": i + 1, "proposal": proposal(best[1])})
        else:
            out.append({"kind": "gold_only", "gold": i + 1, "proposal": None})
    out += [{"kind": "rules_only", "gold": None, "proposal": proposal(j)} for j in free_p]
    out += [{"kind": "speaker", "gold": i + 1, "proposal": proposal(j)}
            for i, j in pairs if not speaker_right(text, golds[i], preds[j])]
    out.sort(key=lambda d: d["proposal"]["cue_at"] if d["proposal"] else golds[d["gold"] - 1]["cue"][0])
    for n, d in enumerate(out, 1):
        corpus = as_strings(text, golds[d["gold"] - 1]) if d["gold"] else None
        d.update(n=n, corpus_quote=corpus, decision=None, quote=None, why=None)
    return out


def adjudicated(gold: dict, review: dict) -> dict:
    """``gold`` with a second reading's decisions applied: ``keep`` changes
    nothing, ``delete`` removes the corpus quote, ``replace`` puts ``quote`` in its
    place, ``add`` adds ``quote``. Untouched quotes keep their offsets exactly."""
    text = gold["text"]
    drop, new = set(), []
    for d in review["disputes"]:
        decision = d.get("decision")
        if decision not in ("keep", "delete", "replace", "add"):
            raise Unplaced(f"dispute {d.get('n')}: decision must be keep, delete, replace or add, "
                           f"not {decision!r}")
        if decision in ("delete", "replace"):
            if not d.get("gold"):
                raise Unplaced(f"dispute {d['n']}: {decision} needs a corpus quote")
            drop.add(d["gold"] - 1)
        if decision in ("replace", "add"):
            if not isinstance(d.get("quote"), dict):
                raise Unplaced(f"dispute {d['n']}: {decision} needs a quote")
            try:
                new.append(resolve_quote(text, d["quote"], 0))
            except (KeyError, TypeError, Unplaced) as exc:
                raise Unplaced(f"dispute {d['n']}: {exc}") from exc
    quotes = [g for k, g in enumerate(gold["quotes"]) if k not in drop] + new
    quotes.sort(key=lambda g: (g["content"][0], g["cue"][0]))
    return dict(gold, quotes=[dict(g, id=f"q{n}") for n, g in enumerate(quotes, 1)])


def _reviews(folder: Path) -> list[Path]:
    return sorted(Path(folder).glob("*.json"))


def _load(path: Path) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


@click.group()
def main() -> None:
    """Model-assisted annotation of news articles (see the module docstring)."""


@main.command()
@click.option("--news", default=None, help="News corpus folder (default ../shared/corpora/news).")
@click.option("--per-outlet", default=60, show_default=True)
@click.option("--seed", default=13, show_default=True)
@click.option("--exclude", multiple=True, type=click.Path(exists=True),
              help="JSONL files whose ids are never picked (the shared dev set, earlier batches).")
@click.option("--min-chars", default=500, show_default=True)
@click.option("--max-chars", default=2800, show_default=True)
@click.option("-o", "--output", type=click.File("w", encoding="utf-8"), default="-")
def select(news, per_outlet, seed, exclude, min_chars, max_chars, output) -> None:
    """Pick articles of the ANT corpus (its license allows shipping a model): mostly
    politics, world and economy, one in six from other sections."""
    skip = {r["id"] for path in exclude for r in read_jsonl(Path(path))}
    rng = random.Random(seed)
    for path in sorted(news_dir(news).glob("ant-*.jsonl.gz")):
        pool = [r for r in read_jsonl(path)
                if r["id"] not in skip and min_chars <= len(r["text"]) <= max_chars]
        main_pool = [r for r in pool if r.get("category") in POLITICS]
        other = [r for r in pool if r.get("category") not in POLITICS]
        n_other = per_outlet // 6
        picked = rng.sample(main_pool, min(len(main_pool), per_outlet - n_other))
        picked += rng.sample(other, min(len(other), n_other))
        for r in picked:
            output.write(r["id"] + "\n")


@main.command()
@click.argument("ids_file", type=click.File(encoding="utf-8"))
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False))
@click.option("--news", default=None)
def prepare(ids_file, out_dir, news) -> None:
    """Run the pipeline over the listed articles and write one review file each."""
    import quotes

    ids = [line.strip() for line in ids_file if line.strip()]
    records = articles(ids, news)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    nlp = quotes.load(rules_only=True)
    for i in ids:
        if i not in records:
            click.echo(f"not found: {i}", err=True)
            continue
        path = out / f"{i}.json"
        if path.exists():
            continue
        found = quotes.extract(records[i]["text"], nlp=nlp)
        path.write_text(json.dumps(review_of(records[i], found), ensure_ascii=False, indent=1),
                        encoding="utf-8")
    click.echo(f"{len(records)} review files in {out}")


@main.command()
@click.argument("review", type=click.Path(exists=True, dir_okay=False))
def show(review) -> None:
    """The text paragraph by paragraph with its offsets, then the current quotes."""
    r = _load(Path(review))
    pos = 0
    for para in r["text"].split("\n"):
        click.echo(f"[{pos}-{pos + len(para)}] {para}")
        pos += len(para) + 1
    click.echo("")
    for n, q in enumerate(r.get("quotes", []), 1):
        click.echo(f"{n}. {q.get('type')} | cue {q.get('cue')}@{q.get('cue_at')} | "
                   f"speaker {q.get('speaker')} | antecedent {q.get('antecedent')} | "
                   f"content {q.get('content')}")


@main.command()
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.argument("number", type=int)
def example(gold, number) -> None:
    """Article NUMBER (from 1) of a gold JSONL file, its quotes written out as text:
    to calibrate against the guidelines' worked examples."""
    docs = list(read_jsonl(Path(gold)))
    d = docs[number - 1]
    t = d["text"]
    part = lambda s: t[s[0]:s[1]] if s else None  # noqa: E731
    click.echo(t)
    click.echo("")
    for n, q in enumerate(d["quotes"], 1):
        click.echo(f"{n}. {q['type']} | cue {part(q['cue'])}@{q['cue'][0]} | speaker {part(q['speaker'])} | "
                   f"antecedent {part(q['speaker_antecedent'])} | head {q['speaker_head']} | "
                   f"addressee {part(q.get('addressee'))} | content {part(q['content'])}")


@main.command()
@click.argument("review", type=click.Path(exists=True, dir_okay=False))
@click.argument("string")
def find(review, string) -> None:
    """Every offset at which STRING occurs in the review's text, with context."""
    text = _load(Path(review))["text"]
    for h in occurrences(text, string):
        click.echo(f"{h}-{h + len(string)}: …{text[max(0, h - 30):h + len(string) + 30]}…")


def _compile_folder(folder: Path) -> tuple[list[dict], list[str]]:
    golds, errors = [], []
    for path in _reviews(folder):
        r = _load(path)
        if r.get("status") != "done":
            errors.append(f"{path.name}: status is {r.get('status')!r}, not 'done'")
            continue
        try:
            golds.append((compile_review(r), r.get("corpus_file", "")))
        except Unplaced as exc:
            errors.append(f"{path.name}: {exc}")
    return golds, errors


@main.command()
@click.argument("folder", type=click.Path(exists=True, file_okay=False))
def check(folder) -> None:
    """Report every review file that is not done or does not resolve to offsets."""
    golds, errors = _compile_folder(Path(folder))
    for e in errors:
        click.echo(e)
    click.echo(f"{len(golds)} ready, {len(errors)} with problems")
    sys.exit(1 if errors else 0)


@main.command(name="compile")
@click.argument("folders", nargs=-1, type=click.Path(exists=True, file_okay=False))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False))
def compile_cmd(folders, output) -> None:
    """Write the stand-off annotations (no text, its SHA-1) of every done review file."""
    n = q = 0
    with open(output, "w", encoding="utf-8") as f:
        for folder in folders:
            golds, errors = _compile_folder(Path(folder))
            for e in errors:
                click.echo(f"skipped {e}", err=True)
            for gold, corpus_file in golds:
                f.write(json.dumps(standoff(gold, corpus_file), ensure_ascii=False) + "\n")
                n += 1
                q += len(gold["quotes"])
    click.echo(f"{n} articles, {q} quotes -> {output}")


ANNOTATIONS_OPTION = click.option(
    "--annotations", default=None, type=click.Path(exists=True, file_okay=False),
    help="Folder of stand-off annotation files (default corpora/annotations).")


@main.command()
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False))
@click.option("--news", default=None)
@ANNOTATIONS_OPTION
def audit(out_dir, news, annotations) -> None:
    """Write a second-reading file for every corpus article where the rules and
    the annotation disagree (see :func:`disputes`); ``adjudicate`` applies them."""
    import quotes
    from .corpus import annotation_files, load_gold
    from .evaluate import predict

    golds = load_gold(news, annotation_files(Path(annotations)) if annotations else None)
    preds = predict(quotes.load(rules_only=True), golds)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    n = 0
    for g in golds:
        ds = disputes(g["text"], g["quotes"], preds[g["id"]])
        if not ds:
            continue
        quotes_ = [dict(as_strings(g["text"], q), n=k) for k, q in enumerate(g["quotes"], 1)]
        review = {"id": g["id"], "status": "todo", "text": g["text"], "quotes": quotes_, "disputes": ds}
        (out / f"{g['id']}.json").write_text(json.dumps(review, ensure_ascii=False, indent=1),
                                             encoding="utf-8")
        n += len(ds)
    click.echo(f"{n} disputes in {len(list(out.glob('*.json')))} files in {out}")


@main.command()
@click.argument("folders", nargs=-1, type=click.Path(exists=True, file_okay=False))
@click.option("--news", default=None)
@click.option("--check", is_flag=True, help="Only report files that are not done or do not apply.")
@ANNOTATIONS_OPTION
def adjudicate(folders, news, check, annotations) -> None:
    """Apply the decisions of second-reading files to corpora/annotations/ in
    place; articles without one keep their lines byte for byte."""
    from .corpus import annotation_files, join

    reviews = {}
    for folder in folders:
        for path in _reviews(Path(folder)):
            reviews[_load(path)["id"]] = path
    errors, changed, rewritten = [], 0, {}
    for ann in annotation_files(Path(annotations) if annotations else None):
        lines = ann.read_text(encoding="utf-8").splitlines()
        recs = [json.loads(line) for line in lines]
        texts = articles([r["id"] for r in recs if r["id"] in reviews], news)
        for k, rec in enumerate(recs):
            path = reviews.get(rec["id"])
            if path is None:
                continue
            review = _load(path)
            try:
                if review.get("status") != "done":
                    raise Unplaced(f"status is {review.get('status')!r}, not 'done'")
                gold = adjudicated(join(rec, texts[rec["id"]]["text"]), review)
            except Unplaced as exc:
                errors.append(f"{path.name}: {exc}")
                continue
            lines[k] = json.dumps(standoff(gold, rec.get("corpus_file", "")), ensure_ascii=False)
            changed += 1
        rewritten[ann] = lines
    for e in errors:
        click.echo(e)
    if errors:
        click.echo(f"{len(errors)} files with problems; nothing written" if not check else
                   f"{len(errors)} files with problems")
        sys.exit(1)
    if not check:
        for ann, lines in rewritten.items():
            ann.write_text("\n".join(lines) + "\n", encoding="utf-8")
    click.echo(f"{changed} articles {'would be ' if check else ''}adjudicated")


if __name__ == "__main__":
    main()
