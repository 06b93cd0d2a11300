from __future__ import annotations

import datetime as dt

import pytest

from countersight.model import RawReport
from countersight.pipeline.factories import build_pipeline


@pytest.fixture(scope="session")
def run():
    pipeline = build_pipeline()

    def run(body: str, published: dt.date | None = None, document: str = "doc"):
        return pipeline(RawReport(document, body, f"{document}.txt", "txt", published=published))

    return run
