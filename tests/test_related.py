"""Xem thêm as README documents it, checked against a brute-force computation of the rule.

The rule: the editor's `related:` picks first; then the articles that share something, by score —
the sum over shared terms of (cluster or event 4, province 2, tag, section or the unit an old
province went into 1) x (1 + 1/(1 + ln df)), df being how many articles carry the term, counted in
units of 1e-9 — higher first, newer first among equals; then the newest of the rest. Never the
article itself. The brute force below compares every pair of articles and knows nothing of the
index.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from pathlib import Path

import pytest
from conftest import NOW, run, tree

from site_builder.cli import main
from site_builder.content.models import Article, EventMention, ProvinceMention, Term
from site_builder.dates import zone
from site_builder.model import related
from site_builder.model.related import RelatedIndex
from site_builder.provinces import ProvinceRegistry
from site_builder.slugs import slugify

TZ = zone("Asia/Ho_Chi_Minh")
REG = ProvinceRegistry.load()
MERGER = dt.date(2025, 7, 1)
KIND = {"cluster": 4, "event": 4, "province": 2, "successor": 1, "tag": 1, "section": 1}

# The 63 pre-2025 units in 9 clusters of 7 (by their code, so neighbours mostly go together).
OLD_UNITS = sorted((p for p in REG.all() if p.existed_before), key=lambda p: p.code)
CLUSTERS = {f"cum-{k + 1}": OLD_UNITS[7 * k : 7 * k + 7] for k in range(9)}
COMMON_EVENTS = [
    "Ký kết giao ước thi đua",
    "Hội nghị tổng kết",
    "Hội nghị sơ kết 6 tháng",
    "Hội thi Sáng tạo kỹ thuật",
    "Lễ tôn vinh trí thức tiêu biểu",
    "Diễn đàn trí thức",
    "Đại hội đại biểu Liên hiệp Hội",
    "Hội nghị tập huấn công tác thi đua",
    "Cuộc thi Sáng tạo thanh thiếu niên",
    "Giải thưởng Sáng tạo khoa học công nghệ",
]
TAGS = [f"Chủ đề {k}" for k in range(1, 61)]
SECTIONS = [f"Chuyên mục {k}" for k in range(1, 9)]


def article(
    slug: str,
    when: dt.datetime,
    cluster: str | None = None,
    provinces=(),
    events=(),
    tags=(),
    section: str | None = None,
    related=(),
) -> Article:
    """`provinces`: Province units, written by the name an editor would use on that day."""
    mentions = []
    for unit in provinces:
        written = REG.successor_of(unit.slug) if when.date() >= MERGER else unit
        mention = ProvinceMention(written.name, REG.match(written.name, on=when.date()))
        if all(m.province.slug != mention.province.slug for m in mentions):
            mentions.append(mention)
    return Article(
        path=Path(f"{slug}.md"),
        rel_path=f"content/articles/{slug}.md",
        title=slug,
        slug=slug,
        url=f"/{slug}/",
        date=when,
        updated=None,
        summary="",
        html_utf8=b"",
        cluster_ids=[cluster] if cluster else [],
        provinces=mentions,
        events=[EventMention(e, slugify(e), "/") for e in dict.fromkeys(events)],
        tags=[Term("tag", t, slugify(t), "/") for t in dict.fromkeys(tags)],
        section=Term("section", section, slugify(section), "/") if section else None,
        related_slugs=list(related),
    )


def generated_site(count: int, seed: int) -> list[Article]:
    """A news site with the term distribution of bench/generate.py, newest first: 9 clusters,
    1–3 provinces of the cluster (the old name before 2025-07-01, the new unit after), 0–2 of 10
    events most articles report and a cluster's yearly event, 2–4 of 60 tags, one of 8 sections,
    over 5 years; national news without a cluster, general news with only tags and a section,
    some articles on the same day, and editor's picks."""
    r = random.Random(seed)
    start = dt.datetime(2022, 1, 1, tzinfo=TZ)
    made: list[Article] = []
    for k in range(count):
        when = start + dt.timedelta(days=r.randrange(5 * 365), hours=r.choice((8, 8, 9, 14, 15, 16)))
        picks = [a.slug for a in r.sample(made[-300:], min(len(made), r.randint(1, 3)))] if r.random() < 0.05 else []
        tags = r.sample(TAGS, r.randint(2, 4))
        if r.random() < 0.04:  # general news: only common terms
            made.append(article(f"a{k}", when, tags=tags[:2], section=r.choice(SECTIONS), related=picks))
            continue
        national = r.random() < 0.08
        cluster = r.choice(list(CLUSTERS))
        members = CLUSTERS["cum-3"] if national else CLUSTERS[cluster]
        events = r.sample(COMMON_EVENTS, r.choice((0, 1, 1, 1, 2)))
        if not national and r.random() < 0.3:
            events.append(f"Hội nghị tổng kết {cluster} năm {when.year}")
        made.append(
            article(
                f"a{k}",
                when,
                None if national else cluster,
                r.sample(members, r.choice((1, 1, 2, 3))),
                events,
                tags,
                r.choice(SECTIONS),
                picks,
            )
        )
    return sorted(made, key=lambda a: a.sort_key)


