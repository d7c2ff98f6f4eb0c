"""Forked worker processes for the two parallel stages of a build (reading, rendering).

Not `multiprocessing.Pool`: its worker-handler thread waits on the result pipe as well as on the
workers, and goes round its loop (polling each worker, making a new selector) for as long as a
result is there but not yet taken in. Reading 10,000 articles it went round 34,000 times for
157 results, on the build's own process and under its GIL; and importing it costs ~20 ms.

Here the work and the function are inherited through `fork` (never pickled): a worker is told
task numbers over a pipe and sends back each task's result, pickled, over another. The parent
reads results when it asks for them, in task order. It keeps two tasks queued at each worker,
so that a worker does not wait for its next task, and widens each result pipe (to 1 MiB where
the system allows it), so that a result of a reading chunk (~0.7 MB) does not wait to be read.
"""

from __future__ import annotations

import gc
import os
import pickle
import selectors
import signal
import struct
import sys
import traceback
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from .files import write_all

_HEADER = struct.Struct("<iQ")  # task number (or FAILED), payload length
_TASK = struct.Struct("<i")  # task number, or -1: stop
_FAILED = -1  # the payload is (the exception or None, its traceback as text)
_QUEUED = 2  # tasks a worker holds: one in hand, one waiting
_PIPE_SIZE = 1 << 20


# Where the system has no fork (Windows), builds read, render and encode in their own process
# (build.py asks for one job): the work is inherited by forking, never pickled.
CAN_FORK = hasattr(os, "fork")


class WorkerError(RuntimeError):
    """A worker died, or raised (then the original exception is raised from this one, which
    carries the worker's traceback)."""


