"""``commons import --kind note|post|log``'s core: members' own files → a plan of work files.

- **posts**: a Jekyll ``_posts/`` folder, a site folder holding one, or a single post. The
  front matter is kept byte for byte (a member cross-posts, the blog stays the original);
  the file keeps Jekyll's name under ``posts/<member>/``. Images the post takes from the
  site (``/assets/…``, ``../../assets/…``, ``{{ site.baseurl }}/…``) are copied beside it and
  their links pointed there; images that cannot be found are named in a note.
- **notes**: a markdown file gets front matter (title from its first heading, the member,
  today, the chapters it feeds: given, else suggested from its headings).
- **logs**: a markdown file (minutes or a week's log) gets front matter (cycle from the
  meeting date, given or written in its title, type from its headings).

Pure apart from reading the source files and the repository; writing is the command's job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath
from urllib.parse import quote, unquote, urlsplit

from ..i18n import say
from ..content.frontmatter import ContentError, Document, new, parse, read_text
from ..content.layout import slugify
from ..handbook.book import Book
from ..handbook.importer import PlannedAsset, ascii_name, rewrite_links, title_of
from . import layout, rules

MARKDOWN = (".md", ".markdown")
_JEKYLL_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})-(.+)\.(?:md|markdown)$")
_LIQUID_ROOT = re.compile(r"^\{\{\s*site\.(?:baseurl|url)\s*\}\}")
# Images whose address has spaces: kramdown (Jekyll) shows them, GitHub does not parse them as links.
_SPACED_IMAGE = re.compile(r"(!\[[^\]\n]*\]\()([^()\n<>]*\s[^()\n<>]*?)(\))")
_DATE_IN_TEXT = re.compile(r"(\d{4})[-_./](\d{1,2})[-_./](\d{1,2})")
_STOP_WORDS = {"and", "of", "the", "for", "a", "an", "to", "in", "with", "on"}


@dataclass
class PlannedFile:
    source: str  # as shown to people
    target: str  # repository-relative
    text: str
    action: str = "create"  # create | overwrite | skip
    reason: str = ""


@dataclass
class WorksPlan:
    files: list[PlannedFile] = field(default_factory=list)
    assets: list[PlannedAsset] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what a person should look at


def _decide(plan: WorksPlan, repo: Path, planned: PlannedFile, force: bool) -> None:
    existing = repo / planned.target
    if existing.is_file():
        try:
            same = read_text(existing).replace("\r\n", "\n") == planned.text
        except (ContentError, OSError):
            same = False
        if same:
            planned.action, planned.reason = "skip", "unchanged"  # codes: importer.reason.*
        elif force:
            planned.action = "overwrite"
        else:
            planned.action, planned.reason = "skip", "different_file"
    plan.files.append(planned)


# --- posts ------------------------------------------------------------------------------------------


def site_root(source: Path) -> Path | None:
    """The Jekyll site a post or ``_posts`` folder belongs to (where ``assets/`` would be)."""
    for folder in (source, *source.parents):
        if folder.name == "_posts":
            return folder.parent
        if (folder / "_posts").is_dir() and folder == source:
            return folder
    return None


def post_sources(source: Path) -> list[Path]:
    if source.is_file():
        return [source]
    folder = source if source.name == "_posts" or not (source / "_posts").is_dir() else source / "_posts"
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix in MARKDOWN
                  and not any(part.startswith(".") for part in p.relative_to(folder).parts))


def post_name(path: Path, meta: dict) -> str | None:
    """Jekyll's file name for the post, in ASCII: YYYY-MM-DD-<slug>.md (date from the front matter first)."""
    match = _JEKYLL_NAME.match(path.name)
    day = layout.day_of(meta.get("date")) if isinstance(meta.get("date"), str) else None
    day_text = day.isoformat() if day else (match.group(1) if match else None)
    if day_text is None:
        return None
    title = str(meta.get("title") or "")
    words = match.group(2) if match else ""
    slug = slugify(words) or slugify(title) or ascii_name(title) or ascii_name(words) or slugify(path.stem) or "post"
    return f"{day_text}-{slug}.md"


