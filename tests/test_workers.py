"""Forked workers (site_builder/workers.py): results in order, failures reported, nothing left behind."""

from __future__ import annotations

import os

import pytest

from site_builder.workers import Alongside, Forked, WorkerError


def _gone(pid: int) -> bool:
    """Whether a process has ended and been waited for (a zombie would still answer)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_results_come_in_task_order_from_inherited_work():
    seen = {"offset": 1000}  # inherited through fork: a closure over it could not be pickled
    tasks = list(range(40))
    with Forked(lambda n: (n, os.getpid(), n + seen["offset"]), tasks, 3) as forked:
        pids = [pid for pid, _, _ in forked.workers]
        results = list(forked.results())
    assert [r[0] for r in results] == tasks
    assert [r[2] for r in results] == [n + 1000 for n in tasks]
    workers = {r[1] for r in results}
    assert workers <= set(pids) and os.getpid() not in workers
    assert len(workers) > 1  # the work was shared out (two tasks are queued at each from the start)
    assert all(_gone(pid) for pid in pids)


def test_a_result_larger_than_a_pipe_arrives_whole():
    big = [bytes([n]) * (3 << 20) for n in range(4)]  # 3 MB each, past any pipe's buffer
    with Forked(lambda n: big[n], range(4), 2) as forked:
        assert list(forked.results()) == big


def test_a_worker_that_raises_raises_the_same_in_the_parent_with_its_traceback():
    def work(n):
        if n == 5:
            raise KeyError("no such article")
        return n

    with pytest.raises(KeyError, match="no such article") as raised:
        with Forked(work, range(10), 2) as forked:
            pids = [pid for pid, _, _ in forked.workers]
            list(forked.results())
    cause = raised.value.__cause__
    assert isinstance(cause, WorkerError) and "in work" in str(cause)  # where it happened
    assert all(_gone(pid) for pid in pids)


def test_an_exception_that_cannot_be_pickled_is_still_reported():
    class Local(Exception):  # (a local class cannot be pickled)
        pass

    def work(n):
        raise Local("odd failure")

    with pytest.raises(WorkerError, match="odd failure"):
        with Forked(work, range(4), 2) as forked:
            list(forked.results())


def test_a_worker_that_dies_is_an_error_not_a_hang():
    with pytest.raises(WorkerError, match=r"ended unexpectedly \(exit status 3\)"):
        with Forked(lambda n: os._exit(3) if n == 2 else n, range(6), 2) as forked:
            list(forked.results())


def test_leaving_early_stops_busy_workers_at_once_and_reaps_them():
    import time

    with Forked(lambda n: time.sleep(0 if n == 0 else 30) or n, range(50), 2) as forked:
        pids = [pid for pid, _, _ in forked.workers]
        results = forked.results()
        assert next(results) == 0
        results.close()
        started = time.monotonic()
    assert time.monotonic() - started < 5  # the sleeping workers were stopped, not waited for
    assert all(_gone(pid) for pid in pids)


def test_alongside_runs_in_a_thread_while_workers_work_and_is_waited_for(monkeypatch):
    import threading

    import site_builder.content.parse
    from site_builder.content.parse import map_in_workers

    ran = {}

    def work(label, ahead):
        ran["thread"] = threading.current_thread().name
        ran["ahead"] = ahead
        return label.upper()

    alongside = Alongside(work)
    alongside.bind("renderer")
    monkeypatch.setattr(site_builder.content.parse, "PARALLEL_MIN", 10)
    results = list(map_in_workers(lambda n: n * 2, list(range(60)), 2, alongside))
    assert results == [n * 2 for n in range(60)]
    assert alongside.thread is None  # joined before map_in_workers returned: none left to fork with
    assert not any(t.name == "alongside" for t in threading.enumerate())
    assert ran == {"thread": "alongside", "ahead": True}
    assert alongside.result() == "RENDERER"


def test_alongside_not_started_is_done_in_place_and_raises_there():
    import threading

    def work(ahead):
        assert threading.current_thread() is threading.main_thread() and ahead is False
        return 42

    assert Alongside(work).result() == 42

    def broken(ahead):
        raise OSError("layouts folder unreadable")

    started = Alongside(broken)
    started.start()
    with pytest.raises(OSError, match="unreadable"):  # raised where the result is asked for
        started.result()


def test_without_fork_a_build_reads_and_renders_in_its_own_process(tmp_path, monkeypatch):
    """Where the system has no fork (Windows), a build asked for 4 jobs forks nothing and makes
    the same site as a parallel build."""
    import shutil

    from conftest import FIXTURE, tree

    import site_builder.build
    import site_builder.workers
    from site_builder.build import BuildOptions, build

    site = tmp_path / "site"
    shutil.copytree(FIXTURE, site, ignore=shutil.ignore_patterns("public", ".site-builder-cache", ".public.*"))
    (site / "content/articles/2023").mkdir(exist_ok=True)
    for n in range(60):  # past PARALLEL_MIN (10 here): a build with fork reads and renders in workers
        (site / f"content/articles/2023/bai-{n}.md").write_text(
            f"---\ntitle: Bài số {n}\ndate: 2023-03-{n % 28 + 1:02d}\n---\n\nNội dung bài {n}.\n", encoding="utf-8"
        )
    import site_builder.content.parse

    monkeypatch.setattr(site_builder.content.parse, "PARALLEL_MIN", 10)
    monkeypatch.setattr(site_builder.build, "PARALLEL_MIN", 10)
    forks = []
    real_fork = os.fork

    def counted_fork():
        forks.append(1)
        return real_fork()

    monkeypatch.setattr(os, "fork", counted_fork)
    parallel = build(BuildOptions(source=site, output=tmp_path / "parallel", jobs=4, cache=False))
    assert parallel.ok and forks  # (the same site with fork: read and rendered in workers)

    def no_fork():
        raise AssertionError("forked without fork")

    monkeypatch.setattr(site_builder.build, "CAN_FORK", False)
    monkeypatch.setattr(os, "fork", no_fork)
    serial = build(BuildOptions(source=site, output=tmp_path / "serial", jobs=4, cache=False))
    assert serial.ok and tree(tmp_path / "serial") == tree(tmp_path / "parallel")


@pytest.mark.parametrize("enabled", [True, False])
def test_the_cycle_collector_runs_while_pages_are_rendered_and_is_left_as_found(site, monkeypatch, enabled):
    """A build pauses the cycle collector (many long-lived objects, little cyclic garbage) but while
    Jinja renders pages, which makes cyclic garbage; after the build the process's collector is as
    it was, with nothing left frozen (a `serve` that builds again and again must collect)."""
    import gc

    from conftest import run

    from site_builder import build as build_module

    seen = []
    render_share = build_module._render_share

    def watched(work, share, shares):
        seen.append((gc.isenabled(), gc.get_freeze_count() > 0))
        return render_share(work, share, shares)

    monkeypatch.setattr(build_module, "_render_share", watched)
    monkeypatch.setattr(build_module.unchanged, "stamp_site", _spy(build_module.unchanged.stamp_site, seen, "stamps"))
    monkeypatch.setattr(build_module, "plan_pages", _spy(build_module.plan_pages, seen, "plan"))
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        assert run(site, "build", "--no-search", "--jobs", "1") == 0
        assert gc.isenabled() is enabled and gc.get_freeze_count() == 0
    finally:
        gc.enable() if was else gc.disable()
    # The site's stamps and the plan of its pages made with it off (0.2 s of a one-edit build at
    # 10,000 articles), then rendering: on (if it was) over what came before, frozen.
    assert seen == [("stamps", False), ("plan", False), (enabled, True)]


def _spy(function, seen, name):
    def spied(*args, **kwargs):
        import gc

        seen.append((name, gc.isenabled()))
        return function(*args, **kwargs)

    return spied
