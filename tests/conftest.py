"""Most tests test the rules, so they run without the shipped model: it would
make the property and robustness tests (thousands of texts, a 10 MB document)
minutes slower and blur what they check. Tests marked ``model`` see the
pipeline as users get it, model included."""
from __future__ import annotations

from pathlib import Path

import pytest

import quotes
import quotes.pipeline

SHIPPED = quotes.pipeline.SHIPPED_MODEL


@pytest.fixture(scope="session", autouse=True)
def rules_by_default():
    mp = pytest.MonkeyPatch()
    mp.setattr(quotes.pipeline, "SHIPPED_MODEL", Path("/nonexistent/quotes-model"))
    quotes._default.cache_clear()
    yield
    mp.undo()


@pytest.fixture(autouse=True)
def shipped_model_when_marked(request, monkeypatch):
    if request.node.get_closest_marker("model") is not None:
        monkeypatch.setattr(quotes.pipeline, "SHIPPED_MODEL", SHIPPED)
        quotes._default.cache_clear()
        yield
        quotes._default.cache_clear()
    else:
        yield
