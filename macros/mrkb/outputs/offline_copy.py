"""The offline copy: the whole site built for file:// (no web server, no network), as one zip the site offers.

A build calls offline_zip() after it has written its site and PDFs. The zip is cached under a hash of that
site, so an unchanged site reuses it and a build only pays for it when something changed. How to build the
file:// variant is the site generator's business (build_site). No MkDocs import."""
from __future__ import annotations

import hashlib
import os
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

from ..data.source_tree import regular_files
from ..pages.downloads import OFFLINE_MARK

CACHE_DIR = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "mr-plattformen" / "offline"
FOLDER = "mr-plattformen"  # the folder inside the zip; open mr-plattformen/index.html
CACHE_KEEP = 3  # zips kept in the cache (each is the whole site)


def write_zip(site_dir: Path, out: Path) -> None:
    """Files in sorted order with one fixed timestamp, so the same site gives the same zip. PDFs are stored:
    they are compressed already."""
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "1767225600"))
    stamp = time.gmtime(max(epoch, 315532800))[:6]  # zip cannot store dates before 1980
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w") as archive:
        for path in regular_files(site_dir):  # a symbolic link is never followed into the zip
            info = zipfile.ZipInfo(f"{FOLDER}/{path.relative_to(site_dir).as_posix()}", date_time=stamp)
            info.compress_type = zipfile.ZIP_STORED if path.suffix == ".pdf" else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes(), compresslevel=6)


# The online search index is not in the offline copy, and Pagefind writes its filter values in a different order
# in every build (tests/test_reproducible.py): hashed, it would make a new zip on every build.
NOT_OFFLINE = ("pagefind/",)


def site_fingerprint(site_dir: Path, skip: str, extra: str = "") -> str:
    """Hash of every file of a built site (path and bytes) except `skip` and the online search index, plus
    `extra` (e.g. a config)."""
    digest = hashlib.sha256(extra.encode())
    for path in regular_files(site_dir):
        relative = path.relative_to(site_dir).as_posix()
        if relative != skip and not relative.startswith(NOT_OFFLINE):
            digest.update(relative.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:32]


def offline_zip(site_dir: Path, zip_path: str, build_site: Callable[[Path], None], extra_key: str = "") -> Path:
    """The cached zip of the offline copy of the site in site_dir, made with build_site(folder) when missing."""
    cached = CACHE_DIR / f"{site_fingerprint(site_dir, zip_path, extra_key)}.zip"
    if not cached.is_file():
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix="mr-offline-") as tmp:
            folder = Path(tmp) / FOLDER
            build_site(folder)
            partial = cached.with_name(f".{cached.name}.{os.getpid()}.tmp")
            write_zip(folder, partial)
            os.replace(partial, cached)  # atomic: a build running alongside never copies half a zip
    os.utime(cached)
    for old in sorted(CACHE_DIR.glob("*.zip"), key=lambda p: p.stat().st_mtime, reverse=True)[CACHE_KEEP:]:
        old.unlink(missing_ok=True)
    return cached


def fill_offline_link(page_html: str, replacement: str) -> str:
    """The download page's offline paragraph (between OFFLINE_MARK) with replacement in it."""
    start, end = page_html.find(OFFLINE_MARK[0]), page_html.find(OFFLINE_MARK[1])
    if start < 0 or end < start:
        return page_html
    return page_html[:start] + replacement + page_html[end + len(OFFLINE_MARK[1]):]
