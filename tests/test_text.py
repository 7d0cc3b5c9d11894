"""quotes.text: matching-time normalisation and the tokenizer that splits marks off."""
from __future__ import annotations

import pytest

import quotes
from quotes.text import is_definite, norm, strip_proclitics


@pytest.fixture(scope="module")
def nlp():
    return quotes.load()


def toks(nlp, text: str) -> list[str]:
    return [t.text for t in nlp(text)]


# ----------------------------------------------------------------- norm

@pytest.mark.parametrize("raw, key", [
    ("قَالَ", "قال"),                     # fatha
    ("يُؤَكِّدُ", "يؤكد"),                 # damma, fatha, shadda+kasra
    ("الوزيـــر", "الوزير"),              # tatweel
    ("أكد", "اكد"),
    ("إن", "ان"),
    ("آخر", "اخر"),
    ("ٱلمدينة", "المدينه"),              # alef wasla
    ("مستشفى", "مستشفي"),                # alef maqsura -> ya
    ("الحكومة", "الحكومه"),              # ta marbuta -> ha
    ("\u200fقال\u200e", "قال"),          # RLM / LRM
    ("\u202bأعلن\u202c", "اعلن"),        # RLE / PDF
    ("\ufeffوزارة", "وزاره"),            # BOM
    ("أعلنَتْ الوزارةُ", "اعلنت الوزاره"),
])
def test_norm(raw, key):
    assert norm(raw) == key


def test_norm_is_idempotent_and_keeps_plain_words():
    for w in ("قال", "المفاوضات", "وزاره", "123", ""):
        assert norm(norm(w)) == norm(w)
    assert norm("المفاوضات") == "المفاوضات"


# ----------------------------------------------------- strip_proclitics

@pytest.mark.parametrize("key, stems", [
    ("وقال", ["وقال", "قال"]),
    (norm("فأكد"), ["فاكد", "اكد"]),
    ("واضافت", ["واضافت", "اضافت"]),
])
def test_strip_proclitics_longest_first(key, stems):
    assert strip_proclitics(key) == stems


@pytest.mark.parametrize("short", ["وفي", "فهو", "وزن", "قال", "وما"])
def test_strip_proclitics_leaves_short_words(short):
    assert strip_proclitics(short) == [short]


def test_strip_proclitics_strips_at_most_two():
    out = strip_proclitics("فوقال")
    assert out == ["فوقال", "وقال", "قال"]
    assert strip_proclitics("ووفقال")[-1] == "فقال"   # only two clitics ever come off


def test_is_definite():
    assert is_definite("الوزير")
    assert is_definite("والحكومه")
    assert is_definite("للشركه")
    assert not is_definite("وزير")
    assert not is_definite("ال")


# ------------------------------------------------------------ tokenizer

@pytest.mark.parametrize("text, expected", [
    ('انتهت المفاوضات". وقال', ["انتهت", "المفاوضات", '"', ".", "وقال"]),
    ("هزيمة تنظيم داعش».", ["هزيمة", "تنظيم", "داعش", "»", "."]),
    ('وأضاف:"نص الاتفاق', ["وأضاف", ":", '"', "نص", "الاتفاق"]),
    ('يرتبط بـ"التعافي الاقتصادي"', ["يرتبط", "بـ", '"', "التعافي", "الاقتصادي", '"']),
    ("وقالت:«لا تراجع»", ["وقالت", ":", "«", "لا", "تراجع", "»"]),
    ("”نرفض ذلك“، قال", ["”", "نرفض", "ذلك", "“", "،", "قال"]),
    ("(الاتحاد)؛ ثم؟", ["(", "الاتحاد", ")", "؛", "ثم", "؟"]),
    ("(CNN)—قال الوزير", ["(", "CNN", ")", "—", "قال", "الوزير"]),
    ("(CNN)--قال الوزير", ["(", "CNN", ")", "--", "قال", "الوزير"]),
    # a missing space before إنه; إ after the article or a short clitic stays inside its word
    ("وقالت الشركةإنها", ["وقالت", "الشركة", "إنها"]),
    ("والإمارات وبالإضافة وللإعلام ولإنهاء فبإمكان", ["والإمارات", "وبالإضافة", "وللإعلام", "ولإنهاء", "فبإمكان"]),
])
def test_marks_are_own_tokens(nlp, text, expected):
    assert toks(nlp, text) == expected


def test_every_quote_char_split_off(nlp):
    for mark in "\"«»“”„":
        words = toks(nlp, f"قال{mark}المدير{mark}.")
        assert words.count(mark) == 2, (mark, words)
        assert "قال" in words and "المدير" in words


@pytest.mark.parametrize("text", [
    "وقالَ الوزيرُ إنّ الخطةَ ستنجحُ.",                      # diacritics
    "وقـــال الوزيـــر إن الخطة ستنجح.",                      # tatweel
    "وقال\u200f الوزير \u200fإن الخطة ستنجح.",              # RLM
    "وقال الوزير\u00a0إن الخطة\u00a0ستنجح.",                # NBSP
    "وقال الوزير إن الخطة ستنجح.\r\nوأضاف أن التمويل متوفر.\r\n",  # CRLF
    "  وقال   الوزير:\t«الخطة ستنجح»  \n\n",
    "",
])
def test_doc_text_is_input_exactly(nlp, text):
    doc = nlp(text)
    assert doc.text == text
    for t in doc:
        assert text[t.idx:t.idx + len(t.text)] == t.text


def test_offsets_survive_marks_in_text(nlp):
    text = "وقـــال المتحدث\u200f:\u00a0«لن نتراجعَ عن قرارنا»\r\nوأضاف أن العمل مستمر."
    qs = quotes.extract(text, nlp=nlp)
    assert [q.type for q in qs] == ["direct", "indirect"]
    assert qs[0].content.text == "لن نتراجعَ عن قرارنا"
    assert qs[1].content.text == "أن العمل مستمر"
    for q in qs:
        for s in (q.cue, q.content, q.speaker):
            if s is not None:
                assert text[s.start:s.end] == s.text