class Forked:
    """`function(task)` for each task, over `processes` forked processes; results in task order.

        with Forked(function, tasks, 2) as forked:
            for result in forked.results(): ...

    The parent is free between forking and asking for results (it renders a share itself)."""

    def __init__(self, function: Callable, tasks: Sequence, processes: int, collect: bool | None = None):
        """`collect`: True or False turns the workers' cycle collector on or off; None leaves
        it as the parent has it."""
        if processes < 1:
            raise ValueError("at least one worker process")
        self.tasks = tasks
        self.workers: list[tuple[int, int, int]] = []  # (pid, task pipe, result pipe)
        self.queued: dict[int, int] = {}  # result pipe -> tasks sent and not yet answered
        self.fed: set[int] = set()  # result pipes of the workers still taking tasks
        self.reaped: set[int] = set()  # pids already waited for (a worker that died)
        self.sent = 0
        try:
            _flush()  # buffered output is written now, or each worker would hold a copy of it
            for _ in range(min(processes, len(tasks))):
                self._fork(function, collect)
            for _ in range(_QUEUED):
                for _, task_write, result_read in self.workers:
                    self._send(task_write, result_read)
        except BaseException:
            self.close()  # (a failed fork or write, ^C: the workers already made are not left behind)
            raise

    def _fork(self, function: Callable, collect: bool | None) -> None:
        fds: list[int] = []
        try:
            fds += os.pipe()
            fds += os.pipe()
        except OSError:
            for fd in fds:
                os.close(fd)
            raise
        task_read, task_write, result_read, result_write = fds
        # ^C between the fork and the worker's being recorded would leave it unknown to `close`.
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            pid = os.fork()
        except OSError:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
            for fd in fds:
                os.close(fd)
            raise
        if pid == 0:  # the worker: never returns
            status = 1
            try:
                # ^C is the parent's to handle (it stops the workers); SIGTERM, as `close` sends, ends one.
                signal.signal(signal.SIGINT, signal.SIG_IGN)
                signal.signal(signal.SIGTERM, signal.SIG_DFL)
                signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
                os.close(task_write)
                os.close(result_read)
                # Not its siblings' ends either: a sibling must see the end of its tasks when the
                # parent is gone, which it would not while this one held them open.
                for _, other_tasks, other_results in self.workers:
                    os.close(other_tasks)
                    os.close(other_results)
                status = _serve(function, self.tasks, task_read, result_write, collect)
            finally:
                os._exit(status)  # never the parent's code after the fork, exit handlers or buffers
        self.workers.append((pid, task_write, result_read))
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        os.close(task_read)
        os.close(result_write)
        _widen(result_read)
        self.queued[result_read] = 0
        self.fed.add(result_read)

    def _send(self, task_write: int, result_read: int) -> None:
        if self.sent < len(self.tasks) and result_read in self.fed:
            try:
                write_all(task_write, _TASK.pack(self.sent))
            except BrokenPipeError:
                # It has ended (it raised, or died): what it sent, or the end of its pipe, says
                # why when its results are read. Its task goes to another worker.
                self.fed.discard(result_read)
                return
            self.sent += 1
            self.queued[result_read] += 1

    def results(self) -> Iterator:
        done: dict[int, object] = {}
        writer = {result_read: task_write for _, task_write, result_read in self.workers}
        pids = {result_read: pid for pid, _, result_read in self.workers}
        with selectors.DefaultSelector() as selector:
            for result_read in writer:
                selector.register(result_read, selectors.EVENT_READ)
            for number in range(len(self.tasks)):
                while number not in done:
                    for key, _ in selector.select():
                        fd = key.fd
                        task, payload = self._receive(fd, pids[fd])
                        if task == _FAILED:
                            error, text = pickle.loads(payload)
                            if error is None:
                                raise WorkerError(f"a worker process failed:\n{text}")
                            raise error from WorkerError(f"in a worker process:\n{text}")
                        self.queued[fd] -= 1
                        self._send(writer[fd], fd)  # its next task before this one is unpickled
                        done[task] = pickle.loads(payload)
                yield done.pop(number)

    def _receive(self, fd: int, pid: int) -> tuple[int, bytes]:
        try:
            header = _read_exact(fd, _HEADER.size)
            task, length = _HEADER.unpack(header)
            return task, _read_exact(fd, length)
        except EOFError:
            raise WorkerError(f"a worker process ended unexpectedly ({self._ending(pid)})") from None

    def _ending(self, pid: int) -> str:
        """How a worker that closed its pipe ended: a signal (9: the system may have run out of
        memory) or an exit status."""
        try:
            _, status = os.waitpid(pid, 0)
        except ChildProcessError:
            return "already waited for"
        self.reaped.add(pid)
        if os.WIFSIGNALED(status):
            return f"killed by signal {os.WTERMSIG(status)}"
        return f"exit status {os.waitstatus_to_exitcode(status)}"

    def close(self) -> None:
        """Stops the workers and waits for them; one still busy with results nobody will read
        (the parent is leaving early: an error, ^C) is stopped at once."""
        leaving = any(self.queued.values())
        for pid, task_write, result_read in self.workers:
            try:
                write_all(task_write, _TASK.pack(-1))
            except OSError:
                pass  # (it has ended already)
            os.close(task_write)
            os.close(result_read)
            if leaving and pid not in self.reaped:
                try:
                    os.kill(pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
        for pid, _, _ in self.workers:
            if pid not in self.reaped:
                try:
                    os.waitpid(pid, 0)
                except ChildProcessError:
                    pass
        self.workers = []
        self.queued = {}
        self.fed = set()

    def __enter__(self) -> Forked:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _serve(function: Callable, tasks: Sequence, task_read: int, result_write: int, collect: bool | None) -> int:
    """A worker's loop; returns its exit status."""
    if collect is not None:
        gc.enable() if collect else gc.disable()
    try:
        while True:
            number = _TASK.unpack(_read_exact(task_read, _TASK.size))[0]
            if number < 0:
                return 0
            try:
                payload = pickle.dumps(function(tasks[number]), pickle.HIGHEST_PROTOCOL)
            except Exception as exc:  # reported by the parent, raised there again if it can be
                text = "".join(traceback.format_exception(exc))
                try:
                    report = pickle.dumps((exc, text))
                except Exception:
                    report = pickle.dumps((None, text))
                write_all(result_write, _HEADER.pack(_FAILED, len(report)) + report)
                return 1
            write_all(result_write, _HEADER.pack(number, len(payload)))
            write_all(result_write, payload)
    except (EOFError, OSError):
        return 1  # the parent went away (the end of the task pipe, a broken result pipe)
    finally:
        _flush()  # what the work printed (the parent's own was flushed before the fork)


def _flush() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):  # a closed pipe or file: nothing can be written there anyway
            pass


