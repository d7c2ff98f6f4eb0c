"""What one build leaves the next (state.py, content/records.py): every field of every record
comes back from JSON as it went in, and a damaged value reads as missing, never as a wrong one."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from site_builder.config import DEFAULT_PERMALINKS
from site_builder.content.models import Article, Attachment, EventMention, LeadImage, ProvinceMention, Term
from site_builder.content.records import RecordReader, to_record
from site_builder.dates import dateline, short_date
from site_builder.provinces import ProvinceRegistry
from site_builder.state import Handover, KnownFile, KnownImage, OutputRecord, Shown
from site_builder.urls import Urls

# One value of each record with every field set, none to its default.
RECORDS = [
    OutputRecord(
        "5f3c",
        1234,
        1_765_000_000_123_456_789,
        context="9a1b",
        memo=[["a", 1], "b"],
        shows=[0, 3, 17],
        parts=["sitemap.xml", "sitemap-1.xml"],
    ),
    KnownFile(8704, 1_765_000_000_000_000_001, 424242, 1_765_000_000_000_000_002, "e3b0c442"),
    KnownImage(70_123, 1_765_000_000_000_000_003, 99, 1_765_000_000_000_000_004, 1600, 1067),
]


def _through_json(value):
    return json.loads(json.dumps(value.to_json(), ensure_ascii=False))


@pytest.mark.parametrize("record", RECORDS, ids=lambda r: type(r).__name__)
def test_every_field_of_a_record_round_trips_through_json(record):
    defaults = type(record)._field_defaults
    for name in record._fields:  # (a field left at its default would round-trip by luck)
        assert getattr(record, name) is not None and getattr(record, name) != defaults.get(name, object())
    back = type(record).from_json(_through_json(record))
    assert back == record and type(back) is type(record)


@pytest.mark.parametrize("record", RECORDS, ids=lambda r: type(r).__name__)
def test_a_damaged_record_reads_as_missing(record):
    good = _through_json(record)
    damaged = [None, {}, "x", good[:-1], [*good, 1], ["x" if isinstance(v, int) else 1 for v in good]]
    for value in damaged:
        assert type(record).from_json(value) is None, value


def test_what_a_build_shows_round_trips_and_a_damaged_one_is_missing():
    shown = Shown(digests=["d1", "d2|img"], pages=[["/gioi-thieu/", "p1"]], paths=["2022/a.md", "2023/b.md"])
    assert Shown.from_json(json.loads(json.dumps(shown.to_json()))) == shown
    for field in dataclasses.fields(Shown):
        assert getattr(shown, field.name)  # every field set
    assert Shown.from_json({"digests": "x", "pages": [], "paths": []}) is None
    assert Shown.from_json(None) is None
    handover = Handover(site_digest="s", structure="t", output="/tmp/out")
    assert handover.meta() == {"site": "s", "structure": "t", "output": "/tmp/out"}


def test_every_field_of_an_article_round_trips_through_its_record():
    """An Article as reading its file made it, and as a warm build makes it again from the record:
    equal in every field but the body (loaded lazily) — URLs, datelines and dates as shown made
    again from the facts, not stored."""
    tz = ZoneInfo("Asia/Ho_Chi_Minh")
    registry = ProvinceRegistry.load()
    # An article of the English edition (editions.py): its URLs are the edition's, under /en/.
    main_urls = Urls(dict(DEFAULT_PERMALINKS))
    urls = Urls({kind: "/en" + pattern for kind, pattern in DEFAULT_PERMALINKS.items()})
    quang_ngai = registry.match("Quảng Ngãi", dt.date(2022, 11, 29))
    date = dt.datetime(2022, 11, 29, 8, 30, tzinfo=tz)
    article = Article(
        path=Path("/site/content/articles/2022/a.md"),
        rel_path="articles/2022/a.md",
        title="Cụm thi đua số 6 tổng kết năm 2022",
        slug="cum-6-tong-ket",
        url=urls.article("cum-6-tong-ket", date),
        date=date,
        updated=dt.datetime(2022, 12, 1, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7))),
        summary="Tóm tắt",
        html_utf8=b"<p>x</p>",
        cluster_ids=["cum-6"],
        provinces=[ProvinceMention("Quảng Ngãi", quang_ngai)],
        events=[
            EventMention(
                "Hội nghị tổng kết",
                "hoi-nghi-tong-ket",
                urls.term("event", "Hội nghị tổng kết"),
                dt.date(2022, 11, 29),
                "Quảng Ngãi",
            )
        ],
        tags=[Term("tag", "Thi đua", "thi-dua", urls.term("tag", "Thi đua"))],
        section=Term("section", "Hoạt động", "hoat-dong", urls.term("section", "Hoạt động")),
        author="Minh Trí",
        image=LeadImage("/images/a.jpg", "Đại biểu", "Ảnh: Thu Hà"),
        draft=True,
        aliases=["/cu/"],
        related_slugs=["khac"],
        layout="report.html",
        extra={"nguon": ["a", 1]},
        dateline=dateline(date, tz, "en"),
        date_text=short_date(date, tz, "en"),
        related_line=12,
        aliases_line=9,
        digest="abc",
        body_images=("/images/b.jpg",),
        attachments=(Attachment("/files/bao-cao.pdf", "Toàn văn báo cáo"),),
        toc=False,
        lang="en",
        translation_of="cum-6-tong-ket-nam-2022",
        translation_line=4,
    )
    defaults = {f.name: f.default for f in dataclasses.fields(Article)}
    for field in dataclasses.fields(Article):  # every field set, so none round-trips by luck
        if field.name != "body_loader":
            assert getattr(article, field.name) not in (None, "", [], (), {}, defaults[field.name]), field.name
    record = json.loads(json.dumps(to_record(article, [(3, "a warning")], tz), ensure_ascii=False))
    assert "url" not in record and "dateline" not in record and "date_text" not in record
    loader = object()
    reader = RecordReader(registry, main_urls, tz, "vi", loader, {"en": urls})
    back = reader.article(record, article.path, article.rel_path, "abc")
    assert back.url.startswith("/en/") and back.tags[0].url.startswith("/en/the/")
    for field in dataclasses.fields(Article):
        if field.name not in ("html_utf8", "body_loader"):
            assert getattr(back, field.name) == getattr(article, field.name), field.name
    assert back.html_utf8 is None and back.body_loader is loader and record["warnings"] == [[3, "a warning"]]


@pytest.mark.parametrize("record", RECORDS, ids=lambda r: type(r).__name__)
def test_a_mapping_read_from_the_cache_keeps_the_records_in_shape(record):
    from site_builder.state import many_from_json

    good = _through_json(record)
    found = many_from_json(type(record), {"a": good, "b": good[:-1], "c": {"x": 1}, "d": None})
    assert found == {"a": record} and type(found["a"]) is type(record)
