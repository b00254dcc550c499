"""The site's public address, read in one place: `site_url` in mkdocs.yml, or the SITE_URL
environment variable (the publishing workflow sets it from GitHub Pages).

A build writes the public address into pages (citation, canonical link), the sitemap and
the metadata of every download. When none is configured, nothing absolute is written:
pages cite themselves relatively, metadata uses addresses relative to the file, and no
sitemap is made. An address that cannot be the public one (loopback, a reserved example
or test domain) is refused, so it never ends up in a published file; so is a deploy
without an address (decision 0008).
"""

from __future__ import annotations

import ipaddress
import os
from functools import cache
from urllib.parse import urlsplit

from build_scripts.paths import MKDOCS_YML

# Reserved for documentation and testing (RFC 2606, RFC 6761): never a published site.
RESERVED_SUFFIXES = (".example", ".test", ".invalid", ".localhost", ".local")
RESERVED_HOSTS = ("localhost", "example.com", "example.org", "example.net")


class AddressError(Exception):
    """The configured address cannot be published, or a deploy has none."""


def public_address(required: bool = False) -> str | None:
    """The public address ending in '/', or None when none is configured. Raises
    AddressError for an address that is not public, or for none when `required`."""
    url = (os.environ.get("SITE_URL") or configured_site_url() or "").strip()
    if not url:
        if required:
            raise AddressError(
                "no public address: set site_url in mkdocs.yml (or the SITE_URL environment "
                "variable) to the address the site is published at, e.g. "
                "https://<owner>.github.io/<repository>/"
            )
        return None
    problem = why_not_public(url)
    if problem:
        raise AddressError(
            f"{url!r} cannot be the public address ({problem}): set site_url in mkdocs.yml "
            "(or SITE_URL) to the address the site is published at, or leave both empty for "
            "a build without an address"
        )
    return url if url.endswith("/") else url + "/"


def why_not_public(url: str) -> str | None:
    """Why `url` cannot be a published site's address, or None when it can."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "not an http(s) address"
    host = parts.hostname.lower().rstrip(".")
    if any(host == name or host.endswith("." + name) for name in RESERVED_HOSTS) or host.endswith(
        RESERVED_SUFFIXES
    ):
        return "a reserved example or local name"
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return None
    if ip.is_loopback or ip.is_unspecified or ip.is_private or ip.is_link_local:
        return "a loopback or private network address"
    return None


def configured_site_url() -> str:
    """`site_url` as written in mkdocs.yml (its !ENV default when SITE_URL is unset)."""
    return _site_url_in(MKDOCS_YML.read_text(encoding="utf-8"), os.environ.get("SITE_URL"))


@cache
def _site_url_in(config: str, environment: str | None) -> str:
    from mkdocs.utils.yaml import yaml_load

    return yaml_load(config).get("site_url") or ""


def repository_url() -> str | None:
    """The project's repository, where mistakes are reported: SOCPROT_REPOSITORY, or the
    repository a GitHub Actions run builds (GITHUB_SERVER_URL/GITHUB_REPOSITORY, set by
    GitHub in every run); None when neither is known (a local build)."""
    url = os.environ.get("SOCPROT_REPOSITORY", "").strip()
    if not url and os.environ.get("GITHUB_REPOSITORY"):
        server = os.environ.get("GITHUB_SERVER_URL", "https://github.com")
        url = f"{server}/{os.environ['GITHUB_REPOSITORY']}"
    return url.rstrip("/") or None
