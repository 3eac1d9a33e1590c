"""What the site is built from holds only ordinary files of the project: no symbolic links (issue #27).

A pull request is built before anyone has reviewed it. A symbolic link in docs/ (or data/, overrides/) to a file of
the build machine would put that file on the site, in the offline zip and in an error message; a link inside the
project can point around a check. So every link under these folders is refused, whatever it points to, as Jekyll's
safe mode and GitHub Pages do; `make validate` and every build report it and nothing is built. The folders are
walked without following links, and nothing is read from a link."""
from __future__ import annotations

import os
from pathlib import Path

from ..base.problems import Problem

CHECKED_FOLDERS = ("data", "docs", "overrides")


def _message(link: Path, root: Path, is_dir: bool) -> str:
    try:
        target = link.resolve()
        inside = target.is_relative_to(root.resolve())
    except (OSError, RuntimeError):
        inside = False
    what = "Mappen" if is_dir else "Filen"
    where = "till en annan plats i projektet" if inside else "till något utanför projektet"
    return (f"{what} är en symbolisk länk ({where}). Webbplatsen byggs bara av vanliga filer, så länken läses inte "
            "och ingenting byggs. Ersätt länken med en vanlig fil (en kopia av innehållet) eller ta bort den "
            "(git rm).")


def link_problems(root: Path) -> list[Problem]:
    """A problem for every symbolic link under data/, docs/ and overrides/ (and for the folders themselves)."""
    root = Path(root)
    problems = []
    for folder in CHECKED_FOLDERS:
        top = root / folder
        if top.is_symlink():
            problems.append(Problem(folder + "/", 0, 0, "", _message(top, root, is_dir=True)))
            continue
        if not top.is_dir():
            continue
        for directory, dirnames, filenames in os.walk(top, followlinks=False):
            for name in sorted(dirnames + filenames):
                path = Path(directory, name)
                if path.is_symlink():
                    rel = path.relative_to(root).as_posix()
                    problems.append(Problem(rel, 0, 0, "", _message(path, root, is_dir=name in dirnames)))
    return problems


def regular_files(folder: Path) -> list[Path]:
    """Every ordinary file under folder, sorted, without following or returning a symbolic link."""
    found = []
    for directory, dirnames, filenames in os.walk(folder, followlinks=False):
        dirnames[:] = [name for name in dirnames if not Path(directory, name).is_symlink()]
        found += [Path(directory, name) for name in filenames if not Path(directory, name).is_symlink()]
    return sorted(found)