def _site_file(root: Path | None, dest: str) -> tuple[Path, str] | None:
    """The site file a post's link points at, and its path within the site, when it exists."""
    if root is None:
        return None
    dest = _LIQUID_ROOT.sub("", dest.strip())
    parts = urlsplit(dest)
    if parts.scheme or parts.netloc or not parts.path or dest.startswith("#"):
        return None
    inner = [p for p in PurePosixPath(unquote(parts.path)).parts if p not in ("/", "..", ".")]
    if not inner:
        return None
    candidate = root.joinpath(*inner)
    try:
        candidate.resolve().relative_to(root.resolve())
    except ValueError:
        return None
    if candidate.suffix.lower() in (*MARKDOWN, ".html", ".htm"):
        return None  # a link to another page of the blog, not a file to bring along
    return (candidate, "/".join(inner)) if candidate.is_file() else None


def _asset_name(inner: str) -> str:
    path = PurePosixPath(inner)
    stem = slugify(path.stem) or ascii_name(path.stem) or "file"
    return f"{stem}{path.suffix.lower()}"


def plan_posts(source: Path, repo: Path, author: str, force: bool = False) -> WorksPlan:
    plan = WorksPlan()
    repo = Path(repo)
    root = site_root(source.resolve())
    owner = author.lower()
    taken: dict[str, Path] = {}
    for path in post_sources(source):
        shown = path.name if source.is_file() else path.relative_to(source).as_posix()
        try:
            text = read_text(path).replace("\r\n", "\n")
            doc = parse(text)
        except ContentError as exc:
            plan.notes.append(f"{shown}:{exc.line}: not imported: {exc.message}")
            continue
        name = post_name(path, doc.meta)
        if name is None:
            plan.notes.append(f"{shown}: not imported: no date in its file name (YYYY-MM-DD-title.md) nor in its front matter")
            continue
        folder = f"{layout.POSTS}/{owner}"
        missing: list[str] = []
        spaced: set[str] = set()

        made: set[str] = set()  # addresses this import wrote: not to be looked up again

        def relink(dest: str, missing=missing, spaced=spaced, folder=folder, made=made) -> str | None:
            if dest in made or any(s.startswith(dest) and s != dest for s in spaced):
                return None  # already pointed here, or the first word of an address with spaces
            found = _site_file(root, dest)
            if found is None:
                if _looks_local(dest):
                    missing.append(dest)
                return None
            file, inner = found
            target = f"{folder}/assets/{_asset_name(inner)}"
            previous = taken.get(target)
            if previous is not None and previous.resolve() != file.resolve():
                stem, dot, suffix = target.rpartition(".")
                n = 2
                while f"{stem}-{n}{dot}{suffix}" in taken:
                    n += 1
                target = f"{stem}-{n}{dot}{suffix}"
            if target not in taken:
                taken[target] = file
                plan.assets.append(PlannedAsset(file, target))
            made.add(quote(target.removeprefix(folder + "/")))
            return quote(target.removeprefix(folder + "/"))

        spaced.update(m.group(2) for m in _SPACED_IMAGE.finditer(doc.body))
        body = _SPACED_IMAGE.sub(lambda m: m.group(1) + (relink(m.group(2)) or m.group(2)) + m.group(3), doc.body)
        body = rewrite_links(body, relink)
        where = "in the site" if root else "beside it (the post came without its Jekyll site)"
        for dest in dict.fromkeys(missing):
            plan.notes.append(f"{shown}: image or file '{dest}' was not found {where}; copy it into {folder}/assets/ and point the link there")
        imported = text.replace(doc.body, body, 1) if body != doc.body else text
        _decide(plan, repo, PlannedFile(shown, f"{folder}/{name}", imported), force)
    if not plan.files and not plan.notes:
        plan.notes.append(f"{source}: no posts found (markdown files in a Jekyll _posts folder)")
    return plan


def _looks_local(dest: str) -> bool:
    parts = urlsplit(_LIQUID_ROOT.sub("", dest.strip()))
    return not (parts.scheme or parts.netloc or dest.startswith(("#", "//", "mailto:")) or not parts.path)


def is_jekyll_post(path: Path) -> bool:
    """A single file that is a Jekyll post: named YYYY-MM-DD-… or with a ``layout`` in its front matter."""
    if _JEKYLL_NAME.match(path.name):
        return True
    try:
        return "layout" in parse(read_text(path)).meta
    except (ContentError, OSError):
        return False


# --- notes --------------------------------------------------------------------------------------------


