"""Command line: argument parsing, printing the report, exit codes (0 ok, 1 content errors, 2 usage)."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__, messages
from .messages import t

if TYPE_CHECKING:
    from .build import BuildResult


class _Formatter(argparse.HelpFormatter):
    """argparse's help, with its "usage: " in the messages' language."""

    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, t("help.usage") if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """argparse in the messages' language: its headings, its help option and its usage errors."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self._positionals.title = t("help.positionals")
        self._optionals.title = t("help.options")
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help=t("help.help"))

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(2, t("cli.error", message=_argparse_message(message)) + "\n")


# argparse's own messages (English, from its gettext catalogue) told in the messages' language.
_ARGPARSE = (
    (r"the following arguments are required: (?P<names>.*)", "argparse.required"),
    (r"unrecognized arguments: (?P<names>.*)", "argparse.unrecognized"),
    (
        r"argument (?P<name>\S+): invalid choice: (?P<value>.*?) \(choose from (?P<choices>.*)\)",
        "argparse.invalid_choice",
    ),
    (r"argument (?P<name>\S+): expected one argument", "argparse.expected_one"),
    (r"argument (?P<name>\S+): invalid int value: (?P<value>.*)", "argparse.invalid_int"),
)


def _argparse_message(message: str) -> str:
    for pattern, key in _ARGPARSE:
        found = re.fullmatch(pattern, message)
        if found is not None:
            return t(key, **found.groupdict())
    if ": " in message and message.startswith("argument "):  # (argument --port: <our own message>)
        return message.split(": ", 1)[1]
    return message


def _mv(key: str) -> str | None:
    """An option's placeholder in Vietnamese help (THƯ_MỤC); argparse's own (SOURCE) in English."""
    return t(key) if messages.current() == "vi" else None


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--source", type=Path, default=Path("."), metavar=_mv("help.mv.folder"), help=t("help.source"))
    parser.add_argument("--base-url", metavar=_mv("help.mv.url"), help=t("help.base_url"))
    parser.add_argument("--drafts", action="store_true", help=t("help.drafts"))
    parser.add_argument("--future", action="store_true", help=t("help.future"))
    parser.add_argument("--now", metavar=_mv("help.mv.moment"), help=t("help.now"))
    parser.add_argument("--quiet", "-q", action="store_true", help=t("help.quiet"))
    parser.add_argument("--strict", action="store_true", help=t("help.strict"))


def make_parser() -> argparse.ArgumentParser:
    """The command line, its help in the messages' language (see `_language_of`)."""
    parser = _Parser(prog="site-builder", description=t("help.description"))
    parser.add_argument("--version", action="version", version=f"site-builder {__version__}", help=t("help.version"))
    sub = parser.add_subparsers(dest="command", required=True, metavar=t("help.command"), parser_class=_Parser)
    b = sub.add_parser("build", help=t("help.build"), description=t("help.build"))
    _common(b)
    b.add_argument("--output", type=Path, metavar=_mv("help.mv.folder"), help=t("help.output"))
    b.add_argument("--jobs", "-j", type=int, metavar=_mv("help.mv.number"), help=t("help.jobs"))
    b.add_argument("--no-cache", action="store_true", help=t("help.no_cache"))
    b.add_argument("--no-search", action="store_true", help=t("help.no_search"))
    c = sub.add_parser("check", help=t("help.check"), description=t("help.check"))
    _common(c)
    s = sub.add_parser("serve", help=t("help.serve"), description=t("help.serve"))
    _common(s)
    s.add_argument("--output", type=Path, metavar=_mv("help.mv.folder"), help=t("help.serve_output"))
    s.add_argument("--host", default="127.0.0.1", metavar=_mv("help.mv.address"), help=t("help.host"))
    s.add_argument("--port", type=_port, default=8000, metavar=_mv("help.mv.number"), help=t("help.port"))
    n = sub.add_parser("new", help=t("help.new"), description=t("help.new"))
    n.add_argument("title", metavar=_mv("help.mv.title"), help=t("help.title"))
    n.add_argument("--source", type=Path, default=Path("."), metavar=_mv("help.mv.folder"), help=t("help.source"))
    n.add_argument("--cluster", metavar=_mv("help.mv.cluster"), help=t("help.cluster"))
    n.add_argument("--province", action="append", metavar=t("help.name"), help=t("help.province"))
    n.add_argument("--section", metavar=_mv("help.mv.section"), help=t("help.section"))
    n.add_argument("--tag", action="append", metavar=t("help.tag_metavar"), help=t("help.tag"))
    return parser


