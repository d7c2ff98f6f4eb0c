"""Writing the output so that a failed, interrupted or concurrent build never leaves a broken
site, and nothing the build did not write is ever deleted.

Beside the output folder (`public/` here; all hidden, never published):

  .public.lock            held while a build writes (a second build of the same output waits)
  .public.files.json      the manifest: the files the output holds that builds wrote, and what
                          the last commit changed. Only files listed there are ever deleted.
  .public.shadow/         the site as it was before the last build: hard links to the output's
                          files, so it costs what changed, not the size of the site
  .public.staging-<pid>/  this build's new and changed files
  .public.journal         present only while a commit is under way: what to finish or undo

A build stages its new and changed files. The commit brings the shadow up to date with the
output, moves the staged files into it and deletes from it the files the site no longer has, so
the shadow is the complete new site; moves into it whatever else the output holds (`.git`,
`CNAME`, files put there by hand); and swaps the two folders in one step (swap.py). A reader of
the output sees the old site or the new one, never a mix; a build killed at any moment leaves
the old site as it was, and the next build finishes or undoes what the journal says.

A change that touches few files (ONE_BY_ONE_SHARE) is moved in one by one instead, each file
replacing its old one in one step, and the journal names the staging folder so that the next
build finishes a commit that was cut short: with no shadow (the first change after a first
build) making one costs a hard link for every file of the site, and a shadow there may be far
behind (after a new article, every article's page changed). A shadow there is kept, and the
manifest lists what it lacks, for the next swap to bring it up to date.

The first build into an empty or missing folder renames its staging folder into place. A folder
that holds files but no manifest (a folder of one's own, a site built by something else) is
built into only when no file there would be replaced; else the build stops (OutputNotOurs) and
says how to proceed. Where folders cannot be swapped or files hard-linked (a mount point, a file
system without links), staged files are moved into the output one by one, as before.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from array import array
from collections.abc import Sequence
from pathlib import Path

from .files import read_bytes, write_all
from .messages import t
from .swap import OutputLock, swap_folders
from .workers import Ahead

_WRITE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
MANIFEST_VERSION = 2
# A commit that changes at most this share of the site's files moves them in one by one
# (StagedOutput._commit_file_by_file) instead of making, or bringing up to date, a shadow to swap.
ONE_BY_ONE_SHARE = 1 / 16
# From this many files of the last build on, their stamps are taken by a forked process while the
# build works (StagedOutput.look_ahead): an `lstat` costs ~3 µs, 0.1 s at 31,000 files.
LOOK_AHEAD_MIN = 2000


class UnsafePath(Exception):
    """A path that would land outside the output folder."""


class OutputProblem(Exception):
    """The output cannot be written safely as it is (a folder of the site replaced by a link)."""


class CommitCutShort(Exception):
    """A commit was interrupted and is not finished yet (StagedOutput.open with `recover` False)."""


class OutputNotOurs(Exception):
    """The output folder holds files no build listed, and this build would replace some of them."""

    def __init__(self, target: Path, replaced: list[str]):
        super().__init__(str(target))
        self.target = target
        self.replaced = replaced


class StagedOutput:
    def __init__(self, target: Path):
        self.target = target.resolve()
        self.parent = self.target.parent
        name = self.target.name
        self.prefix = f".{name}.staging-"
        self.staging = self.parent / f"{self.prefix}{os.getpid()}"
        self.journal = self.parent / f".{name}.journal"
        self.shadow = self.parent / f".{name}.shadow"
        self.manifest = self.parent / f".{name}.files.json"
        self.lock = OutputLock(self.parent / f".{name}.lock")
        self.previous: Path | None = None  # the output being updated (files compared with it)
        self.trusted = False  # whether its files are the ones the last build recorded (stamps)
        self.owned: set[str] = set()  # the files of the output that builds wrote (the manifest)
        self.outputs: set[str] = set()  # every file of this build, kept or written
        self.replaced_foreign: list[str] = []  # files not listed as ours that this build replaced
        self._last: dict = {}  # the manifest as read
        self._dirs: set[str] = set()
        self._stamps: dict[str, tuple[int, int]] = {}  # (size, mtime) of files written or found unchanged
        self.files_written = 0  # new or changed files
        self.files_kept = 0  # unchanged files left as they were
        self.recovered = False  # whether an interrupted commit was finished or undone on opening
        self._ahead: tuple[Ahead, list[str]] | None = None  # the process taking stamps (look_ahead)
        self._found: dict[str, tuple[int, int]] = {}  # (size, mtime) it found, -1 as size: not a file

    # --- opening: lock, leftovers, the journal ------------------------------------------------------

    def open(self, on_wait=None, recover: bool = True) -> StagedOutput:
        """Lock the output (waiting for another build of it), clean up after killed builds,
        finish or undo an interrupted commit, and read what the last build left. With `recover`
        False, an interrupted commit is left for the build that will write (CommitCutShort):
        that build must know it recovered one (its search index is made again in full)."""
        self.parent.mkdir(parents=True, exist_ok=True)
        self.lock.acquire(on_wait)
        try:
            if not recover and (self.journal.exists() or self.journal.is_symlink()):
                raise CommitCutShort(str(self.journal))
            self._open()
        except BaseException:
            self.lock.release()
            raise
        return self

    def _open(self) -> None:
        for own in (self.shadow, self.journal, self.manifest):
            if own.is_symlink():  # (names of ours: a link there was not made by a build, and is not followed)
                own.unlink()
        # Finish or undo a commit cut short first: it may need what is beside the output.
        journal = self._read_json(self.journal)
        if journal is not None or self.journal.exists():
            self._recover(journal if isinstance(journal, dict) else {})
        # Only this build writes beside the output now (the lock): what killed builds left goes.
        for stale in self.parent.iterdir():
            if self._leftover.fullmatch(stale.name):
                _remove(stale)
        self._last = self._read_manifest() or {}
        self.owned = set(self._last.get("files", ()))
        if self.target.is_dir():
            self.previous = self.target
            self._previous_prefix = f"{self.target}{os.sep}"
            self.trusted = bool(self._last) and not self._last.get("untrusted")
        elif self.target.exists() or self.target.is_symlink():
            raise NotADirectoryError(20, "the output is not a folder", str(self.target))
        self.staging.mkdir()
        self._staging_prefix = f"{self.staging}{os.sep}"
        self._dirs.add(str(self.staging))

    @property
    def _leftover(self) -> re.Pattern:
        """Names of what a build of this output leaves beside it while it runs (process ids in them)."""
        name = re.escape(self.target.name)
        return re.compile(
            rf"\.{name}\.(?:(?:staging|old|view|trash)-\d+|search-\d+-[\w-]+"
            rf"|(?:files\.json|journal)\.\d+)"
        )

    def close(self) -> None:
        """Let the next build of this output in."""
        self._stop_looking()
        self.lock.release()

    # --- looking ahead ---------------------------------------------------------------------------

    def look_ahead(self) -> None:
        """Have a forked process take the stamp of every file of the last build while this one
        goes on, so that `holds` asks no file system for them: a build that keeps 31,000 files
        spent 0.13 s on their `lstat`s, with the second processor idle. Taken after `open`,
        under the lock: no build changes the output meanwhile and this one stages, never writes
        into it; a file changed by hand after the look is as one changed after `holds` asked."""
        if self._ahead is not None or not self.trusted or len(self.owned) < LOOK_AHEAD_MIN:
            return
        rels = list(self.owned)  # (in any order: the answers come back in this one)
        self._ahead = (Ahead(_stamps_of, (self._previous_prefix, rels)), rels)

    def take_look(self) -> None:
        """Wait for what the look ahead found: before forking workers, which then share it (only
        the process that began the look reads its answer: workers.Ahead)."""
        self._looked()

    def _looked(self) -> dict[str, tuple[int, int]]:
        """What the look ahead found; nothing if it failed (every file is then asked for)."""
        if self._ahead is not None:
            ahead, rels = self._ahead
            self._ahead = None
            found = ahead.take()
            try:
                sizes, mtimes = array("q", found[0]), array("q", found[1])
            except (TypeError, ValueError, IndexError):  # (None: it failed; each file is asked for)
                return self._found
            if len(sizes) == len(rels) == len(mtimes):
                self._found = dict(zip(rels, zip(sizes, mtimes)))
        return self._found

    def _stop_looking(self) -> None:
        if self._ahead is not None:
            self._ahead[0].close()
            self._ahead = None

    # --- writing ---------------------------------------------------------------------------------

    def path_for(self, rel: str) -> Path:
        """The staging path of an output file; refuses anything that escapes the folder."""
        self._check(rel)
        return self.staging / rel

    @staticmethod
    def _check(rel: str) -> None:
        # String tests, not pathlib: a warm build asks this for every page of the site.
        if (
            not rel
            or rel[0] in "/\\"
            or "\0" in rel
            or "\\" in rel
            or rel == ".."
            or rel == "."
            or rel.startswith(("../", "./"))
            or rel.endswith(("/..", "/."))
            or "/../" in rel
            or "/./" in rel
            or "//" in rel
        ):
            raise UnsafePath(rel)

    def _stage(self, rel: str) -> str:
        """The staging path of a file about to be written, its folder made (one `mkdir` per folder)."""
        self._check(rel)
        dest = f"{self._staging_prefix}{rel}"
        parent = os.path.dirname(dest)
        if parent not in self._dirs:
            try:
                os.mkdir(parent)
            except FileExistsError:
                pass
            except FileNotFoundError:
                os.makedirs(parent, exist_ok=True)
            self._dirs.add(parent)
        return dest

    def write(self, rel: str, data: bytes) -> None:
        """Stage a file unless the output already holds exactly these bytes.

        Plain `os` calls, not pathlib or buffered files: a cold build writes one file per page,
        and each `open()` of a buffered file costs three more system calls than the write needs."""
        self.outputs.add(rel)
        if self.previous is not None:
            self._check(rel)
            old = f"{self._previous_prefix}{rel}"
            try:
                st = os.lstat(old)
                if st.st_size == len(data) and _is_file(st):
                    if read_bytes(old) == data:
                        self.files_kept += 1
                        self._stamps[rel] = (st.st_size, st.st_mtime_ns)
                        return
            except OSError:
                pass
        fd = os.open(self._stage(rel), _WRITE_FLAGS, 0o666)
        try:
            write_all(fd, data)
            st = os.fstat(fd)
        finally:
            os.close(fd)
        self._stamps[rel] = (st.st_size, st.st_mtime_ns)  # what `stamp` answers without a `stat`
        self.files_written += 1

    def keep(self, rel: str, stamp) -> bool:
        """Leave a file unrendered if the output still holds the one recorded (size, mtime)."""
        if not self.holds(rel, stamp):
            return False
        self.outputs.add(rel)
        self.files_kept += 1
        return True

    def holds(self, rel: str, stamp) -> bool:
        """Whether the output still holds the file recorded as (size, mtime): not changed by hand."""
        if not self.trusted or not stamp or len(stamp) != 2:
            return False
        found = (self._looked() if self._ahead is not None else self._found).get(rel)
        if found is not None:  # (the look ahead made the same check of the path as below)
            return found[0] >= 0 and found[0] == stamp[0] and found[1] == stamp[1]  # (-1: not a file)
        self._check(rel)  # same safety check as for a written file
        try:
            st = os.lstat(f"{self._previous_prefix}{rel}")
        except OSError:
            return False
        return st.st_size == stamp[0] and st.st_mtime_ns == stamp[1] and _is_file(st)

    def found_stamps(self) -> list[tuple[str, tuple[int, int]]] | None:
        """(path, (size, mtime)) of each file the output lists as the builds', in path order, as
        found (an `lstat` each), when the output is trusted, was not just recovered and holds each
        as a regular file; else None."""
        if not self.trusted or self.recovered or not self.owned:
            return None
        prefix = self._previous_prefix
        lstat = os.lstat
        found = []
        try:
            for rel in sorted(self.owned):
                self._check(rel)
                st = lstat(prefix + rel)
                if not _is_file(st):
                    return None
                found.append((rel, (st.st_size, st.st_mtime_ns)))
        except (OSError, UnsafePath):
            return None
        return found

    def committed_stamps(self, records: dict) -> list[tuple[str, tuple[int, int]]]:
        """(path, (size, mtime)) of every file of the committed output, in path order: as written
        or kept (known without a `stat`), else as found."""
        stamps: list[tuple[str, tuple[int, int]]] = []
        for rel in sorted(self.outputs):
            stamp = self._stamps.get(rel)
            if stamp is None:
                record = records.get(rel)
                stamp = record.stamp if record is not None else None
            if stamp is None:
                try:
                    st = os.lstat(self.target / rel)
                except OSError:
                    continue
                stamp = (st.st_size, st.st_mtime_ns)
            stamps.append((rel, stamp))
        return stamps

    def keep_listed(self, rels: list[str]) -> bool:
        """Keep these files of the last build as they are, if every one is still a regular file
        of the output and the output is trusted: all of them, or none (then False)."""
        if not self.trusted or not rels or not all(rel in self.owned for rel in rels):
            return False
        found = []
        for rel in rels:
            try:
                st = os.lstat(f"{self._previous_prefix}{rel}")
            except OSError:
                return False
            if not _is_file(st):
                return False
            found.append((rel, st))
        for rel, st in found:
            self.outputs.add(rel)
            self._stamps[rel] = (st.st_size, st.st_mtime_ns)
            self.files_kept += 1
        return True

    def stamp(self, rel: str) -> tuple[int, int]:
        """(size, mtime) of a file this build wrote or found unchanged (`write`), as it will be in
        the output: taken when it was written, not asked of the file system again."""
        return self._stamps[rel]

    def copy_file(self, source: Path | str, rel: str) -> None:
        """Stage a copy of a file of the site. With no previous output to compare it with, the
        kernel copies it (`sendfile`: a first build of 10,000 articles copies ~1 GB of photos);
        else as `write` (an unchanged copy is kept)."""
        if self.previous is not None:
            self.write(rel, read_bytes(source))
            return
        self.outputs.add(rel)
        dest = self._stage(rel)
        shutil.copyfile(source, dest)
        st = os.stat(dest)
        self._stamps[rel] = (st.st_size, st.st_mtime_ns)
        self.files_written += 1

    def abort(self) -> None:
        _remove(self.staging)
        self.close()

    # --- committing ------------------------------------------------------------------------------

    def staged_files(self) -> list[str]:
        """The files this build staged (new or changed), relative, in a stable order."""
        staging = str(self.staging)
        found: list[str] = []
        for folder, _, files in os.walk(staging):
            rel_folder = folder[len(staging) + 1 :].replace(os.sep, "/")
            found.extend(f"{rel_folder}/{name}" if rel_folder else name for name in files)
        return sorted(found)

    def commit(self) -> None:
        """Make this build's files the output, in one step. Raises OutputNotOurs (nothing changed)
        when the output is a folder of files no build listed and some of them would be replaced,
        OutputProblem when a folder of the site in it was replaced by a link."""
        staged = self.staged_files()
        if self.previous is None:
            self._write_manifest(self._manifest_data(staged, []))  # (first: then the rename)
            os.replace(self.staging, self.target)
            return
        stale = sorted(rel for rel in self.owned - self.outputs if _safe_to_delete(rel))
        adopted = sorted(self.outputs - self.owned - set(staged))  # (already there, byte for byte)
        if not staged and not stale and self.trusted:
            _remove(self.staging)  # nothing changed: the output is already this build's
            if adopted:  # (files found as this build would write them: the shadow lacks them)
                self._write_manifest(self._manifest_data([], [], adopted=adopted, behind=True))
            return
        mount_point = _is_mount_point(self.target)
        # (Whether or not a shadow is ready: a shadow ready to swap is one the last commits left
        # behind by what they changed, and bringing it up to date costs that much; after a change
        # of every article's page — a new article, a layout — it cost ~6 s at 10,000 articles to
        # publish the next title edit. Moved in one by one, the edit leaves the shadow as far
        # behind as it was plus what it changed, for the next large commit to catch up.)
        one_by_one = not mount_point and len(staged) + len(stale) <= ONE_BY_ONE_SHARE * len(self.outputs)
        # Moved in one by one, nothing else of the output moves: only the staged files' own paths
        # are looked at (every folder of a 10,000-article site is listed otherwise: 0.2 s, seconds
        # when the system has not seen them lately).
        found = self._replaced_by(staged) if one_by_one else None
        if found is None:
            one_by_one = False  # (something in the way of a staged file: looked at whole, and swapped)
        foreign, replaced = ([], found) if found is not None else self._foreign_entries(set(staged))
        if replaced and not self._last:
            _remove(self.staging)
            raise OutputNotOurs(self.target, replaced)
        self.replaced_foreign = replaced
        if mount_point:
            self._commit_in_place(staged, stale)  # (a mount point cannot be swapped)
        elif one_by_one:
            self._commit_file_by_file(staged, stale, adopted)
        else:
            try:
                self._commit_by_swap(staged, stale, foreign, adopted)
            except _CannotSwap:
                self._commit_in_place(staged, stale)
        _remove(self.staging)

    def _commit_by_swap(self, staged: list[str], stale: list[str], foreign: list[str], adopted: list[str]) -> None:
        self._write_json(self.journal, {"state": "preparing", "staged": staged})
        shadow = self._shadow_in_step(staged, adopted)
        tree = _Tree(shadow)
        for rel in stale:
            tree.delete(rel)
        for rel in staged:
            tree.place(rel, self.staging / rel)
        # The journal names what is about to move from the output into the shadow, so that an
        # interrupted commit can put it back.
        data = self._manifest_data(staged, stale)
        shadow_id = _identity(shadow)
        self._write_json(
            self.journal,
            {
                "state": "swapping",
                "foreign": foreign,
                "shadow": shadow_id,
                "target": _identity(self.target),
                "manifest": data,
            },
        )
        live = _Tree(self.target)
        for rel in foreign:
            _carry(live, tree, rel)
        aside = self.parent / f".{self.target.name}.old-{os.getpid()}"
        swap_folders(self.target, shadow, aside)
        data["shadow"] = _identity(self.shadow)
        self._write_manifest(data)
        self.journal.unlink()

    def _shadow_in_step(self, staged: list[str], adopted: list[str]) -> Path:
        """The shadow holding what the output holds, but for what this build replaces: brought up
        to date by what the last commit changed when it can be trusted, else made anew."""
        shadow = self.shadow
        last = self._last
        live = _Tree(self.target)
        if self._shadow_ready():
            tree = _Tree(shadow)
            for rel in last.get("removed", ()):  # (before the files written: a folder may have become a file)
                if _safe_to_delete(rel):
                    tree.delete(rel)
            skip = set(staged)
            for rel in (*last.get("written", ()), *adopted):
                if rel not in skip and rel in self.outputs:
                    tree.link_from(live, rel)
            return shadow
        if shadow.exists() or shadow.is_symlink():
            _remove(shadow, trash=self.parent / f".{self.target.name}.trash-{os.getpid()}")
        try:
            shadow.mkdir()
        except OSError as exc:
            raise _CannotSwap from exc
        tree = _Tree(shadow)
        skip = set(staged)
        for rel in sorted(self.outputs - skip):
            tree.link_from(live, rel, fresh=True)
        return shadow

    def _shadow_ready(self) -> bool:
        """Whether the shadow is the output as it was before the last commit (recorded by its
        identity), so that bringing it up to date costs only what the last two commits changed."""
        shadow, last = self.shadow, self._last
        return bool(
            self.trusted
            and last.get("shadow")
            and not shadow.is_symlink()
            and shadow.is_dir()
            and last.get("shadow") == _identity(shadow)
        )

    def _foreign_entries(self, staged: set[str]) -> tuple[list[str], list[str]]:
        """What the output holds that is not a file of this build nor of the last (to move into
        the new tree), and what this build replaces that no build listed (a file put by hand
        where the site now has one, a file where it has a folder).

        Each folder of the site's files is listed (`os.scandir`: names and types, no `stat`) and
        compared with what builds put there: at 10,000 articles, 15,000 folders in about 0.1 s,
        the price of keeping files put into the output by hand wherever they are. A folder of
        the site replaced by a link is an OutputProblem: nothing is written or kept through it."""
        expected = _names_by_folder(self.owned | self.outputs)
        target = str(self.target)
        foreign: list[str] = []
        replaced: list[str] = []
        owned = self.owned
        pending = [""]
        while pending:
            folder = pending.pop()
            known = expected[folder]
            try:
                entries = list(os.scandir(os.path.join(target, folder) if folder else target))
            except OSError:
                continue
            for entry in entries:
                name = entry.name
                rel = f"{folder}/{name}" if folder else name
                if name not in known:
                    foreign.append(rel)
                elif rel in expected:  # a folder of the site
                    if entry.is_dir(follow_symlinks=False):
                        pending.append(rel)
                    elif entry.is_symlink():
                        raise OutputProblem(
                            t("build.link_where_folder", path=self.target / rel, target=os.path.realpath(entry.path))
                        )
                    else:
                        replaced.append(rel)  # (a file where the site has a folder)
                elif not entry.is_file(follow_symlinks=False) or (rel in staged and rel not in owned):
                    replaced.append(rel)  # (a folder or link where the site has a file; a file no build listed)
        return sorted(foreign), sorted(replaced)

    def _commit_in_place(self, staged: list[str], stale: list[str]) -> None:
        """Without a shadow: stale files deleted, then staged files moved into the output one by
        one. The journal makes the next build trust nothing in the output if this is cut short."""
        self._write_json(self.journal, {"state": "in place", "staged": staged})
        _move_in(_Tree(self.target), self.staging, staged, stale)
        self._write_manifest(self._manifest_data(staged, stale))
        self.journal.unlink()

    def _replaced_by(self, staged: list[str]) -> list[str] | None:
        """What the staged files would replace that no build listed (a file put there by hand, a
        folder or link where the site has a file), looking at their own paths only; a folder of
        the site replaced by a link on their way is an OutputProblem. None when a file stands
        where one of them needs a folder: then the whole output is looked at (_foreign_entries)."""
        live = _Tree(self.target)
        replaced = []
        for rel in staged:
            folder = rel.rpartition("/")[0]
            try:
                there = live.folder(folder, make=False)
            except UnsafePath as exc:
                raise OutputProblem(
                    t("build.link_where_folder", path=str(exc), target=os.path.realpath(str(exc)))
                ) from None
            if not there:
                while folder and not os.path.lexists(os.path.join(self.target, folder)):
                    folder = folder.rpartition("/")[0]
                if folder and not live.folder(folder, make=False):
                    return None  # (a file in the way of a folder)
                continue  # (new folders: nothing there to replace)
            try:
                st = os.lstat(os.path.join(self.target, rel))
            except FileNotFoundError:
                continue
            if (st.st_mode & 0o170000) == 0o040000:
                return None  # (a folder where the site now has a file: what it holds must be carried)
            if not _is_file(st) or rel not in self.owned:
                replaced.append(rel)
        return sorted(replaced)

    def _commit_file_by_file(self, staged: list[str], stale: list[str], adopted: Sequence[str] = ()) -> None:
        """A few files changed: each staged file replaces its old one in one step (`rename`), the
        stale ones are deleted. With no shadow (the first change after a first build), making one
        would cost a link for every file of the site (2.4 s at 10,000 articles, for a title edit
        that changes 12 files); with one, bringing it up to date costs what the last commits
        changed (~6 s after a new article at 10,000); this costs what changed. A shadow there is
        kept, and the manifest lists what it lacks: what the commits since it was made changed,
        these files too, and the files adopted (found in the output as this build would write them,
        which the shadow lacks: `_manifest_data`, behind). For the moment the moves take, a reader may
        get one page new and another old. The journal names the staging folder: a build killed
        here is finished by the next one (which forgets the shadow)."""
        data = self._manifest_data(staged, stale, adopted=adopted, behind=self._shadow_ready())
        self._write_json(
            self.journal,
            {"state": "file by file", "staging": self.staging.name, "staged": staged, "stale": stale, "manifest": data},
        )
        _move_in(_Tree(self.target), self.staging, staged, stale)
        self._write_manifest(data)
        self.journal.unlink()

    def _finish_file_by_file(self, journal: dict) -> bool:
        """Finish a commit file by file that was cut short, from the staging folder the journal
        names; False when that cannot be done (then nothing in the output is trusted)."""
        name, data = journal.get("staging"), journal.get("manifest")
        if not (
            isinstance(name, str)
            and re.fullmatch(rf"\.{re.escape(self.target.name)}\.staging-\d+", name)
            and isinstance(data, dict)
            and data.get("output") == str(self.target)
            and isinstance(data.get("files"), list)
        ):
            return False
        staging = self.parent / name
        if staging.is_symlink() or not staging.is_dir():
            return False
        if self.target.is_symlink() or not self.target.is_dir():
            return False  # (the output deleted meanwhile: the next build is a first one)
        owned = set((self._read_manifest() or {}).get("files", ()))
        staged = [rel for rel in journal.get("staged") or () if isinstance(rel, str) and _safe_to_delete(rel)]
        stale = [rel for rel in journal.get("stale") or () if isinstance(rel, str) and rel in owned]
        found = _Tree(staging)
        try:
            _move_in(_Tree(self.target), staging, [rel for rel in staged if found.file_stat(rel)], stale)
        except (OSError, UnsafePath):
            return False  # (then nothing in the output is trusted)
        data = {**data, "files": _plain_names(data["files"]), "shadow": None}
        self._write_manifest(data)
        return True

    # --- the manifest and the journal --------------------------------------------------------------

    def _manifest_data(
        self,
        staged: list[str],
        stale: list[str],
        adopted: Sequence[str] = (),
        behind: bool = False,
    ) -> dict:
        """The manifest after a commit of `staged` and `stale`. `behind`: the shadow is kept as it
        was (nothing swapped), so it lacks what it lacked, these files and the files adopted."""
        data = {
            "version": MANIFEST_VERSION,
            "output": str(self.target),
            "files": sorted(self.outputs),
            "written": staged,
            "removed": stale,
            "shadow": None,
        }
        if behind:
            # Files moved in without the shadow (or none: only files adopted): it is behind by what
            # it was, by these and by the files adopted (a CNAME put there by hand that the site
            # now publishes: listed from now on, so no later build adopts it again, and the shadow
            # has never had it). (A file in both lists is deleted from the shadow, then linked anew
            # if the output still has it: `_shadow_in_step`.)
            data.update(
                written=sorted({*self._last.get("written", []), *staged, *adopted}),
                removed=sorted({*self._last.get("removed", []), *stale}),
                shadow=self._last.get("shadow"),
            )
        return data

    def _read_manifest(self) -> dict | None:
        data = self._read_json(self.manifest)
        if (
            not isinstance(data, dict)
            or data.get("output") != str(self.target)
            or not isinstance(data.get("files"), list)
        ):
            return None
        # (Builds write no hidden file: a list that names one, or a path out of the folder, was
        # not written by a build, and those entries are not taken as the builds' own.)
        files = _plain_names(data["files"])
        if data.get("version") != MANIFEST_VERSION:
            return {"files": files, "written": [], "removed": [], "shadow": None}  # (an older form)
        return {
            "files": files,
            "shadow": data.get("shadow"),
            "untrusted": bool(data.get("untrusted")),
            "written": _plain_names(data.get("written") or []),
            "removed": _plain_names(data.get("removed") or []),
        }

    def _write_manifest(self, data: dict) -> None:
        self._write_json(self.manifest, data)

    @staticmethod
    def _read_json(path: Path):
        """A JSON file of ours beside the output; never through a link (O_NOFOLLOW)."""
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0))
        except OSError:
            return None
        try:
            if not _is_file(os.fstat(fd)):
                return None
            with os.fdopen(fd, "rb", closefd=False) as file:
                return json.loads(file.read().decode("utf-8"))
        except (OSError, ValueError):
            return None
        finally:
            os.close(fd)

    def _write_json(self, path: Path, data) -> None:
        temporary = path.with_name(path.name + f".{os.getpid()}")
        temporary.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        os.replace(temporary, path)

    def _recover(self, journal: dict) -> None:
        """A commit was cut short (the build was killed): finish it or undo it. Nothing is moved
        unless the folders are the ones the journal names (by device and inode: a journal or a
        shadow planted beside the output, or a link, never matches)."""
        state = journal.get("state")
        self.recovered = True  # (what the build's cache recorded is one build behind the output)
        name = self.target.name
        asides = [p for p in self.parent.iterdir() if re.fullmatch(rf"\.{re.escape(name)}\.old-\d+", p.name)]
        aside = asides[0] if len(asides) == 1 else None  # (a swap by three renames was under way)
        if state == "swapping":
            data = journal.get("manifest")
            shadow_id, target_id = journal.get("shadow"), journal.get("target")
            known = shadow_id is not None and target_id is not None
            swapped = known and _identity(self.target) == shadow_id
            if (
                known
                and not self.target.exists()
                and not self.target.is_symlink()
                and aside is not None
                and _identity(self.shadow) == shadow_id
                and _identity(aside) == target_id
            ):
                os.rename(self.shadow, self.target)  # cut between the first two renames: finish
                swapped = True
            if swapped:
                if aside is not None and _identity(aside) == target_id and not self.shadow.exists():
                    os.rename(aside, self.shadow)
                if isinstance(data, dict) and data.get("output") == str(self.target):
                    data["shadow"] = _identity(self.shadow) if _identity(self.shadow) == target_id else None
                    self._write_manifest(data)
                else:
                    self._forget_shadow()
            else:
                if (
                    known
                    and aside is not None
                    and _identity(aside) == target_id
                    and not self.target.exists()
                    and not self.target.is_symlink()
                ):
                    os.rename(aside, self.target)  # cut after the first rename: undo it
                if known and _identity(self.shadow) == shadow_id and _identity(self.target) == target_id:
                    live, tree = _Tree(self.target), _Tree(self.shadow)
                    for rel in journal.get("foreign") or ():  # put back what had been moved out
                        if isinstance(rel, str) and _is_relative(rel):
                            _carry(tree, live, rel)
                self._forget_shadow()
        elif state == "file by file" and self._finish_file_by_file(journal):
            pass  # (every file of that build moved in, as it would have been: trusted again)
        elif state in ("in place", "file by file"):
            # The output is a mix of two builds: its files are compared, not trusted, next time;
            # the files that build moved in are ours (listed) so that they can be deleted.
            last = self._read_manifest() or {"files": []}
            staged = [f for f in journal.get("staged") or () if isinstance(f, str) and _safe_to_delete(f)]
            self._write_manifest(
                {
                    "version": MANIFEST_VERSION,
                    "output": str(self.target),
                    "files": sorted(set(last["files"]) | set(staged)),
                    "written": [],
                    "removed": [],
                    "shadow": None,
                    "untrusted": True,
                }
            )
        else:  # "preparing", or unreadable: only the shadow was being changed
            self._forget_shadow()
        self.journal.unlink(missing_ok=True)

    def _forget_shadow(self) -> None:
        last = self._read_json(self.manifest)
        if isinstance(last, dict) and last.get("shadow"):
            last["shadow"] = None
            self._write_manifest(last)


class _CannotSwap(Exception):
    """No shadow can be made here: commit in place."""


# --- file helpers ------------------------------------------------------------------------------------


def _is_file(st: os.stat_result) -> bool:
    return (st.st_mode & 0o170000) == 0o100000


def _stamps_of(task: tuple[str, list[str]]) -> tuple[bytes, bytes]:
    """(sizes, mtimes) of files as packed arrays, in the order given (StagedOutput.look_ahead, in
    a forked process); -1 as size for what is not a regular file, is missing or is not a safe path."""
    prefix, rels = task
    sizes, mtimes = array("q"), array("q")
    lstat = os.lstat
    for rel in rels:
        try:
            StagedOutput._check(rel)
            st = lstat(prefix + rel)
        except (OSError, UnsafePath):
            sizes.append(-1)
            mtimes.append(0)
            continue
        sizes.append(st.st_size if _is_file(st) else -1)
        mtimes.append(st.st_mtime_ns)
    return sizes.tobytes(), mtimes.tobytes()


def _is_relative(rel: str) -> bool:
    try:
        StagedOutput._check(rel)
    except UnsafePath:
        return False
    return True


_UNLISTABLE = re.compile(r"\A[/\\]|(?:\A|/)\.|//|\\|\x00|\A\Z")


def _names_by_folder(files) -> dict[str, set[str]]:
    """{folder: the names in it} for the files and every folder above them ("" is the top)."""
    expected: dict[str, set[str]] = {}
    for rel in files:
        folder, _, name = rel.rpartition("/")
        while True:
            names = expected.get(folder)
            if names is not None:
                names.add(name)
                break
            expected[folder] = {name}
            if not folder:
                break
            folder, _, name = folder.rpartition("/")
    return expected


def _plain_names(names) -> list[str]:
    """The names of a list that are plain relative paths of visible files (see _safe_to_delete):
    one search over all of them, and name by name only when one is not."""
    if not isinstance(names, list):
        return []
    names = [f for f in names if isinstance(f, str)]
    joined = "\n".join(names)
    # Substring tests (memchr in C), not the regex over a megabyte: a tenth of the time.
    odd = (
        joined.count("\n") != max(0, len(names) - 1)
        or joined.startswith((".", "/", "\\", "\n"))
        or joined.endswith("\n")
        or (names and not joined)
        or any(mark in joined for mark in ("\n.", "/.", "\n/", "//", "\\", "\x00", "\n\n"))
    )
    if odd:
        names = [f for f in names if "\n" not in f and _safe_to_delete(f)]
    return names


def _safe_to_delete(rel: str) -> bool:
    """A listed file may be deleted unless it is not a plain relative path (`..`, `/etc/…`) or a
    part of its path is hidden (`.git/...`): a manifest that names one was not written by a build
    (builds write no hidden file). One regex: a manifest lists every file of the site."""
    return _UNLISTABLE.search(rel) is None


def _identity(path: Path) -> list[int] | None:
    try:
        st = os.lstat(path)
    except OSError:
        return None
    return [st.st_dev, st.st_ino]


class _Tree:
    """A folder tree of the output (the output itself or its shadow), changed without ever going
    through a link: each folder on the way to a file is looked at (`lstat`) before anything is
    made, moved or deleted under it. In a tree of ours (the shadow), a file in the way of a folder
    the site needs is removed; a link on the way is an UnsafePath."""

    def __init__(self, root: Path):
        self.root = root
        self._real: set[str] = {""}  # folders seen to be real folders of this tree

    def folder(self, rel_folder: str, make: bool) -> bool:
        """Whether `rel_folder` is a real folder of the tree (made, when `make`, with its parents)."""
        if rel_folder in self._real:
            return True
        parent = rel_folder.rpartition("/")[0]
        if not self.folder(parent, make):
            return False
        path = os.path.join(self.root, rel_folder)
        try:
            st = os.lstat(path)
        except FileNotFoundError:
            if not make:
                return False
            os.mkdir(path)
            self._real.add(rel_folder)
            return True
        if (st.st_mode & 0o170000) == 0o040000:
            self._real.add(rel_folder)
            return True
        if (st.st_mode & 0o170000) == 0o120000:
            raise UnsafePath(path)  # (a link where the site has a folder)
        if not make:
            return False
        os.unlink(path)  # (a file of this tree where the site now has a folder: the site's wins)
        os.mkdir(path)
        self._real.add(rel_folder)
        return True

    def place(self, rel: str, source: Path) -> None:
        """Move `source` (a file) to `rel`, replacing what is there (a folder of a past build too)."""
        self.folder(rel.rpartition("/")[0], make=True)
        dest = os.path.join(self.root, rel)
        if os.path.isdir(dest) and not os.path.islink(dest):
            shutil.rmtree(dest)
        os.replace(source, dest)

    def delete(self, rel: str) -> None:
        """Delete one listed file and the folders it leaves empty; nothing if a folder on the way
        is not a real folder of the tree (a link, a file: then the file is not there)."""
        folder = rel.rpartition("/")[0]
        try:
            if not self.folder(folder, make=False):
                return
        except UnsafePath:
            return
        path = os.path.join(self.root, rel)
        try:
            if os.path.isdir(path) and not os.path.islink(path):
                return  # (listed as a file, now a folder: not ours to delete)
            os.unlink(path)
        except (FileNotFoundError, NotADirectoryError):
            return
        while folder:
            try:
                os.rmdir(os.path.join(self.root, folder))  # only when left empty
            except OSError:
                break
            self._real.discard(folder)
            folder = folder.rpartition("/")[0]

    def file_stat(self, rel: str) -> os.stat_result | None:
        """The `lstat` of a regular file at `rel` reached through real folders only, else None."""
        try:
            if not self.folder(rel.rpartition("/")[0], make=False):
                return None
            st = os.lstat(os.path.join(self.root, rel))
        except (OSError, UnsafePath):
            return None
        return st if _is_file(st) else None

    def link_from(self, other: _Tree, rel: str, fresh: bool = False) -> None:
        """`rel` made the other tree's file (a hard link), unless it already is."""
        st = other.file_stat(rel)
        if st is None:
            return
        dest = os.path.join(self.root, rel)
        if not fresh:
            try:
                if os.lstat(dest).st_ino == st.st_ino and self.folder(rel.rpartition("/")[0], make=False):
                    return
            except OSError:
                pass
        self.folder(rel.rpartition("/")[0], make=True)
        if os.path.isdir(dest) and not os.path.islink(dest):
            shutil.rmtree(dest)
        temporary = Path(dest).with_name(f".{Path(dest).name}.{os.getpid()}.tmp")
        _link_or_copy(Path(other.root, rel), temporary)
        os.replace(temporary, dest)


