"""Xem thêm: related articles from an inverted index (term -> articles), never by comparing all pairs.

Score of a candidate = sum over shared terms of kind weight x (1 + rarity). Kind weights keep the
SPEC's order (a shared cluster or event counts most, then a province, then a tag or the section);
rarity = 1 / (1 + ln df) in (0, 1], df being how many articles carry the term, lets a term few
articles carry count up to twice a common one, without ever lifting a tag above a province or a
province above a cluster.

Cost per article is bounded whatever the size of the site: terms are visited rarest first, each
contributing the newest articles of its posting list (newer wins among equals) within a fixed
budget of visits, and only the best few accumulated candidates are rescored exactly.
"""
from __future__ import annotations

import hashlib
import heapq
import math
from collections import defaultdict
from typing import Sequence

from ..content.models import Article

KIND_WEIGHT = {"cluster": 4.0, "event": 4.0, "province": 2.0, "successor": 1.0, "tag": 1.0, "section": 1.0}
VISIT_BUDGET = 400   # posting-list entries visited per article, whatever the size of the site
MIN_PER_TERM = 20    # ... but every shared term contributes its newest few
RESCORE = 2  # rescore this many times the list size exactly


def article_terms(article: Article) -> list[tuple[str, str]]:
    """What an article can share with another: its clusters, events, provinces, tags and section."""
    terms = [("cluster", c) for c in article.cluster_ids]
    terms += [("event", e.slug) for e in article.events]
    for mention in article.provinces:
        terms.append(("province", mention.province.slug))
        if mention.province.successor:
            # An article on Bình Định (2022) shares a little with one on Gia Lai (2026).
            terms.append(("successor", mention.province.successor))
    terms += [("tag", t.slug) for t in article.tags]
    if article.section:
        terms.append(("section", article.section.slug))
    return list(dict.fromkeys(terms))


