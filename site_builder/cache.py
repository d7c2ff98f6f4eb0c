"""The build cache: parsed and rendered articles, and what each output page was made from.

Kept in `<site>/.site-builder-cache/cache.sqlite` (ignored by git). Entries are JSON, never
pickle, so a cache committed by mistake or planted in a repository cannot run code. Each entry is
keyed by a hash of the file's bytes, the Markdown settings and the package version, and carries a
checksum: a corrupt or stale cache is detected and ignored, never trusted.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import sqlite3
import zlib
from pathlib import Path

from .state import Handover, OutputRecord, Shown, many_from_json

FORMAT = 11  # bump when the shape of entries changes (or what a body renders to: 10, the fast path made equal; 11, typed records)
_HEX = re.compile("[0-9a-f]{64}")


def encode(value):
    """YAML values as JSON that keeps dates, datetimes and non-string mapping keys."""
    if isinstance(value, dt.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    if isinstance(value, dict):
        return {"$map": [[encode(k), encode(v)] for k, v in value.items()]}
    if isinstance(value, (list, tuple)):
        return [encode(v) for v in value]
    return value


def decode(value):
    if isinstance(value, dict):
        if "$datetime" in value:
            return dt.datetime.fromisoformat(value["$datetime"])
        if "$date" in value:
            return dt.date.fromisoformat(value["$date"])
        if "$map" in value:
            return {decode(k): decode(v) for k, v in value["$map"]}
    if isinstance(value, list):
        return [decode(v) for v in value]
    return value


def checksum(value: str | bytes) -> str:
    """What every stored value carries, so that a damaged one is noticed (of its UTF-8 bytes)."""
    return hashlib.sha256(value.encode() if isinstance(value, str) else value).hexdigest()[:16]


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def serialize(entry) -> tuple[str, str]:
    """(checksum, JSON) of a value, as the cache stores it."""
    value = _json(entry)
    return checksum(value), value


def pack_entry(entry: dict) -> tuple[str, str, bytes]:
    """(checksum, JSON, body) of a parsed entry, as the entries table stores it: the rendered
    body (`html_utf8`, most of an entry's size) as bytes beside the JSON, not inside it as text."""
    value = _json({k: v for k, v in entry.items() if k != "html_utf8"})
    body = entry.get("html_utf8") or b""
    return _entry_checksum(value, body), value, body


def _entry_checksum(value: str | bytes, body: bytes) -> str:
    return checksum((value.encode() if isinstance(value, str) else value) + b"\0" + body)


# A large mapping (the fingerprints of all pages, the stamps of all files) is stored in this many
# parts, and a build writes again only the parts it changed. A title edit at 10,000 articles changes
# ~30 of 31,000 output records: with 32 parts that rewrote (serialized, checksummed) most of them,
# with 256 about a tenth (callgrind, that edit in one process: 12.42 -> 11.94 billion instructions).
# A cache of fewer parts is read whole (their names are among these); of more, its parts past
# PARTS are not read (their keys are work done again) and are deleted when the mapping is saved.
PARTS = 256

# Every table; created when missing (a new cache, or one thrown away).
_SCHEMA = (
    "meta (key TEXT PRIMARY KEY, value TEXT)",
    "entries (key TEXT PRIMARY KEY, sum TEXT, value TEXT, body BLOB)",
    "documents (name TEXT PRIMARY KEY, sum TEXT, value TEXT)",
    "records (key TEXT PRIMARY KEY, context TEXT, sum TEXT, value TEXT)",
)


class BuildCache:
    """A key-value store of JSON entries plus the previous build's page fingerprints."""

    def __init__(self, site_dir: Path, salt: str, enabled: bool = True, read_only: bool = False):
        self.folder = site_dir.absolute() / ".site-builder-cache"  # (as a file: URI for workers)
        self.salt = salt
        self.enabled = enabled
        self.read_only = read_only  # `check` reads the cache but writes nothing, not even it
        self.db: sqlite3.Connection | None = None
        self.used: set[str] = set()
        self._pid = os.getpid()  # a forked worker must open its own connection (see `body`)
        self._reader: sqlite3.Connection | None = None
        self._reader_pid = 0
        self._documents_read: dict[str, dict] = {}
        self._parts_in_order: set[str] = set()  # mappings read with no part of another PARTS (see get_mapping)
        if enabled and read_only:
            self._open_read_only()
        elif enabled:
            self._open()

    def _open_read_only(self) -> None:
        path = self.folder / "cache.sqlite"
        if not path.is_file():
            return
        try:
            self.db = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
            row = self.db.execute("SELECT value FROM meta WHERE key='format'").fetchone()
            if row is None or row[0] != f"{FORMAT}:{self.salt}":
                self.db.close()
                self.db = None
        except sqlite3.Error:
            self.db = None

    def _open(self) -> None:
        try:
            self.folder.mkdir(exist_ok=True)
            ignore = self.folder / ".gitignore"
            if not ignore.exists():
                ignore.write_text("*\n")  # keep the cache out of git even where the site forgot to
            self.db = sqlite3.connect(self.folder / "cache.sqlite")
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=OFF")
            for table in _SCHEMA:
                self.db.execute(f"CREATE TABLE IF NOT EXISTS {table}")
            row = self.db.execute("SELECT value FROM meta WHERE key='format'").fetchone()
            if row is None or row[0] != f"{FORMAT}:{self.salt}":
                self._reset()
        except (sqlite3.DatabaseError, OSError):
            self._discard()

    def _reset(self) -> None:
        assert self.db is not None
        for table in _SCHEMA:  # made again: an older format's tables may have other columns
            self.db.execute(f"DROP TABLE IF EXISTS {table.split()[0]}")
            self.db.execute(f"CREATE TABLE {table}")
        self.db.execute("INSERT OR REPLACE INTO meta VALUES ('format', ?)", (f"{FORMAT}:{self.salt}",))
        self.db.commit()

    def _discard(self) -> None:
        """A cache that cannot be read is thrown away and rebuilt from scratch."""
        if self.read_only:
            self.db = None  # only ignored: `check` writes nothing
            return
        if self.db is not None:
            try:
                self.db.close()
            except sqlite3.Error:
                pass
        self.db = None
        self._documents_read.clear()  # the new database holds none of them: all are written
        self._parts_in_order.clear()
        for name in ("cache.sqlite", "cache.sqlite-wal", "cache.sqlite-shm"):
            try:
                (self.folder / name).unlink()
            except OSError:
                pass
        try:
            self.db = sqlite3.connect(self.folder / "cache.sqlite")
            for table in _SCHEMA:
                self.db.execute(f"CREATE TABLE {table}")
            self._reset()
        except (sqlite3.Error, OSError):
            self.db = None  # no cache at all: the build still works, only slower

    def key(self, data: bytes) -> str:
        return hashlib.sha256(self.salt.encode() + b"\0" + data).hexdigest()

    def get_many(self, keys: list[str]) -> dict[str, dict]:
        """Entries found and intact; anything missing or failing its checksum is simply absent."""
        return self._get("entries", keys)

    def put_many(self, entries: dict[str, dict | tuple[str, str, bytes]]) -> None:
        """Store entries, given as values or as `pack_entry(value)` (which a worker can do)."""
        if self.db is None or self.read_only or not entries:
            return

        def rows():  # one at a time: packed entries of a large site are never all in memory
            for key, entry in entries.items():
                yield (key, *(entry if isinstance(entry, tuple) else pack_entry(entry)))

        try:
            self.db.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?, ?, ?)", rows())
            self.db.commit()
        except sqlite3.DatabaseError:
            self._discard()

    def holds_entries(self) -> bool:
        """Whether any parsed entry is stored (a first build need not look each file up)."""
        try:
            return self.db is not None and self.db.execute("SELECT 1 FROM entries LIMIT 1").fetchone() is not None
        except sqlite3.DatabaseError:
            self._discard()
            return False

    def get_records(self, keys: list[str], context: str) -> dict[str, dict]:
        """Validated-article records made under the same `context` (see content.records); a record
        that fails its checksum or was made under other site facts is absent."""
        return self._get("records", keys, context)

    def _get(self, table: str, keys: list[str], context: str | None = None) -> dict[str, dict]:
        self.used.update(keys)
        try:
            db = self._connection()
        except sqlite3.Error:
            return {}
        if db is None or not keys:
            return {}
        where = "context = ? AND " if context is not None else ""
        with_body = table == "entries"
        # Values as UTF-8 bytes (CAST): joined and parsed as one document without being decoded
        # into thousands of strings first, which costs more than the parse at 10,000 records.
        columns = "key, sum, CAST(value AS BLOB), body" if with_body else "key, sum, CAST(value AS BLOB), NULL"
        intact: list[bytes] = []
        bodies: dict[str, bytes] = {}
        try:
            for start in range(0, len(keys), 900):  # SQLite's limit on bound parameters
                chunk = keys[start : start + 900]
                marks = ",".join("?" * len(chunk))
                for key, stored, value, body in db.execute(
                    f"SELECT {columns} FROM {table} WHERE {where}key IN ({marks})",
                    [context, *chunk] if context is not None else chunk,
                ):
                    if not isinstance(key, str) or not _HEX.fullmatch(key) or not isinstance(value, bytes):
                        continue
                    if with_body:
                        if not isinstance(body, bytes) or _entry_checksum(value, body) != stored:
                            continue
                        bodies[key] = body
                    elif checksum(value) != stored:
                        continue
                    intact.append(b'"%s":%s' % (key.encode(), value))
        except sqlite3.DatabaseError:
            self._failed()
            return {}
        try:  # one document: parsing thousands of small ones costs three times as much
            found = json.loads(b"{" + b",".join(intact) + b"}")
        except ValueError:  # (UnicodeDecodeError too)
            found = {}
            for item in intact:  # only a value that is not JSON is lost, not the others
                try:
                    found.update(json.loads(b"{" + item + b"}"))
                except ValueError:
                    pass
        if with_body:  # (a key the parsed document has but no intact row had is not kept)
            found = {key: entry for key, entry in found.items() if key in bodies}
            for key, entry in found.items():
                if isinstance(entry, dict) and "error" not in entry:
                    entry["html_utf8"] = bodies[key]
        return found

    def put_records(self, records: dict[str, dict | tuple[str, str]], context: str) -> None:
        """Store records, given as values or as `serialize(value)` (which a worker can do)."""
        if self.db is None or self.read_only or not records:
            return
        rows = [
            (key, context, *(record if isinstance(record, tuple) else serialize(record)))
            for key, record in records.items()
        ]
        try:
            self.db.executemany("INSERT OR REPLACE INTO records VALUES (?, ?, ?, ?)", rows)
            self.db.commit()
        except sqlite3.DatabaseError:
            self._discard()

    def body(self, key: str) -> bytes | None:
        """The rendered body (UTF-8) of a parsed entry, or None (then the caller parses the file)."""
        try:
            db = self._connection()
            row = db.execute("SELECT sum, value, body FROM entries WHERE key = ?", (key,)).fetchone() if db else None
        except sqlite3.Error:
            return None
        if row is None or not isinstance(row[1], str) or not isinstance(row[2], bytes):
            return None
        if row[1].startswith('{"error"'):
            return None  # an entry that records an error has no body (its empty one is not one)
        return row[2] if _entry_checksum(row[1], row[2]) == row[0] else None

    def _connection(self) -> sqlite3.Connection | None:
        """This process's connection. Workers forked while reading or rendering read the cache
        too: a process other than the one that opened it uses its own read-only connection, never
        the parent's (a connection must not cross a fork), and never repairs or writes anything."""
        if self.db is None:
            return None
        if os.getpid() == self._pid:
            return self.db
        if self._reader is None or self._reader_pid != os.getpid():
            self._reader = None
            try:
                uri = f"{(self.folder / 'cache.sqlite').as_uri()}?mode=ro"
            except ValueError:
                return None
            self._reader = sqlite3.connect(uri, uri=True)
            self._reader_pid = os.getpid()
        return self._reader

    def _failed(self) -> None:
        """A read failed: the build's own process throws the damaged cache away; a worker only reads."""
        if os.getpid() == self._pid:
            self._discard()

    def get_document(self, name: str) -> dict:
        """A checksummed JSON document (read whole on every build: one parse, not one per row)."""
        if self.db is None:
            return {}
        try:
            row = self.db.execute("SELECT sum, value FROM documents WHERE name = ?", (name,)).fetchone()
        except sqlite3.DatabaseError:
            self._discard()
            return {}
        return self._read_document(name, row[0], row[1]) if row else {}

    def _read_document(self, name: str, stored: str, value: str, record=None) -> dict:
        if not isinstance(value, str) or checksum(value) != stored:
            return {}
        try:
            found = json.loads(value)
        except ValueError:
            return {}
        if not isinstance(found, dict):
            return {}
        if record is not None:
            found = many_from_json(record, found)  # typed values (state.py); others read as missing
        self._documents_read[name] = found
        return found

    def get_mapping(self, name: str, record=None) -> dict:
        """A large {key: value} document, kept in PARTS checksummed parts (see `_mapping_rows`).
        A part that fails its checksum is left out: only its keys are missing. `record`: the
        type of its values (state.py), read with its `from_json`."""
        if self.db is None:
            return {}
        try:
            rows = self.db.execute(
                "SELECT name, sum, value FROM documents WHERE name >= ? AND name < ?", (f"{name}#", f"{name}$")
            ).fetchall()  # ("#" and "$" are neighbours)
        except sqlite3.DatabaseError:
            self._discard()
            return {}
        found: dict = {}
        names = {f"{name}#{i}" for i in range(PARTS)}  # (not a part of some other PARTS)
        for part, stored, value in rows:
            if part in names:
                found.update(self._read_document(part, stored, value, record))
        if all(part in names for part, _, _ in rows):
            self._parts_in_order.add(name)
        return found

    def _mapping_rows(self, name: str, mapping: dict) -> list[tuple[str, str, str]]:
        """The rows of the parts of `mapping` that differ from the ones read: a build that changes
        a few pages' fingerprints serializes and writes a few parts, not all 15,000 values."""
        parts: list[dict] = [{} for _ in range(PARTS)]
        for key, value in mapping.items():
            parts[zlib.crc32(key.encode()) % PARTS][key] = value  # (stable across processes, unlike hash())
        return [
            self._document_row(f"{name}#{i}", part)
            for i, part in enumerate(parts)
            if not self._unchanged(f"{name}#{i}", part)
        ]

    def _drop_other_parts(self, name: str) -> None:
        """Delete the parts of `name` past PARTS (a cache written with more parts): left there,
        they would be read again, stale, by a build with that many parts, over the fresh ones.
        Skipped when this build read the mapping and found none (nearly every build)."""
        if name in self._parts_in_order:
            return
        assert self.db is not None
        names = [f"{name}#{i}" for i in range(PARTS)]
        self.db.execute(
            f"DELETE FROM documents WHERE name >= ? AND name < ? AND name NOT IN ({','.join('?' * len(names))})",
            (f"{name}#", f"{name}$", *names),
        )
        self._parts_in_order.add(name)

    def _unchanged(self, name: str, document: dict) -> bool:
        """Whether a document is the one read at the start of this build (not written again)."""
        return self._documents_read.get(name) == document

    def _document_row(self, name: str, document: dict) -> tuple[str, str, str]:
        return (name, *serialize(document))

    def put_document(self, name: str, document: dict, mapping: dict | None = None) -> None:
        """Store a document, and (`mapping`) a large mapping that belongs with it, read back with
        get_mapping(name): in one transaction, so that the two describe the same build (builds of
        one site run one at a time: two at once would also share the output folder)."""
        if self.db is None or self.read_only:
            return
        rows = [] if self._unchanged(name, document) else [self._document_row(name, document)]
        rows += self._mapping_rows(name, mapping) if mapping is not None else []
        if not rows and (mapping is None or name in self._parts_in_order):
            return
        try:
            self.db.executemany("INSERT OR REPLACE INTO documents VALUES (?, ?, ?)", rows)
            if mapping is not None:
                self._drop_other_parts(name)
            self.db.commit()
        except sqlite3.DatabaseError:
            self._discard()

    def output_records(self) -> dict[str, OutputRecord]:
        """What the previous build's output files were made from: {path: record}."""
        return self.get_mapping("fingerprints", OutputRecord)

    def shown(self) -> Shown:
        """The articles as the previous build showed them."""
        return Shown.from_json(self.get_document("articles")) or Shown()

    def save_build(self, records: dict[str, OutputRecord], handover: Handover) -> None:
        """Record what this build's output files were made from, with what it hands the next
        build, in one transaction; drop unused entries."""
        if self.db is None or self.read_only:
            return
        meta = handover.meta()
        documents = {"articles": handover.shown.to_json()}
        fingerprints = records
        try:
            self.db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", sorted(meta.items()))
            self.db.executemany(
                "INSERT OR REPLACE INTO documents VALUES (?, ?, ?)",
                [
                    *self._mapping_rows("fingerprints", fingerprints),
                    *(
                        self._document_row(name, doc)
                        for name, doc in (documents or {}).items()
                        if not self._unchanged(name, doc)
                    ),
                ],
            )
            self._drop_other_parts("fingerprints")
            if self._worth_pruning():
                self.db.execute("CREATE TEMP TABLE IF NOT EXISTS used (key TEXT PRIMARY KEY)")
                self.db.execute("DELETE FROM used")
                self.db.executemany("INSERT OR IGNORE INTO used VALUES (?)", [(k,) for k in self.used])
                self.db.execute("DELETE FROM entries WHERE key NOT IN (SELECT key FROM used)")
                self.db.execute("DELETE FROM records WHERE key NOT IN (SELECT key FROM used)")
            self.db.commit()
        except sqlite3.DatabaseError:
            self._discard()

    def _worth_pruning(self) -> bool:
        """Whether entries or records of files no longer used are more than a few: each edit
        leaves one of each behind, and dropping them costs as much as a small build's rendering,
        so they are let pile up to 5 % (and 50) before a build drops them all."""
        allowed = len(self.used) * 1.05 + 50
        assert self.db is not None
        return any(
            self.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] > allowed for table in ("entries", "records")
        )

    def get_meta(self, key: str) -> str | None:
        if self.db is None:
            return None
        try:
            row = self.db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        except sqlite3.DatabaseError:
            self._discard()
            return None
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        if self.db is None or self.read_only:
            return
        try:
            self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))
            self.db.commit()
        except sqlite3.DatabaseError:
            self._discard()

    def close(self) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None
