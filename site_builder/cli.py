"""Command line: argument parsing, printing the report, exit codes (0 ok, 1 content errors, 2 usage)."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path

from . import __version__
from .build import BuildOptions, BuildResult, build


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--source", type=Path, default=Path("."), help="site folder (default: .)")
    parser.add_argument("--base-url", help="absolute base URL, overrides base_url in content/_site.yaml")
    parser.add_argument("--drafts", action="store_true", help="include articles marked draft: true")
    parser.add_argument("--future", action="store_true", help="include articles dated in the future")
    parser.add_argument("--now", help="the site's clock as ISO 8601 (for reproducible tests)")
    parser.add_argument("--quiet", "-q", action="store_true", help="print only problems")
    parser.add_argument("--strict", action="store_true", help="treat warnings (e.g. province lint) as errors")


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="site-builder", description="Build a news site from Markdown.")
    parser.add_argument("--version", action="version", version=f"site-builder {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    b = sub.add_parser("build", help="build the site into --output (default <source>/public)")
    _common(b)
    b.add_argument("--output", type=Path, help="output folder (default: <source>/public)")
    b.add_argument("--jobs", "-j", type=int, help="worker processes (default: the number of cores)")
    b.add_argument("--no-cache", action="store_true", help="ignore and do not update .site-builder-cache/")
    b.add_argument("--no-search", action="store_true", help="do not build the Pagefind search index")
    c = sub.add_parser("check", help="validate everything a build would read; write nothing")
    _common(c)
    s = sub.add_parser("serve", help="build, serve on 127.0.0.1:8000, rebuild and reload the browser on change")
    _common(s)
    s.add_argument(
        "--output",
        type=Path,
        help="output folder (default: <source>/.site-builder-cache/serve, so public/ keeps deploy links)",
    )
    s.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
    s.add_argument("--port", type=_port, default=8000, help="port to listen on (default: 8000; 0 picks a free one)")
    n = sub.add_parser("new", help="write a new article file with its front matter and print its path")
    n.add_argument("title", help='the article\'s title, e.g. "Tiêu đề"')
    n.add_argument("--source", type=Path, default=Path("."), help="site folder (default: .)")
    n.add_argument("--cluster", help="cluster id, e.g. cum-6 (must exist in content/clusters/)")
    n.add_argument("--province", action="append", metavar="NAME", help="a province (repeatable)")
    n.add_argument("--section", help='category, e.g. "Thi đua - Khen thưởng"')
    n.add_argument("--tag", action="append", metavar="TAG", help="a tag (repeatable)")
    return parser


def _port(text: str) -> int:
    if not text.isdigit() or int(text) > 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number (0-65535)")
    return int(text)


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
    print(f"site-builder: error: {message}", file=sys.stderr)
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
            return _usage_error(parser, f'--now "{args.now}" is not an ISO 8601 date-time')
    if args.base_url is not None:
        from .config import base_url_problem

        why = base_url_problem(args.base_url)
        if why is not None:
            return _usage_error(parser, f"--base-url {args.base_url!r} {why}")
    source = args.source.resolve()
    if not source.is_dir():
        return _usage_error(parser, f"--source {args.source}: no such folder")
    cache_folder = source / ".site-builder-cache"
    if cache_folder.is_symlink():
        return _usage_error(
            parser,
            f"{cache_folder} is a link: the build keeps its cache (and serve its output) "
            f"only in a real folder of the site; remove the link",
        )
    output = getattr(args, "output", None)
    if output is None and args.command == "build":
        given = source / "public"
        if given.is_symlink() or (given.exists() and source not in given.resolve().parents):
            return _usage_error(
                parser,
                f"{given} is a link to {given.resolve()}: the default output must be a "
                f"folder of the site; remove the link, or pass --output with the folder "
                f"you mean",
            )
    if output is not None:
        lexical = Path(os.path.abspath(output))
        if source in lexical.parents and source not in lexical.resolve().parents:
            return _usage_error(
                parser,
                f"--output {args.output} is inside the site folder but leads out of it "
                f"through a link: pass the folder it leads to, if that is what you mean",
            )
        output = output.resolve()
        if _holds_site_files(output, source):
            return _usage_error(
                parser,
                f"--output {args.output} would mix the site with its own files: "
                f"choose a folder outside content/, layouts/, static/ and hidden folders",
            )
        if output.exists() and not output.is_dir():
            return _usage_error(parser, f"--output {args.output} is a file, not a folder")
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
    )
    if options.jobs is not None and options.jobs < 1:
        return _usage_error(parser, "--jobs must be at least 1")
    if args.command == "serve":
        from .serve import serve  # imported here: tornado and livereload are not needed to build

        return serve(options, args.host, args.port, args.quiet)
    bar = ProgressBar() if args.command == "build" and not args.quiet and sys.stderr.isatty() else None
    options.progress = bar
    try:
        result = build(options)
    except KeyboardInterrupt:
        print("site-builder: interrupted; the previous output is unchanged", file=sys.stderr)
        return 130
    finally:
        if bar is not None:
            bar.close()
    return _report(result, args.command, args.quiet)


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
        sys.stderr.write(f"\r{stage:<10} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}  ")
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
        print(f"site-builder: {errors} error(s), {warnings} warning(s); nothing was written", file=sys.stderr)
        return 1
    failure = result.failure()
    if failure is not None:
        print(f"site-builder: error: {failure[1]}", file=sys.stderr)
        return failure[0]
    if not quiet:
        for note in result.notes:
            print(f"site-builder: note: {note}", file=sys.stderr)
    if result.replaced and not quiet:
        shown = ", ".join(result.replaced[:3]) + (
            f" and {len(result.replaced) - 3} more" if len(result.replaced) > 3 else ""
        )
        print(
            f"site-builder: note: replaced files put into the output by hand where the site now has its own: {shown}",
            file=sys.stderr,
        )
    if not quiet:
        if command == "build":
            print(
                f"built {result.articles} articles, {result.pages} pages, {result.feeds} feeds in "
                f"{result.seconds:.2f} s: {result.files} files written, {result.stats.get('kept', 0)} unchanged; "
                f"{warnings} warning(s)"
            )
        else:
            print(f"checked {result.articles} articles: no errors, {warnings} warning(s)")
    return 0
