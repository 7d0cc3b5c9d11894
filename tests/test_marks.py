"""quotes.marks: pairing quotation marks into quotations."""
from __future__ import annotations

import pytest

import quotes
from quotes.marks import Quotation, find_quotations


@pytest.fixture(scope="module")
def nlp():
    return quotes.load()


def pairs(nlp, text: str) -> list[tuple[str, str, str]]:
    """(open mark, close mark, text strictly between) for every quotation."""
    doc = nlp(text)
    out = []
    for q in find_quotations(doc):
        assert isinstance(q, Quotation)
        assert 0 <= q.open_i < q.close_i < len(doc)
        inner = doc.text[doc[q.open_i].idx + 1:doc[q.close_i].idx]
        out.append((doc[q.open_i].text, doc[q.close_i].text, inner))
    return out


@pytest.mark.parametrize("text, expected", [
    ('وقال الوزير: "نرفض هذا القرار".', [('"', '"', "نرفض هذا القرار")]),
    ("وقال الوزير: «نرفض هذا القرار».", [("«", "»", "نرفض هذا القرار")]),
    ("وقال الوزير: “نرفض هذا القرار”.", [("“", "”", "نرفض هذا القرار")]),
    ("وقال الوزير: ”نرفض هذا القرار“.", [("”", "“", "نرفض هذا القرار")]),   # reversed Gulf style
])
def test_each_style_pairs(nlp, text, expected):
    assert pairs(nlp, text) == expected


def test_several_styles_in_one_paragraph(nlp):
    text = 'رفع المتظاهرون شعارات "أولا" ثم «ثانيا» و“ثالثا” و”رابعا“ أمام البرلمان.'
    assert pairs(nlp, text) == [
        ('"', '"', "أولا"), ("«", "»", "ثانيا"), ("“", "”", "ثالثا"), ("”", "“", "رابعا")]


def test_nested_straight_inside_guillemets(nlp):
    text = 'وقال المتحدث: «إن ما يسمى "الهدنة الإنسانية" انتهى عمليا» مساء أمس.'
    assert pairs(nlp, text) == [
        ("«", "»", 'إن ما يسمى "الهدنة الإنسانية" انتهى عمليا'),
        ('"', '"', "الهدنة الإنسانية"),
    ]


def test_sorted_by_opening(nlp):
    doc = nlp('قال «أ "ب" ج» ثم "د هـ".')
    qs = find_quotations(doc)
    assert [q.open_i for q in qs] == sorted(q.open_i for q in qs)
    assert len(qs) == 3


def test_unbalanced_mark_does_not_swallow_later_paragraphs(nlp):
    text = ('وقال النائب "إن الحكومة فشلت في إدارة الأزمة.\n'
            "وشهدت الجلسة نقاشا حادا بين الكتل النيابية.\n"
            'وقال رئيس البرلمان: "سنعقد جلسة طارئة الأسبوع المقبل".')
    assert pairs(nlp, text) == [('"', '"', "سنعقد جلسة طارئة الأسبوع المقبل")]


def test_stray_closing_guillemet_is_ignored(nlp):
    text = ("انتهى الاجتماع» دون نتائج.\n"
            "وقالت الوزيرة: «سنواصل الحوار مع النقابات».")
    assert pairs(nlp, text) == [("«", "»", "سنواصل الحوار مع النقابات")]


def test_quotation_reopened_in_next_paragraph_is_one(nlp):
    text = ("وقالت مديرة المستشفى: «استقبلنا عشرات الجرحى منذ الصباح.\n"
            "«ونحتاج بشكل عاجل إلى متبرعين بالدم» بحسب قولها.")
    assert pairs(nlp, text) == [
        ("«", "»", "استقبلنا عشرات الجرحى منذ الصباح.\n«ونحتاج بشكل عاجل إلى متبرعين بالدم")]


def test_quotation_left_open_closes_in_next_paragraph(nlp):
    text = ('وقال قائد الدفاع المدني: "فرقنا تعمل بلا توقف منذ يومين.\n'
            'ولن نغادر قبل إخراج آخر العالقين" تحت الأنقاض.')
    assert pairs(nlp, text) == [
        ('"', '"', "فرقنا تعمل بلا توقف منذ يومين.\nولن نغادر قبل إخراج آخر العالقين")]


def test_long_quotation_and_later_quote_in_same_article(nlp):
    text = ("وقال المتحدث: «الوضع صعب جدا.\n"
            "«لكننا سنتجاوزه معا».\n"
            "وقال الوزير: «الدعم قادم قريبا».")
    got = pairs(nlp, text)
    assert got == [
        ("«", "»", "الوضع صعب جدا.\n«لكننا سنتجاوزه معا"),
        ("«", "»", "الدعم قادم قريبا"),
    ]


def test_no_marks_no_quotations(nlp):
    assert pairs(nlp, "أعلنت الحكومة خطة جديدة لدعم المزارعين.") == []


@pytest.mark.parametrize("text", [
    "", '"', '""', '""""', "«««", "»»»", "»«", "“”„‟", "”“”", '«"»"', "\n\n", '"\n"\n«\n»',
    '«\n\n\n\n\n\n»', '"' * 51, "«»" * 20 + "\n" + "»«" * 20,
])
def test_only_marks_never_raise(nlp, text):
    doc = nlp(text)
    for q in find_quotations(doc):
        assert 0 <= q.open_i < q.close_i < len(doc)


def test_pipeline_sets_doc_quotations(nlp):
    doc = nlp("وقال الوزير: «نرفض هذا القرار».")
    assert doc._.quotations == find_quotations(doc)
    assert len(doc._.quotations) == 1


def test_open_mark_does_not_reach_far_paragraphs(nlp):
    filler = "\n".join(f"وتواصلت الاشتباكات في الحي رقم {i} طوال اليوم." for i in range(6))
    text = 'وقال الشاهد "رأيت الدخان من بعيد.\n' + filler + '\nوهذا ما وصفه الأهالي" أيضا.'
    assert pairs(nlp, text) == []
