"""Generated text about members' works, in the community's language (the catalogs' ``works`` section, scripts/commons/locales/)."""

from __future__ import annotations

from .. import i18n


def labels(language: str) -> dict:
    return i18n.catalog(language).section("works")