def terms_of(a: Article) -> set[tuple[str, str]]:
    terms = {("cluster", c) for c in a.cluster_ids} | {("event", e.slug) for e in a.events}
    for m in a.provinces:
        terms.add(("province", m.province.slug))
        if m.province.successor:
            terms.add(("successor", m.province.successor))
    terms |= {("tag", t.slug) for t in a.tags}
    if a.section:
        terms.add(("section", a.section.slug))
    return terms


class BruteForce:
    """The documented rule, every pair compared."""

    def __init__(self, articles: list[Article]):
        self.articles = articles
        self.terms = [frozenset(terms_of(a)) for a in articles]
        df: dict[tuple[str, str], int] = {}
        for terms in self.terms:
            for t in terms:
                df[t] = df.get(t, 0) + 1
        self.units = {t: round(KIND[t[0]] * (1 + 1 / (1 + math.log(d))) * 10**9) for t, d in df.items()}
        self.rank_of_slug: dict[str, int] = {}
        for rank, a in enumerate(articles):
            self.rank_of_slug.setdefault(a.slug, rank)

    def by_score(self, rank: int) -> list[int]:
        """Every other article that shares a term, best first, newer first among equals."""
        mine, units = self.terms[rank], self.units.__getitem__
        scored = []
        for other, theirs in enumerate(self.terms):
            shared = mine & theirs
            if shared and other != rank:
                scored.append((-sum(map(units, shared)), other))
        return [other for _, other in sorted(scored)]

    def lists(self, rank: int, sizes) -> dict[int, list[str]]:
        ordered = self.by_score(rank)
        found = {}
        for size in sizes:
            chosen: list[int] = []
            for slug in self.articles[rank].related_slugs:
                pick = self.rank_of_slug.get(slug)
                if pick is not None and pick != rank and pick not in chosen and len(chosen) < size:
                    chosen.append(pick)
            rest = [o for o in ordered if o not in chosen] + [
                o for o in range(len(self.articles)) if o != rank and o not in chosen
            ]
            for other in rest:
                if len(chosen) == size:
                    break
                if other not in chosen:
                    chosen.append(other)
            found[size] = [self.articles[o].slug for o in chosen]
        return found


def test_every_list_is_the_rules_exact_top_on_a_generated_site():
    articles = generated_site(2500, seed=7)
    index, brute = RelatedIndex(articles), BruteForce(articles)
    # The site is what the rule is meant for: long lists of common terms, and exact ties.
    assert max(len(p) for p in index.postings.values()) > 250
    assert len({brute.units[t] for t in brute.units}) < len(brute.units)
    wrong = []
    for rank in range(len(articles)):
        expected = brute.lists(rank, (1, 5, 8))
        for size, slugs in expected.items():
            got = [a.slug for a in index.related_to(rank, size)]
            if got != slugs:
                wrong.append((articles[rank].slug, size, got, slugs))
    assert not wrong, f"{len(wrong)} lists differ from the rule, first: {wrong[:3]}"


