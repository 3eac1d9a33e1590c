"""`make offline`: the whole site as a zip that works from file:// without network (search and filters too),
with the PDFs of `make pdf` inside. Uses mkdocs-offline.yml, so the online build is unchanged.

    python scripts/build_offline.py [--out dist/mr-plattformen-offline.zip] [--no-pdf]"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDER = "mr-plattformen"  # the folder inside the zip; open mr-plattformen/index.html
DEFAULT_OUT = ROOT / "dist" / "mr-plattformen-offline.zip"


def build_offline_site(site_dir: Path, root: Path = ROOT) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-f",
                    str(root / "mkdocs-offline.yml"), "--site-dir", str(site_dir)], cwd=root, env=env, check=True)


def write_zip(site_dir: Path, out: Path) -> None:
    """Files in sorted order with one fixed timestamp, so the same site gives the same zip."""
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "1767225600"))
    stamp = time.gmtime(max(epoch, 315532800))[:6]  # zip cannot store dates before 1980
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for path in sorted(p for p in site_dir.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(f"{FOLDER}/{path.relative_to(site_dir).as_posix()}", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes())


def build_offline(out: Path = DEFAULT_OUT, root: Path = ROOT, with_pdf: bool = True) -> dict[str, float]:
    """Build the offline site in a temporary folder, add the PDFs, zip it to out. Returns seconds per stage."""
    timings = {}
    with tempfile.TemporaryDirectory(prefix="mr-offline-") as tmp:
        site_dir = Path(tmp) / FOLDER
        started = time.perf_counter()
        build_offline_site(site_dir, root)
        timings["site"] = time.perf_counter() - started
        if with_pdf:
            sys.path.insert(0, str(root / "scripts"))
            from build_pdf import build_all
            timings["pdf"] = build_all(site_dir, root)["total"]
        started = time.perf_counter()
        write_zip(site_dir, out)
        timings["zip"] = time.perf_counter() - started
    return timings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--no-pdf", action="store_true", help="utan PDF-filerna (snabbare)")
    args = parser.parse_args()
    import logging
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    timings = build_offline(args.out, with_pdf=not args.no_pdf)
    size = args.out.stat().st_size / 1e6
    print(f"Offlinekopian är klar: {args.out} ({size:.1f} MB; "
          + ", ".join(f"{k} {v:.1f} s" for k, v in timings.items()) + ").")
    print(f"Packa upp den och öppna {FOLDER}/index.html i en webbläsare.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