def _move_in(tree: _Tree, staging: Path, staged: list[str], stale: list[str]) -> None:
    """Stale files deleted, then staged files moved in one by one (deletions first: a folder of
    the last build may have become a file of this one)."""
    for rel in stale:
        tree.delete(rel)
    for rel in staged:
        tree.place(rel, staging / rel)


def _carry(source: _Tree, dest: _Tree, rel: str) -> None:
    """Move an entry the build did not write from one tree to the same place in the other (the
    entry itself: a link is moved as a link, a folder as a whole)."""
    folder = rel.rpartition("/")[0]
    if not source.folder(folder, make=False):
        return
    from_path = os.path.join(source.root, rel)
    if not os.path.lexists(from_path):
        return
    dest.folder(folder, make=True)  # (raises UnsafePath, before anything is removed, on a link)
    to_path = os.path.join(dest.root, rel)
    if os.path.lexists(to_path):
        both_folders = (
            os.path.isdir(to_path)
            and not os.path.islink(to_path)
            and os.path.isdir(from_path)
            and not os.path.islink(from_path)
        )
        if both_folders:
            for child in sorted(os.listdir(from_path)):
                _carry(source, dest, f"{rel}/{child}")
            return
        _remove(Path(to_path))  # an older copy of the same entry (left by an interrupted commit)
    os.rename(from_path, to_path)


