"""Xem thêm alone: time every article's related list, and score it against the documented rule.

    python bench/related.py N [N ...] [--runs R] [--against REV] [--quality [--sample K]] [--cache DIR]

The articles are bench/generate.py's (`--variant`, realistic by default; same generator, same seed, so the same clusters, provinces,
events, tags, sections, dates, picks and drafts), made as Article objects straight from their
front matter: no files, no Markdown. For each N it prints the median CPU time over R runs of
building the RelatedIndex and computing `related_to(rank, 5)` for every article, and the cost per
article (CPU, not wall: this machine is shared, and its wall times move by half). With --against
it times related.py as it was at a git revision too, the runs alternating. With --quality it also
computes the documented rule by brute force (every article scored against every other) for the
articles without editor's picks, and reports how close the shown lists come to it: the mean and
worst fraction of the best possible score reached by the five shown (sum of their scores over the
sum of the top five's), and the share of lists identical to the rule's.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import pickle
import random
import statistics
import subprocess
import sys
import time
import types
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import generate  # noqa: E402  (bench/generate.py)

from site_builder.content.front_matter import read_simple  # noqa: E402
from site_builder.content.models import Article, EventMention, ProvinceMention, Term  # noqa: E402
from site_builder.dates import zone  # noqa: E402
from site_builder.model.related import RelatedIndex  # noqa: E402
from site_builder.provinces import ProvinceRegistry  # noqa: E402
from site_builder.slugs import slugify  # noqa: E402

TZ = zone("Asia/Ho_Chi_Minh")
SIZE = 5


def articles(
    n: int, seed: int = generate.DEFAULT_SEED, cache: Path | None = None, variant: str = generate.DEFAULT_VARIANT
) -> list[Article]:
    """The generator's published articles, newest first, as the build would sort them (kept in
    `cache`, a folder, when given: generating 100,000 takes a minute)."""
    if cache is not None:
        kept = cache / f"related-{generate.GENERATOR_VERSION}-{variant}-{n}-{seed}.pickle"
        if kept.exists():
            return pickle.loads(kept.read_bytes())
        made = articles(n, seed, variant=variant)
        cache.mkdir(parents=True, exist_ok=True)
        kept.write_bytes(pickle.dumps(made, protocol=pickle.HIGHEST_PROTOCOL))
        return made
    registry = ProvinceRegistry.load()
    # The corpus's own share of picks: none in the realistic variant (Xem thêm as the rule makes it).
    gen = generate.Generator(seed) if variant == "plain" else generate.RealisticGenerator(seed)
    out = []
    for _ in range(n):
        year, slug, text = gen.article()
        meta = read_simple(text.replace("\r\n", "\n").split("---\n")[1])  # (CRLF: pasted from Word)
        date = dt.datetime.fromisoformat(meta["date"]) if isinstance(meta["date"], str) else meta["date"]
        if meta.get("draft"):
            continue
        provinces = []
        for name in meta.get("provinces", []):
            p = registry.match(name, on=date.date())
            if all(m.province.slug != p.slug for m in provinces):
                provinces.append(ProvinceMention(name, p))
        events = []
        for e in meta.get("events", []):
            name = e if isinstance(e, str) else e["name"]
            events.append(EventMention(name, slugify(name), "/"))
        cluster = meta.get("cluster")
        out.append(
            Article(
                path=Path(f"{slug}.md"),
                rel_path=f"content/articles/{year}/{slug}.md",
                title=meta["title"],
                slug=slug,
                url=f"/{year}/{slug}/",
                date=date,
                updated=None,
                summary="",
                html_utf8=b"",
                cluster_ids=[cluster] if cluster else [],
                provinces=provinces,
                events=events,
                tags=[Term("tag", t, slugify(t), "/") for t in meta.get("tags", [])],
                section=Term("section", meta["section"], slugify(meta["section"]), "/")
                if meta.get("section")
                else None,
                related_slugs=list(meta.get("related", [])),
            )
        )
    out.sort(key=lambda a: a.sort_key)
    return out


def best_lists(arts: list[Article], ranks, size: int = SIZE):
    """The documented rule by brute force: for each article of `ranks`, the score of every other
    article (the sum of the weights of the terms they share, in units of 1e-9 so that equal sums
    are equal) and the `size` best, score descending then newest first (rank ascending). Yields
    (rank, best, scores). Uses numpy (bench only)."""
    import numpy as np

    index = RelatedIndex(arts)
    terms = list(index.postings)
    column = {t: i for i, t in enumerate(terms)}
    carries = np.zeros((len(terms), len(arts)), dtype=np.int64)  # term x article: 1 if it carries it
    for rank, mine in enumerate(index.terms):
        for t in mine:
            carries[column[t], rank] = 1
    units = [round(index.weight[t] * 1e9) for t in terms]
    for rank in ranks:
        row = np.zeros(len(arts), dtype=np.int64)
        for t in index.terms[rank]:
            row += carries[column[t]] * units[column[t]]
        row[rank] = 0
        shared = np.flatnonzero(row)
        best = shared[np.lexsort((shared, -row[shared]))][:size]
        yield rank, [int(o) for o in best], row


def quality(arts: list[Article], lists: list[list[Article]], sample: int | None) -> tuple[float, float, float, int]:
    """(mean, worst fraction of the best score, share identical, articles compared) by brute force,
    over the articles without editor's picks (all of them, or `sample` of them taken at random)."""
    rank_of = {id(a): r for r, a in enumerate(arts)}
    ranks = [r for r, a in enumerate(arts) if not a.related_slugs]
    if sample is not None and sample < len(ranks):
        ranks = sorted(random.Random(1).sample(ranks, sample))
    fractions, same = [], 0
    for rank, best, row in best_lists(arts, ranks):
        shown = [rank_of[id(x)] for x in lists[rank]][: len(best)]
        top = sum(int(row[o]) for o in best)
        got = sum(int(row[o]) for o in shown)
        fractions.append(got / top if top else 1.0)
        same += shown == best
    return statistics.fmean(fractions), min(fractions), same / len(fractions), len(fractions)


