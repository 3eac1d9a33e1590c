"""`make offline`: the offline copy of the site as dist/mr-plattformen-offline.zip.

The zip is made by the site build itself (macros/mkdocs_hooks.py → macros/mrkb/outputs/offline_copy.py), the same
way as the PDFs, and offered on the download page; this script builds the site into a temporary folder and
copies the zip out of it. The copy works from file:// without network (search and filters too).

    python scripts/build_offline.py [--out dist/mr-plattformen-offline.zip]"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "macros"))
from mrkb.outputs.offline_copy import FOLDER  # noqa: E402
from mrkb.print.document import OFFLINE_ZIP_PATH  # noqa: E402

DEFAULT_OUT = ROOT / "dist" / "mr-plattformen-offline.zip"


def build_offline(out: Path = DEFAULT_OUT, root: Path = ROOT) -> float:
    """Build the site (with its PDFs and zip, from the cache when unchanged) and copy the zip to out. Seconds."""
    started = time.perf_counter()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("MR_OFFLINE_ZIP", None)
    with tempfile.TemporaryDirectory(prefix="mr-site-") as tmp:
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", tmp],
                       cwd=root, env=env, check=True)
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(Path(tmp) / OFFLINE_ZIP_PATH, out)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    seconds = build_offline(args.out)
    print(f"Offlinekopian är klar: {args.out} ({args.out.stat().st_size / 1e6:.1f} MB, {seconds:.1f} s).")
    print(f"Packa upp den och öppna {FOLDER}/index.html i en webbläsare.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
