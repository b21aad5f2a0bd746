"""MkDocs hooks that put :mod:`.sanitize` between markdown and the reader.

``commons site build`` names this module in ``mkdocs.yml`` (``hooks:``), so every page's HTML,
title, nav label and table-of-contents entry passes through it whoever built the site. MkDocs
renders every page (``on_page_content``) before it writes any (templates, ``on_post_page``),
so each title is text by the time the nav on any page prints it.
"""

from __future__ import annotations

from . import sanitize


def on_config(config, **kwargs):
    config.site_name = sanitize.label(config.site_name)
    if config.site_description:
        config.site_description = sanitize.label(config.site_description)
    return config


def _labels(items) -> None:
    for item in items:
        if not getattr(item, "is_page", False) and item.title is not None:  # sections and links
            item.title = sanitize.label(item.title)
        _labels(getattr(item, "children", None) or [])


def on_nav(nav, **kwargs):
    _labels(nav.items)
    return nav


def _toc(items) -> None:
    for item in items:
        item.title = sanitize.toc_label(item.title)
        _toc(item.children)


def on_page_content(html, page, **kwargs):
    page.title = sanitize.label(page.title)
    if "title" in page.meta:
        page.meta["title"] = page.title
    for key in [k for k in page.meta if k != "title"]:  # nothing else a template prints comes from a file
        del page.meta[key]
    _toc(page.toc.items)
    return sanitize.clean(html)