def _words(text: str) -> set[str]:
    words = re.findall(r"[a-z0-9]+", text.casefold())
    return {w[:-1] if len(w) > 3 and w.endswith("s") else w for w in words
            if w not in _STOP_WORDS and not w.isdigit()}


def headings(body: str) -> list[str]:
    from ..validate.body import outline

    return [h.text for h in outline(body).headings]


def suggest_chapters(body: str, book: Book) -> list[str]:
    """Chapters whose every title (or file name) word is in one of the notes' headings, in book order."""
    found = []
    heading_words = [_words(text) for text in headings(body)]
    for chapter in book.chapters:
        for key in (_words(chapter.title), _words(chapter.slug.replace("-", " "))):
            if key and any(key <= words for words in heading_words):
                found.append(chapter.slug)
                break
    return found


def _clean_title(text: str) -> str:
    """A heading as a title: leading emoji and symbols dropped."""
    return re.sub(r"^[^\w]+", "", text, flags=re.UNICODE).strip() or text.strip()


def _source_doc(path: Path) -> Document:
    return parse(read_text(path).replace("\r\n", "\n"), require_front_matter=False)


def plan_note(source: Path, repo: Path, author: str, chapters: list[str], today: date, book: Book,
              force: bool = False) -> WorksPlan:
    plan = WorksPlan()
    doc = _source_doc(source)
    heading, _ = title_of(doc.body)
    title = str(doc.meta.get("title") or "") or _clean_title(heading or source.stem)
    if not chapters:
        chapters = [c for c in doc.meta.get("chapters", []) if isinstance(c, str)] if isinstance(doc.meta.get("chapters"), list) else []
    if not chapters:
        chapters = suggest_chapters(doc.body, book)
        if chapters:
            plan.notes.append(f"{source.name}: chapters suggested from its headings: {', '.join(chapters)}; "
                              f"check them (or pass --chapter)")
        else:
            plan.notes.append(f"{source.name}: no chapter found for it; add the chapters it feeds under 'chapters:' "
                              f"(or pass --chapter)")
    meta = {**doc.meta, "title": title, "author": author, "date": str(doc.meta.get("date") or today.isoformat()),
            "chapters": chapters}
    meta.setdefault("imported_from", source.name)
    slug = slugify(title) or ascii_name(title) or slugify(source.stem) or "notes"
    text = new(meta, doc.body).render()
    _decide(plan, Path(repo), PlannedFile(source.name, f"{layout.NOTES}/{author.lower()}/{slug}.md", text), force)
    return plan


# --- logs ---------------------------------------------------------------------------------------------


def date_in(*texts: str) -> date | None:
    for text in texts:
        for match in _DATE_IN_TEXT.finditer(text or ""):
            try:
                return date(int(match[1]), int(match[2]), int(match[3]))
            except ValueError:
                continue
    return None


def plan_log(source: Path, repo: Path, authors: list[str], team: str | None, day: date | None,
             log_type: str | None, chapters: list[str], force: bool = False, week=None) -> WorksPlan:
    """Raises ValueError (said to the user as bad usage) when the meeting's date cannot be told."""
    plan = WorksPlan()
    doc = _source_doc(source)
    heading, _ = title_of(doc.body)
    title = str(doc.meta.get("title") or "") or _clean_title(heading or source.stem)
    day = day or layout.day_of(doc.meta.get("date")) or date_in(title, source.stem)
    if day is None:
        raise ValueError(f"{source.name}: " + say("importer.no_log_day"))
    cycle = layout.cycle_of_day(day, week)
    if log_type is None:
        log_type = "minutes" if "agenda" in rules.log_parts(doc.body) else "log"
    team_slug = ascii_name(team) if team else authors[0].lower()
    if not team_slug:
        raise ValueError(f"--team {team}: " + say("importer.bad_team"))
    meta = {**doc.meta, "title": title, "type": log_type, "cycle": cycle, "date": day.isoformat(),
            "authors": authors}
    if team and team != team_slug:
        meta["team"] = team
    if chapters:
        meta["chapters"] = chapters
    meta.setdefault("imported_from", source.name)
    name = f"{cycle}.md" if log_type == "log" else f"{cycle}-minutes.md"
    text = new(meta, doc.body).render()
    _decide(plan, Path(repo), PlannedFile(source.name, f"{layout.LOGS}/{team_slug}/{name}", text), force)
    return plan
