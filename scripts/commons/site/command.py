"""``commons site build``: the handbook and newsletters as a static website.

Writes a MkDocs project under ``--out`` (default ``build/site``: ``mkdocs.yml``,
``docs/``, ``overrides/``) from the repository's files, then runs
``mkdocs build --strict`` into ``<out>/html``, which the pages workflow deploys.
Needs the ``site`` extra (``pip install -e '.[site]'``). Exit 0 built, 1 MkDocs
found a problem (a broken link, say) or a file was left out, 2 bad usage or the
extra is not installed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from ..i18n import say
from ..pages.feed import PATH as FEED


def add_arguments(parser) -> None:
    parser.add_argument("action", choices=["build"], help="build: write the MkDocs project and build the site")
    parser.add_argument("--out", type=Path, default=None,
                        help="folder for the MkDocs project and the built site (default: build/site in the repository)")
    parser.add_argument("--repo-url", default=None,
                        help="the repository's web address, for links to files that are not pages of the site "
                             "(default: from GITHUB_SERVER_URL and GITHUB_REPOSITORY when set)")
    parser.add_argument("--site-url", default=os.environ.get("COMMONS_SITE_URL", ""),
                        help="the address the site is served from (default: COMMONS_SITE_URL, else site_url in commons.yml)")
    parser.add_argument("--no-mkdocs", action="store_true", help="write the MkDocs project only; do not build")
    parser.add_argument("--dry-run", action="store_true", help="print the pages the site would have; write nothing")


def _repo_url(given: str | None) -> str:
    if given is not None:
        return given
    server, repository = os.environ.get("GITHUB_SERVER_URL", ""), os.environ.get("GITHUB_REPOSITORY", "")
    return f"{server.rstrip('/')}/{repository}" if server and repository else ""


def run(args) -> int:
    from ..config import load_config
    from ..content.files import atomic_write, atomic_write_text
    from ..problems import UsageError
    from ..report import step_summary
    from .plan import FEED_LINK, HOOKS, HOOKS_FILE, STYLESHEET, mkdocs_yaml, plan, read_repository, site_feed
    from ..content.active import svg_problems

    config = load_config(args.repo)
    site_url = args.site_url or config.site_url
    if args.out is None:
        out = args.repo / "build" / "site"
    else:
        out = args.out if args.out.is_absolute() else (Path.cwd() / args.out)
    if out.resolve() == args.repo.resolve() or out.resolve() in args.repo.resolve().parents:
        raise UsageError(f"--out {args.out}: " + say("site.own_folder"))
    book, files, notes = read_repository(args.repo)
    site = plan(book, files, name=config.name, description=config.description, language=config.language,
                repo_url=_repo_url(args.repo_url), site_url=site_url,
                exists=lambda path: (args.repo / path).exists())
    notes += site.notes
    for line in site.unlinked:
        print(say("site.info", line=line), file=sys.stderr)
    if args.dry_run:
        for path in sorted(site.pages):
            print(say("site.page", path=path))
        for path, source in sorted(site.copies.items()):
            print(say("site.copy", path=path, source=source))
        for note in notes:
            print(say("site.note", note=note), file=sys.stderr)
        return 1 if notes else 0

    if not args.no_mkdocs:
        try:
            import material  # noqa: F401
            import mkdocs  # noqa: F401
        except ImportError:
            raise UsageError(say("site.no_mkdocs")) from None

    docs = out / "docs"
    if docs.exists():  # pages of chapters that were removed must not linger on the site
        shutil.rmtree(docs)
    for path, text in site.pages.items():
        atomic_write_text(docs / path, text)
    for path, source in site.copies.items():
        data = (args.repo / source).read_bytes()
        if path.lower().endswith(".svg"):  # served from the site's origin: one that could script it stays out
            found = svg_problems(data.decode("utf-8", "replace"))
            if found:
                notes.extend(say("site.svg_left_out", path=source, line=line, what=what) for line, what in found[:1])
                continue
        atomic_write(docs / path, data)
    if site_url and FEED in site.copies:  # the site's feed links to the site's pages
        atomic_write_text(docs / FEED, site_feed(args.repo, config, site_url))
    atomic_write_text(docs / "assets" / "commons.css", STYLESHEET)
    atomic_write_text(out / "overrides" / "main.html", FEED_LINK if FEED in site.copies else
                      '{% extends "base.html" %}\n')
    atomic_write_text(out / HOOKS, HOOKS_FILE)
    atomic_write_text(out / "mkdocs.yml", mkdocs_yaml(site.config))
    for note in notes:
        print(say("site.note", note=note), file=sys.stderr)
    print(say("site.wrote", pages=len(site.pages), files=len(site.copies), docs=docs), file=sys.stderr)
    if args.no_mkdocs:
        return 1 if notes else 0

    html = out / "html"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "--config-file", str(out / "mkdocs.yml"),
         "--site-dir", str(html)],
        capture_output=True, text=True, env=env, check=False,
    )
    problems = [line for line in result.stderr.splitlines() if line.startswith(("WARNING", "ERROR"))]
    for line in problems:
        print(line, file=sys.stderr)
    if result.returncode != 0:
        if not problems:
            sys.stderr.write(result.stderr[-2000:])
        print(say("site.failed", config=out / "mkdocs.yml"), file=sys.stderr)
        step_summary(f"### {say('site.title')}\n\n{say('site.not_built')}\n\n" +
                     "\n".join(f"- {line}" for line in problems))
        return 1
    print(say("site.built", html=html), file=sys.stderr)
    step_summary(f"### {say('site.title')}\n\n{say('site.pages_built', n=len(site.pages))}" +
                 ("\n\n" + "\n".join(f"- {n}" for n in notes) if notes else ""))
    return 1 if notes else 0