def _port(text: str) -> int:
    if not text.isdigit() or int(text) > 65535:
        raise argparse.ArgumentTypeError(t("cli.port", value=repr(text)))
    return int(text)


def _language_of(argv: list[str]) -> object:
    """The `language` of the site the command names (--source, else this folder), read from its
    content/_site.yaml without loading it, so that --help and usage errors are in the site's
    language before anything is parsed: None when it cannot tell (then Vietnamese)."""
    source = "."
    for i, arg in enumerate(argv):
        if arg == "--source" and i + 1 < len(argv):
            source = argv[i + 1]
        elif arg.startswith("--source="):
            source = arg.split("=", 1)[1]
    try:
        with open(os.path.join(source, "content", "_site.yaml"), "rb") as f:
            head = f.read(64 * 1024).decode("utf-8", "replace")
    except OSError:
        return None
    return messages.language_in(head)


def _holds_site_files(output: Path, source: Path) -> bool:
    """Whether building into `output` (resolved) would write into the site's own files: the site
    folder, a folder above it, content/, layouts/, static/ (links followed) or a hidden folder
    such as .git (but for the cache, where `serve` builds)."""
    if output == source or output in source.parents:
        return True
    for name in ("content", "layouts", "static"):
        own = (source / name).resolve()
        if output == own or own in output.parents:
            return True
    if source in output.parents:
        first = output.relative_to(source).parts[0]
        return first.startswith(".") and first != ".site-builder-cache"
    return False


def _usage_error(parser: argparse.ArgumentParser, message: str) -> int:
    parser.print_usage(sys.stderr)
    print(t("cli.error", message=message), file=sys.stderr)
    return 2


def run() -> None:
    """The `site-builder` command (and `python -m site_builder`): main(), then the process ends
    without tearing the interpreter down. After a build Python would free its articles, pages and
    caches one object at a time (40-60 ms, a twentieth of building 1,000 articles) for nothing:
    by then the output is committed, the cache closed and the worker pools gone; nor as the build's
    functions return (`exits`, see build.LEFT_FOR_EXIT). (`serve` ends the usual way.)"""
    argv = sys.argv[1:]
    code = main(argv, exits=True) or 0
    if argv[:1] != ["serve"]:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except (OSError, ValueError):  # a closed pipe: the usual exit would fail to flush it too
            code = code or 1
        os._exit(code)
    sys.exit(code)


def main(argv: list[str] | None = None, exits: bool = False) -> int:
    """The command line; `exits` when the process ends right after (run(): see build.LEFT_FOR_EXIT)."""
    argv = sys.argv[1:] if argv is None else argv
    messages.choose(_language_of(argv))  # (until a build reads the site's settings)
    parser = make_parser()
    args = parser.parse_args(argv)
    if args.command == "new":
        from .new import run_new

        return run_new(args)
    now = None
    if args.now:
        try:
            now = dt.datetime.fromisoformat(args.now)
        except ValueError:
            return _usage_error(parser, t("cli.bad_now", value=args.now))
    if args.base_url is not None:
        from .config import base_url_problem

        why = base_url_problem(args.base_url)
        if why is not None:
            return _usage_error(parser, t("cli.bad_base_url", url=repr(args.base_url), why=why))
    source = args.source.resolve()
    if not source.is_dir():
        return _usage_error(parser, t("cli.no_source", folder=args.source))
    cache_folder = source / ".site-builder-cache"
    if cache_folder.is_symlink():
        return _usage_error(parser, t("cli.cache_link", folder=cache_folder))
    output = getattr(args, "output", None)
    if output is None and args.command == "build":
        given = source / "public"
        if given.is_symlink() or (given.exists() and source not in given.resolve().parents):
            return _usage_error(parser, t("cli.public_link", given=given, target=given.resolve()))
    if output is not None:
        lexical = Path(os.path.abspath(output))
        if source in lexical.parents and source not in lexical.resolve().parents:
            return _usage_error(parser, t("cli.output_link", folder=args.output))
        output = output.resolve()
        if _holds_site_files(output, source):
            return _usage_error(parser, t("cli.output_mixes", folder=args.output))
        if output.exists() and not output.is_dir():
            return _usage_error(parser, t("cli.output_file", folder=args.output))
    ahead = None
    jobs = getattr(args, "jobs", None)
    if exits and args.command == "build" and not args.no_cache and (jobs or os.cpu_count() or 1) > 1:
        from .unchanged import StampsAhead

        ahead = StampsAhead(source)  # (begun before what a build needs is imported: see there)
    try:
        return _run(parser, args, source, output, now, exits, ahead)
    finally:
        if ahead is not None:
            ahead.close()