def test_older_articles_sharing_more_beat_many_newer_ones_sharing_less():
    # The tester's example: a January 2025 article of cluster 2 with an event, two provinces and
    # four tags; three older articles share the cluster, the event, both provinces and two tags,
    # hundreds of newer ones share the cluster and one or two provinces, and every term is common.
    r = random.Random(3)
    day = lambda y, m, d: dt.datetime(y, m, d, 9, tzinfo=TZ)  # noqa: E731
    p1, p2, *others = CLUSTERS["cum-2"]
    event = "Hội nghị tổng kết"
    me = article("me", day(2025, 1, 15), "cum-2", [p1, p2], [event], TAGS[:4], SECTIONS[0])
    strong = [
        article(f"strong-{k}", day(2022, 3, 1 + k), "cum-2", [p1, p2], [event], TAGS[:2], SECTIONS[1]) for k in range(3)
    ]
    newer = [
        article(
            f"newer-{k}",
            day(2023, 1, 1) + dt.timedelta(hours=7 * k),
            "cum-2",
            r.sample([p1, p2], r.randint(1, 2)) + r.sample(others, 1),
            [],
            TAGS[10:12],
            SECTIONS[2],
        )
        for k in range(900)
    ]
    crowd = [
        article(
            f"crowd-{k}",
            day(2024, 1, 1) + dt.timedelta(hours=5 * k),
            r.choice(list(CLUSTERS)[3:]),
            r.sample(CLUSTERS["cum-5"], 1),
            [event],
            [TAGS[k % 4], TAGS[20]],
            SECTIONS[0],
        )
        for k in range(900)
    ]
    articles = sorted([me, *strong, *newer, *crowd], key=lambda a: a.sort_key)
    index, brute = RelatedIndex(articles), BruteForce(articles)
    rank = articles.index(me)
    got = [a.slug for a in index.related_to(rank, 5)]
    assert got[:3] == ["strong-2", "strong-1", "strong-0"]  # equal scores: the newer first
    assert got == brute.lists(rank, (5,))[5]


def test_picks_first_then_the_best_scored_then_the_newest_of_the_rest():
    day = lambda d: dt.datetime(2024, 1, d, tzinfo=TZ)  # noqa: E731
    p = CLUSTERS["cum-6"][0]
    me = article(
        "me",
        day(20),
        "cum-6",
        [p],
        ["Hội nghị tổng kết"],
        ["Thi đua"],
        related=["picked-old", "me", "missing", "picked-old", "shares-all"],
    )
    picked_old = article("picked-old", day(1))  # shares nothing: picked all the same
    shares_all = article("shares-all", day(2), "cum-6", [p], ["Hội nghị tổng kết"], ["Thi đua"])
    shares_tag = article("shares-tag", day(3), tags=["Thi đua"])
    nothing = [article(f"nothing-{d}", day(d)) for d in (4, 5, 6)]
    articles = sorted([me, picked_old, shares_all, shares_tag, *nothing], key=lambda a: a.sort_key)
    index, brute = RelatedIndex(articles), BruteForce(articles)
    rank = articles.index(me)
    # Picks in the editor's order (not itself, not twice, not a slug that names nothing), then
    # the one other article that shares anything, then the newest of the rest.
    expected = ["picked-old", "shares-all", "shares-tag", "nothing-6", "nothing-5"]
    assert [a.slug for a in index.related_to(rank, 5)] == expected == brute.lists(rank, (5,))[5]
    assert [a.slug for a in index.related_to(rank, 1)] == ["picked-old"]


@pytest.mark.parametrize("size", [3, 5, 10])
def test_fewer_than_size_share_anything_the_newest_of_the_rest_fill_the_list(size):
    day = lambda d: dt.datetime(2024, 3, d, tzinfo=TZ)  # noqa: E731
    me = article("me", day(15), tags=["Hiếm"], section="Trí thức")
    sharing = [article("tag", day(1), tags=["Hiếm"]), article("section", day(2), section="Trí thức")]
    rest = [article(f"rest-{d}", day(d), tags=["Khác"]) for d in range(3, 15)]
    articles = sorted([me, *sharing, *rest], key=lambda a: a.sort_key)
    index = RelatedIndex(articles)
    got = [a.slug for a in index.related_to(articles.index(me), size)]
    # The tag and the section are each carried by two articles: equal scores, so the newer first.
    assert got == ["section", "tag", *[f"rest-{d}" for d in range(14, 2, -1)]][:size]
    assert got == BruteForce(articles).lists(articles.index(me), (size,))[size]


def test_lists_remembered_by_a_build_under_another_rule_are_made_again(site, tmp_path, monkeypatch):
    # The build cache outlives an upgrade: a list a build remembered when Xem thêm was chosen
    # another way (here: nothing scored, only the newest) must not stand in for this rule's.
    with monkeypatch.context() as before:
        before.setattr(related, "RULE", "the newest only")
        before.setattr(RelatedIndex, "_scored", lambda self, rank, need, exclude: [])
        assert run(site, "build") == 0
    assert run(site, "build") == 0
    full = tmp_path / "full"
    assert main(["build", "--source", str(site), "--output", str(full), "--no-cache", "--quiet", "--now", NOW]) == 0
    assert tree(site / "public") == tree(full)