def _read_exact(fd: int, size: int) -> bytes:
    """Exactly `size` bytes; EOFError if the other end closes first."""
    data = os.read(fd, size)
    if len(data) == size:
        return data
    if not data:
        raise EOFError
    parts = [data]
    left = size - len(data)
    while left:
        chunk = os.read(fd, min(left, _PIPE_SIZE))
        if not chunk:
            raise EOFError
        parts.append(chunk)
        left -= len(chunk)
    return b"".join(parts)


def _widen(fd: int) -> None:
    """A pipe that holds a reading chunk's whole result (Linux; elsewhere, or past the system's
    limit, as it is)."""
    try:
        import fcntl

        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, _PIPE_SIZE)
    except (ImportError, AttributeError, OSError):
        pass


class Alongside:
    """Work for this process to do while its forked workers do theirs (the build prepares the
    renderer while workers read the articles: otherwise one core idles while it does).

    `map_in_workers` starts it in a thread once the workers are forked and waits for it before
    it returns, so that this thread is never running when the render workers are forked (a
    thread in the middle of an import or a write at a fork leaves the child its locks held).
    Never started (no workers: a small site, a warm build), `result()` does the work in place."""

    def __init__(self, work: Callable):
        self.work = work
        self.args: tuple = ()
        self.thread: Any = None  # (a threading.Thread once started)
        self.outcome: tuple | None = None  # (True, the result) or (False, the exception)

    def bind(self, *args) -> None:
        """The arguments the work will be given (known only once reading has begun)."""
        self.args = args

    def start(self) -> None:
        import threading

        self.thread = threading.Thread(target=self._run, args=(True,), name="alongside", daemon=True)
        self.thread.start()

    def wait(self) -> None:
        if self.thread is not None:
            self.thread.join()
            self.thread = None

    def result(self):
        """The work's result (raising what it raised); done here if it was not started."""
        self.wait()
        if self.outcome is None:
            self._run(False)
        done, value = self.outcome
        if not done:
            raise value
        return value

    def _run(self, ahead: bool) -> None:
        try:
            self.outcome = (True, self.work(*self.args, ahead=ahead))
        except BaseException as exc:  # (raised again by `result`, in the build's own thread)
            self.outcome = (False, exc)


class Ahead:
    """`function(task)` in one forked process while this one goes on; its result taken once.

    For work that only asks the file system (the site's stamps, the output's): a process that
    cannot be forked (too many, no memory, no `fork` at all), that dies or raises, gives `failed`
    from `take`, and the caller does the work itself, as it would have without it. Only the process
    that began it reads its answer or stops it: a worker forked meanwhile holds a copy that is not
    its own (it would take the answer from the pipe they share)."""

    def __init__(self, function: Callable, task: Any):
        self._pid = os.getpid()
        self._forked: Forked | None = None
        if CAN_FORK:
            try:
                self._forked = Forked(function, [task], 1, collect=False)
            except OSError:
                pass

    def take(self, failed: Any = None) -> Any:
        """The result (waited for), or `failed`; the process is gone after."""
        forked, self._forked = self._forked, None
        if forked is None or os.getpid() != self._pid:
            return failed
        try:
            return next(iter(forked.results()))
        except Exception:
            return failed
        finally:
            forked.close()

    def close(self) -> None:
        """Stop the process if its result was not taken."""
        forked, self._forked = self._forked, None
        if forked is not None and os.getpid() == self._pid:
            forked.close()