def _run(parser, args, source: Path, output: Path | None, now, exits: bool, ahead) -> int:
    from .build import BuildOptions, build

    options = BuildOptions(
        source=source,
        output=output,
        base_url=args.base_url,
        drafts=args.drafts,
        future=args.future,
        now=now,
        write=args.command == "build",
        strict=args.strict,
        jobs=getattr(args, "jobs", None),
        cache=not getattr(args, "no_cache", False),
        search=args.command in ("build", "serve") and not getattr(args, "no_search", False),
        exits=exits and args.command != "serve",
        stamps_ahead=ahead,
    )
    if options.jobs is not None and options.jobs < 1:
        return _usage_error(parser, t("cli.jobs"))
    if args.command == "serve":
        from .serve import serve  # imported here: tornado and livereload are not needed to build

        return serve(options, args.host, args.port, args.quiet)
    bar = ProgressBar() if args.command == "build" and not args.quiet and sys.stderr.isatty() else None
    options.progress = bar
    try:
        result = build(options)
    except KeyboardInterrupt:
        print(t("cli.interrupted"), file=sys.stderr)
        return 130
    finally:
        if bar is not None:
            bar.close()
    return _report(result, args.command, args.quiet)


_STAGES = {"reading": "progress.reading", "rendering": "progress.rendering", "writing": "progress.writing"}


class ProgressBar:
    """A one-line bar on an interactive terminal, shown only once a build takes more than a moment."""

    DELAY = 0.5

    def __init__(self):
        self.started = time.monotonic()
        self.shown = False

    def __call__(self, stage: str, done: int, total: int) -> None:
        if time.monotonic() - self.started < self.DELAY:
            return
        width = 30
        filled = int(width * done / total) if total else width
        label = t(_STAGES[stage]) if stage in _STAGES else stage
        sys.stderr.write(f"\r{label:<10} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}  ")
        sys.stderr.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            sys.stderr.write("\r" + " " * 70 + "\r")
            sys.stderr.flush()


def _report(result: BuildResult, command: str, quiet: bool) -> int:
    for problem in result.report.sorted():
        print(problem, file=sys.stderr)
    errors, warnings = len(result.report.errors), len(result.report.warnings)
    if errors:
        print(t("cli.failed", errors=errors, warnings=warnings), file=sys.stderr)
        return 1
    failure = result.failure()
    if failure is not None:
        print(t("cli.error", message=failure[1]), file=sys.stderr)
        return failure[0]
    if not quiet:
        for note in [*result.notes, *result.left_out()]:
            print(t("cli.note", message=note), file=sys.stderr)
    if result.replaced and not quiet:
        shown = messages.more(result.replaced[:3], len(result.replaced))
        print(t("cli.note", message=t("cli.replaced", shown=shown)), file=sys.stderr)
    if not quiet:
        if command == "build":
            print(
                t(
                    "cli.built",
                    articles=result.articles,
                    pages=result.pages,
                    feeds=result.feeds,
                    seconds=messages.decimal(result.seconds),
                    files=result.files,
                    kept=result.stats.get("kept", 0),
                    warnings=warnings,
                )
            )
        else:
            print(t("cli.checked", articles=result.articles, warnings=warnings))
    return 0
