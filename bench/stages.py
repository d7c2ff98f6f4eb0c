"""Time one build of a site stage by stage, in one process: where a build's time goes.

    python bench/stages.py /tmp/site-builder-bench/10000/site            # as it is (warm if built before)
    python bench/stages.py /tmp/site-builder-bench/10000/site --cold     # without cache or output first

For each stage: wall time, and CPU time (user + system) of this process and of the worker
processes it waited for (`getrusage`), so that a parallel stage shows what its workers spent.
The output goes to `<site>/../out-stages` unless --output says otherwise. Not a benchmark (see
run.py for medians over several runs): one build, to see the split.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import shutil
import sys
import time
from pathlib import Path

STAGES = [  # (module attribute path, label), in the order a build runs them
    ("build.load_content", "read articles"),
    ("build.build_index", "index"),
    ("build._render", "render pages and feeds"),
    ("write.StagedOutput.commit", "move into place"),
    ("cache.BuildCache.save_build", "save the cache"),
]


def _cpu() -> tuple[float, float]:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("site", type=Path)
    ap.add_argument("--output", type=Path)
    ap.add_argument("--cold", action="store_true", help="delete the cache, the output and compiled templates first")
    ap.add_argument("--jobs", type=int)
    args = ap.parse_args(argv)
    started = time.perf_counter()
    import site_builder.build
    import site_builder.cache
    import site_builder.write

    imported = time.perf_counter() - started

    output = args.output or args.site.parent / "out-stages"
    if args.cold:
        shutil.rmtree(args.site / ".site-builder-cache", ignore_errors=True)
        shutil.rmtree(output, ignore_errors=True)
        compiled = site_builder.build.template_bytecode_cache()
        if compiled is not None:
            compiled.clear()
    rows: list[tuple[str, float, float, float]] = []
    modules = {"build": site_builder.build, "cache": site_builder.cache, "write": site_builder.write}
    for path, label in STAGES:
        module, *names = path.split(".")
        owner = modules[module]
        for name in names[:-1]:
            owner = getattr(owner, name)
        real = getattr(owner, names[-1])

        def timed(*a, _real=real, _label=label, **k):
            wall, (own, children) = time.perf_counter(), _cpu()
            try:
                return _real(*a, **k)
            finally:
                own2, children2 = _cpu()
                rows.append((_label, time.perf_counter() - wall, own2 - own, children2 - children))

        setattr(owner, names[-1], timed)

    info = args.site / "bench.json"  # the generator's facts: the date its articles are published by
    now = json.loads(info.read_text(encoding="utf-8"))["now"] if info.is_file() else None
    options = site_builder.build.BuildOptions(
        args.site, output=output, jobs=args.jobs, search=False, now=dt.datetime.fromisoformat(now) if now else None
    )
    wall = time.perf_counter()
    result = site_builder.build.build(options)
    total = time.perf_counter() - wall
    if not result.ok:
        for problem in result.report.sorted():
            print(problem, file=sys.stderr)
        return 1
    print(
        f"{result.articles} articles, {result.pages} pages: {result.files} files written, "
        f"{result.stats.get('visited', 0)} pages looked at"
    )
    print(f"{'stage':<24} {'wall s':>8} {'CPU s (this process)':>21} {'CPU s (workers)':>16}")
    print(f"{'imports':<24} {imported:8.3f}")
    for label, seconds, own, children in rows:
        print(f"{label:<24} {seconds:8.3f} {own:21.2f} {children:16.2f}")
    print(f"{'whole build':<24} {total:8.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