def _is_mount_point(path: Path) -> bool:
    try:
        return os.path.ismount(path) or os.lstat(path).st_dev != os.lstat(path.parent).st_dev
    except OSError:
        return False


_LINKS_WORK = True


def _link_or_copy(source: Path, dest: Path) -> None:
    global _LINKS_WORK
    if _LINKS_WORK:
        try:
            os.link(source, dest, follow_symlinks=False)
            return
        except OSError as exc:
            if exc.errno not in (1, 18, 38, 95, 31):  # EPERM, EXDEV, ENOSYS, EOPNOTSUPP, EMLINK
                raise
            _LINKS_WORK = False  # (a file system without hard links: copies from now on)
    shutil.copy2(source, dest, follow_symlinks=False)


def _remove(path: Path, trash: Path | None = None) -> None:
    """Delete a file, a link or a folder of our own (links inside it are deleted, not followed).
    With `trash` (a free name beside it), a folder is renamed there at once and deleted by a
    detached `rm -rf` on POSIX, without making the build wait; what is left, the next build
    deletes (write.py's `_open`)."""
    try:
        if path.is_dir() and not path.is_symlink():
            if trash is not None and os.name == "posix" and shutil.which("rm"):
                import subprocess

                os.rename(path, trash)
                subprocess.Popen(
                    ["rm", "-rf", "--", str(trash)],
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    start_new_session=True,
                )
            else:
                shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    except OSError:
        pass
