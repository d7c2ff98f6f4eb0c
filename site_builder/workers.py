"""Forked worker processes for the two parallel stages of a build (reading, rendering).

Not `multiprocessing.Pool`: its worker-handler thread waits on the result pipe as well as on the
workers, and goes round its loop (polling each worker, making a new selector) for as long as a
result is there but not yet taken in. Reading 10,000 articles it went round 34,000 times for
157 results, on the build's own process and under its GIL; and importing it costs ~20 ms.

Here the work and the function are inherited through `fork` (never pickled): a worker is told
task numbers over a pipe and sends back each task's result, pickled, over another. The parent
reads results when it asks for them, in task order; it keeps two tasks queued at each worker so
that none waits for the parent, and each result pipe is widened to hold a whole result where
the system allows it, so a worker does not wait for the parent to read either.
"""
from __future__ import annotations

import gc
import os
import pickle
import selectors
import signal
import struct
import traceback
from typing import Callable, Iterator, Sequence

_HEADER = struct.Struct("<iQ")  # task number (or -1: the worker failed), payload length
_TASK = struct.Struct("<i")     # task number, or -1: stop
_QUEUED = 2                     # tasks a worker holds: one in hand, one waiting
_PIPE_SIZE = 1 << 20            # a result of 64 articles is ~0.7 MB


class WorkerError(RuntimeError):
    """A worker raised (the message carries its traceback) or died."""


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
        self.sent = 0
        try:
            for _ in range(min(processes, len(tasks))):
                self._fork(function, collect)
            for _ in range(_QUEUED):
                for _, task_write, result_read in self.workers:
                    self._send(task_write, result_read)
        except BaseException:
            self.close()  # (a failed fork or write: the workers already made are not left behind)
            raise

    def _fork(self, function: Callable, collect: bool | None) -> None:
        task_read, task_write = os.pipe()
        result_read, result_write = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            for fd in (task_read, task_write, result_read, result_write):
                os.close(fd)
            raise
        if pid == 0:  # the worker: never returns
            os.close(task_write)
            os.close(result_read)
            # Not its siblings' ends either: a sibling must see the end of its tasks when the
            # parent is gone, which it would not while this one held them open.
            for _, other_tasks, other_results in self.workers:
                os.close(other_tasks)
                os.close(other_results)
            _serve(function, self.tasks, task_read, result_write, collect)
        os.close(task_read)
        os.close(result_write)
        _widen(result_read)
        self.workers.append((pid, task_write, result_read))
        self.queued[result_read] = 0

    def _send(self, task_write: int, result_read: int) -> None:
        if self.sent < len(self.tasks):
            _write_all(task_write, _TASK.pack(self.sent))
            self.sent += 1
            self.queued[result_read] += 1

    def results(self) -> Iterator:
        done: dict[int, object] = {}
        writer = {result_read: task_write for _, task_write, result_read in self.workers}
        with selectors.DefaultSelector() as selector:
            for result_read in writer:
                selector.register(result_read, selectors.EVENT_READ)
            for number in range(len(self.tasks)):
                while number not in done:
                    for key, _ in selector.select():
                        fd = key.fd
                        task, payload = _receive(fd)
                        if task < 0:
                            raise WorkerError(payload)
                        self.queued[fd] -= 1
                        self._send(writer[fd], fd)  # its next task before this one is unpickled
                        done[task] = pickle.loads(payload)
                yield done.pop(number)

    def close(self) -> None:
        """Stops the workers and waits for them; one still busy with results nobody will read
        (the parent is leaving early: an error, ^C) is stopped at once."""
        leaving = any(self.queued.values())
        for pid, task_write, result_read in self.workers:
            try:
                _write_all(task_write, _TASK.pack(-1))
            except OSError:
                pass  # (it has ended already)
            os.close(task_write)
            os.close(result_read)
            if leaving:
                try:
                    os.kill(pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
        for pid, _, _ in self.workers:
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass
        self.workers = []
        self.queued = {}

    def __enter__(self) -> "Forked":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _serve(function: Callable, tasks: Sequence, task_read: int, result_write: int, collect: bool | None) -> None:
    status = 1
    try:
        if collect is not None:
            gc.enable() if collect else gc.disable()
        while True:
            number = _TASK.unpack(_read_exact(task_read, _TASK.size))[0]
            if number < 0:
                status = 0
                break
            try:
                payload = pickle.dumps(function(tasks[number]), pickle.HIGHEST_PROTOCOL)
            except BaseException as exc:  # reported by the parent, with where it happened
                message = "".join(traceback.format_exception(exc)).encode("utf-8", "replace")
                _write_all(result_write, _HEADER.pack(-1, len(message)) + message)
                break
            _write_all(result_write, _HEADER.pack(number, len(payload)))
            _write_all(result_write, payload)
    except BaseException:
        pass  # the parent went away (EOF, a broken pipe) or interrupted us: nothing to report to
    finally:
        os._exit(status)  # never the parent's exit handlers, buffers or `finally` blocks


def _receive(fd: int) -> tuple[int, bytes | str]:
    header = _read_exact(fd, _HEADER.size)
    task, length = _HEADER.unpack(header)
    payload = _read_exact(fd, length)
    if task < 0:
        return task, payload.decode("utf-8", "replace")
    return task, payload


def _read_exact(fd: int, size: int) -> bytes:
    data = os.read(fd, size)
    if len(data) == size:
        return data
    if not data:
        raise WorkerError("a worker process ended unexpectedly")
    parts = [data]
    left = size - len(data)
    while left:
        chunk = os.read(fd, min(left, _PIPE_SIZE))
        if not chunk:
            raise WorkerError("a worker process ended unexpectedly")
        parts.append(chunk)
        left -= len(chunk)
    return b"".join(parts)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _widen(fd: int) -> None:
    """A pipe that holds a whole result (Linux; elsewhere, or past the system's limit, as it is)."""
    try:
        import fcntl
        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, _PIPE_SIZE)
    except (ImportError, AttributeError, OSError):
        pass


class Alongside:
    """Work for this process to do while its forked workers do theirs (the build prepares the
    renderer while workers read the articles: otherwise one core idles while it does).

    `map_in_workers` starts it in a thread once the workers are forked and waits for it before
    it returns, so that no thread is left running when the next workers are forked. Never
    started (no workers: a small site, a warm build), `result()` does the work in place."""

    def __init__(self, work: Callable):
        self.work = work
        self.args: tuple = ()
        self.thread = None
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
