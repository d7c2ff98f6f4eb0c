"""Replacing a folder by another in one step, and a lock that keeps two builds out of one output.

`exchange(a, b)` swaps two folders of one file system atomically: Linux's renameat2 with
RENAME_EXCHANGE, macOS's renamex_np with RENAME_SWAP. A program reading the output (a web
server, `serve`) finds either the old folder or the new one under its name, never neither and
never a mix. Where neither call exists, three renames do it, with a moment in which the name
points at nothing (see `swap_folders`).
"""

from __future__ import annotations

import ctypes
import errno
import os
import sys
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2  # linux/fs.h
_RENAME_SWAP = 2  # macOS sys/stdio.h


def _load_exchange():
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None
    if sys.platform.startswith("linux"):
        call = getattr(libc, "renameat2", None)
        if call is None:
            return None
        call.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
        return lambda a, b: call(_AT_FDCWD, a, _AT_FDCWD, b, _RENAME_EXCHANGE)
    if sys.platform == "darwin":
        call = getattr(libc, "renamex_np", None)
        if call is None:
            return None
        call.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_uint]
        return lambda a, b: call(a, b, _RENAME_SWAP)
    return None


_EXCHANGE = _load_exchange()
# What renameat2 answers where the kernel or the file system cannot exchange: fall back.
_CANNOT = {errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP}


def exchange(a: Path, b: Path) -> bool:
    """Swap two folders atomically. False when this system cannot (nothing was changed);
    OSError for any other failure (nothing was changed either)."""
    if _EXCHANGE is None:
        return False
    if _EXCHANGE(os.fsencode(str(a)), os.fsencode(str(b))) == 0:
        return True
    code = ctypes.get_errno()
    if code in _CANNOT:
        return False
    raise OSError(code, os.strerror(code), str(a))


def swap_folders(target: Path, other: Path, aside: Path) -> None:
    """`other` becomes `target` and `target` becomes `other`: in one step where the system can;
    else by three renames (`aside` is a free name beside them), between the first two of which
    `target` does not exist. A journal kept by the caller says how to finish if interrupted."""
    if exchange(target, other):
        return
    os.rename(target, aside)
    os.rename(other, target)
    os.rename(aside, other)


class OutputLock:
    """An advisory lock on a file beside the output, held while a build writes into it: a second
    build of the same output waits for the first (it would otherwise delete its staging folder).
    Released when the process ends, however it ends."""

    def __init__(self, path: Path):
        self.path = path
        self.fd: int | None = None

    def acquire(self, on_wait=None) -> None:
        """Take the lock; if another process holds it, call `on_wait(pid)` once and wait."""
        flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)
        try:
            fd = os.open(self.path, flags, 0o644)
        except OSError:
            if not self.path.is_symlink():
                raise
            self.path.unlink()  # (a link there was not made by a build: never written through)
            fd = os.open(self.path, flags, 0o644)
        try:
            if (os.fstat(fd).st_mode & 0o170000) != 0o100000:
                raise IsADirectoryError(21, "the lock beside the output is not a file", str(self.path))
            if not _try_lock(fd):
                if on_wait is not None:
                    on_wait(_holder(fd))
                _lock(fd)
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode())
        except BaseException:
            os.close(fd)
            raise
        self.fd = fd

    def release(self) -> None:
        if self.fd is not None:
            os.close(self.fd)  # (closing the file releases the lock)
            self.fd = None


def _holder(fd: int) -> int | None:
    try:
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
        return int(text) if text.isdigit() else None
    except (OSError, AttributeError):
        return None


if os.name == "posix":
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            return False

    def _lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX)
else:  # Windows
    import msvcrt
    import time

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]  # (Windows only)
            return True
        except OSError:
            return False

    def _lock(fd: int) -> None:
        while not _try_lock(fd):
            time.sleep(0.2)