def implementation(revision: str | None):
    """RelatedIndex as in the working tree (None) or as site_builder/model/related.py was at a git
    revision, loaded beside the package so that its relative imports work."""
    if revision is None:
        return RelatedIndex
    source = subprocess.run(
        ["git", "show", f"{revision}:site_builder/model/related.py"],
        cwd=HERE.parent,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    name = f"site_builder.model.related_at_{revision.replace('-', '_').replace('~', '_').replace('^', '_')}"
    module = types.ModuleType(name)
    module.__package__ = "site_builder.model"
    exec(compile(source, f"{revision}:related.py", "exec"), module.__dict__)
    return module.RelatedIndex


def time_all(index_class, arts: list[Article]) -> tuple[float, float, list[list[Article]]]:
    """(wall, CPU seconds, lists) of building the index and every article's list."""
    gc.collect()
    wall, cpu = time.perf_counter(), time.process_time()
    index = index_class(arts)
    lists = [index.related_to(rank, SIZE) for rank in range(len(arts))]
    return time.perf_counter() - wall, time.process_time() - cpu, lists


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("sizes", type=int, nargs="+")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--quality", action="store_true", help="compare the lists with the rule's (numpy)")
    ap.add_argument("--sample", type=int, help="... for this many articles taken at random, not all")
    ap.add_argument("--seed", type=int, default=generate.DEFAULT_SEED)
    ap.add_argument(
        "--variant",
        choices=["realistic", "plain"],
        default=generate.DEFAULT_VARIANT,
        help="the corpus (bench/generate.py): realistic, without picks (default), or plain",
    )
    ap.add_argument("--cache", type=Path, help="a folder to keep the generated articles in")
    ap.add_argument(
        "--against",
        metavar="REV",
        action="append",
        default=[],
        help="also time related.py as it was at this git revision (runs alternate)",
    )
    args = ap.parse_args(argv)
    versions = [(rev, implementation(rev)) for rev in args.against] + [("work tree", implementation(None))]
    for n in args.sizes:
        arts = articles(n, args.seed, args.cache, args.variant)
        times: dict[str, list[tuple[float, float]]] = {name: [] for name, _ in versions}
        lists = {}
        for _ in range(args.runs):
            for name, index_class in versions:  # alternating: the machine's drift is shared
                wall, cpu, lists[name] = time_all(index_class, arts)
                times[name].append((wall, cpu))
        for name, _ in versions:
            walls = [w for w, _ in times[name]]
            cpus = [c for _, c in times[name]]
            cpu = statistics.median(cpus)
            print(
                f"{n:>7} generated, {len(arts)} published, {name}: all lists {cpu:.3f} s CPU "
                f"({cpu / len(arts) * 1e6:.1f} µs an article; median of {args.runs}: "
                f"{', '.join(f'{c:.3f}' for c in cpus)}; wall {statistics.median(walls):.3f} s)",
                flush=True,
            )
        if args.quality:
            for name, _ in versions:
                mean, worst, same, count = quality(arts, lists[name], args.sample)
                print(
                    f"{'':>7} {name}: over {count} lists without picks, the shown reach {mean:.4f} of the "
                    f"rule's best score on average, {worst:.4f} at worst; {same:.1%} identical",
                    flush=True,
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