class RelatedIndex:
    """Posting lists over the published articles, which must be given newest first."""

    def __init__(self, articles: Sequence[Article]):
        self.articles = articles
        self.terms = [article_terms(a) for a in articles]
        postings: dict[tuple[str, str], list[int]] = defaultdict(list)
        for rank, terms in enumerate(self.terms):
            for term in terms:
                postings[term].append(rank)  # ascending rank = newest first
        self.postings = postings
        # Rarity depends on how many articles carry a term, not on the size of the site, so an
        # article's list depends only on the posting lists of its own terms (see `signature`).
        self.weight = {t: KIND_WEIGHT[t[0]] * (1.0 + 1.0 / (1.0 + math.log(len(p)))) for t, p in postings.items()}
        self._posting_digest: dict[tuple[str, str], str] = {}
        self._identity: list[str] | None = None  # see `signature`
        self._structure: str | None = None
        self.lists_as_before = False  # set by a build that finds `structure()` unchanged
        self.previous_paths: list[str] | None = None  # the previous build's articles, in its order
        self._rank_of_path: dict[str, int] = {}
        self.rank_of_slug: dict[str, int] = {}
        for rank, a in enumerate(articles):
            self.rank_of_slug.setdefault(a.slug, rank)  # a repeated slug means the newest one

    def related_to(self, rank: int, size: int) -> list[Article]:
        """Editor's picks, then the best-scoring articles, then the newest others: `size` in all."""
        chosen: list[int] = []
        seen = {rank}
        for slug in self.articles[rank].related_slugs:
            pick = self.rank_of_slug.get(slug)
            if pick is not None and pick not in seen and len(chosen) < size:
                chosen.append(pick)
                seen.add(pick)
        if len(chosen) < size:
            for pick in self._scored(rank, size - len(chosen), seen):
                chosen.append(pick)
                seen.add(pick)
        newest = 0
        while len(chosen) < size and newest < len(self.articles):
            if newest not in seen:
                chosen.append(newest)
                seen.add(newest)
            newest += 1
        return [self.articles[i] for i in chosen]

    def signature(self, rank: int, size: int) -> str:
        """Everything `related_to(rank, size)` reads, as a digest: which articles are in its terms'
        posting lists and in what order, its picks, the newest articles a list may be filled with.

        Articles are named by where they sort (date, then path), not by their content: editing
        an article's title or body leaves every other article's list as it was, so a build that
        remembers the lists (`remembered`) need not compute them again. Equal signatures in two
        builds mean lists of the same articles in the same order."""
        a = self.articles[rank]
        ids = self._ids()
        parts = [ids[rank], *a.related_slugs]
        for term in self.terms[rank]:
            digest = self._posting_digest.get(term)
            if digest is None:
                members = "\n".join(ids[r] for r in self.postings[term])
                digest = self._posting_digest[term] = hashlib.sha1(members.encode()).hexdigest()
            parts.append(f"{term[0]}:{term[1]}:{digest}")
        for slug in a.related_slugs:
            pick = self.rank_of_slug.get(slug)
            parts.append(ids[pick] if pick is not None else "-")
        parts += ids[: 2 * size + len(a.related_slugs) + 1]
        return hashlib.sha1("\n".join(parts).encode()).hexdigest()

    def structure(self) -> str:
        """What every list is computed from, for the whole site: each article's place in the
        order, its terms and its picks. Unchanged, every list is as before (see `signature`)."""
        if self._structure is None:
            ids = self._ids()
            rows = []
            for ident, terms, a in zip(ids, self.terms, self.articles):
                picked = ""
                if a.related_slugs:
                    picks = [self.rank_of_slug.get(slug) for slug in a.related_slugs]
                    picked = "\t".join(ids[r] if r is not None else "-" for r in picks)
                rows.append(f"{ident}\t{' '.join([kind + ':' + slug for kind, slug in terms])}\t{picked}")
            self._structure = hashlib.sha1("\n".join(rows).encode()).hexdigest()
        return self._structure

    def _ids(self) -> list[str]:
        if self._identity is None:
            self._identity = [f"{a.date.timestamp()!r} {a.rel_path}" for a in self.articles]
            self._rank_of_path = {a.rel_path: rank for rank, a in enumerate(self.articles)}
        return self._identity

    def remembered(self, ranks: list) -> list[Article] | None:
        """A list the previous build remembered by its ranks then (see `previous_paths`), as this
        build's articles; None if one of them is gone or the previous order is unknown."""
        before = self.previous_paths
        if before is None or not all(isinstance(r, int) and 0 <= r < len(before) for r in ranks):
            return None
        self._ids()
        now = [self._rank_of_path.get(before[r]) for r in ranks]
        return None if None in now else [self.articles[r] for r in now]

    def score(self, rank: int, other: int) -> float:
        """Exact shared-term score of two articles."""
        mine = set(self.terms[rank])
        return sum(self.weight[t] for t in self.terms[other] if t in mine)

    def _scored(self, rank: int, need: int, exclude: set[int]) -> list[int]:
        # Rarest terms first: they say most about an article, and their lists are short. Each term
        # then adds the newest articles of its list (newer wins among equals) until a fixed budget
        # of visits is spent, so the cost per article does not grow with the site.
        postings, weight = self.postings, self.weight
        terms = sorted(self.terms[rank], key=lambda t: len(postings[t]))
        partial: dict[int, float] = {}
        budget = VISIT_BUDGET
        for term in terms:
            w = weight[term]
            plist = postings[term]
            take = min(len(plist), max(MIN_PER_TERM, budget))
            budget -= take
            if not partial:
                partial = dict.fromkeys(plist[:take], w)  # (the same sums: 0.0 + w is w)
                continue
            get = partial.get
            for other in plist[:take]:
                partial[other] = get(other, 0.0) + w
        for other in exclude:
            partial.pop(other, None)
        if not partial:
            return []
        # Partial sums are lower bounds (a list cut short may have left a term out): rescore the best.
        best = heapq.nsmallest(need * RESCORE, [(-s, other) for other, s in partial.items()])
        mine = set(self.terms[rank])
        every = self.terms
        exact = sorted((-sum(weight[t] for t in every[other] if t in mine), other) for _, other in best)
        return [other for s, other in exact[:need] if s < 0]
