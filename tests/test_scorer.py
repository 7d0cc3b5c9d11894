"""The learned scorer: labels from gold, fitting, and the F1-optimal cut."""
from __future__ import annotations

from quotes.scorer import Scorer, fit, label, rechoose
from quotes.train import best_threshold, fold_of
from quotes.types import Quote, Span

TEXT = "قال الوزير إن الخطة جاهزة."
GOLD = [{"type": "indirect", "cue": [0, 3], "content": [11, 25], "speaker": [4, 10],
         "speaker_head": "الوزير", "speaker_antecedent": None}]


def quote(speaker=(4, 10), content=(11, 25)):
    sp = Span.from_text(TEXT, *speaker)
    return Quote(type="indirect", cue=Span.from_text(TEXT, 0, 3), content=Span.from_text(TEXT, *content),
                 speaker=sp, speaker_resolved=sp)


def test_label_needs_content_and_speaker():
    assert label(TEXT, GOLD, quote()) == 1
    assert label(TEXT, GOLD, quote(speaker=(11, 13))) == 0
    assert label(TEXT, GOLD, quote(content=(4, 10))) == 0
    assert label(TEXT, [], quote()) == 0


def test_fit_learns_which_feature_means_right():
    rows = [({"bias": 1.0, "good": 1.0}, 1)] * 30 + [({"bias": 1.0, "bad": 1.0}, 0)] * 30
    s = fit(rows)
    assert s.weights["good"] > 0 > s.weights["bad"]
    assert s.probability({"bias": 1.0, "good": 1.0}) > 0.8 > 0.2 > s.probability({"bias": 1.0, "bad": 1.0})
    assert Scorer.from_json(s.to_json()) == s


def test_best_threshold_keeps_what_pays_for_itself():
    s = Scorer({"p": 1.0})
    rows = [({"p": 3.0}, 1)] * 8 + [({"p": -3.0}, 0)] * 8
    t = best_threshold(s, rows, n_gold=8)
    assert s.probability({"p": -3.0}) < t <= s.probability({"p": 3.0})


def test_folds_split_the_corpus_in_two():
    folds = [fold_of(f"a{i}") for i in range(400)]
    assert 150 < sum(folds) < 250


def test_fit_without_both_classes_leaves_the_step_off():
    assert fit([]).weights == {}
    assert fit([({"bias": 1.0}, 1)] * 5).weights == {}


def test_implicit_quotes_follow_the_extent_the_chooser_picks():
    text = "قال المدير العام للشركة سالم نصار إن الأرباح زادت، مضيفا أن الفروع ستتوسع."
    def span(s: str) -> Span:
        i = text.index(s)
        return Span.from_text(text, i, i + len(s))
    cut = span("المدير العام للشركة")           # the rules stopped before the name
    whole = span("المدير العام للشركة سالم نصار")
    q1 = Quote(type="indirect", cue=span("قال"), content=span("إن الأرباح زادت"),
               speaker=cut, speaker_resolved=cut)
    q2 = Quote(type="indirect", cue=span("مضيفا"), content=span("أن الفروع ستتوسع"),
               speaker=None, speaker_resolved=cut)
    rechoose(text, [q1, q2], Scorer({"tagged": 5.0}), {"SPEAKER": [(whole.start, whole.end)]})
    assert q1.speaker == whole and q1.speaker_resolved == whole
    assert q2.speaker is None and q2.speaker_resolved == whole
