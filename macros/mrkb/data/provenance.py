"""When each data file last changed, from git history: one git call per build, not one per page."""
from __future__ import annotations

import subprocess
from pathlib import Path


def last_changed_dates(root: Path, folder: str = "data") -> dict[str, str]:
    """Relative path -> date (YYYY-MM-DD) of the last commit touching it. Empty outside a git checkout."""
    try:
        output = subprocess.run(["git", "log", "--format=@%cs", "--name-only", "--", folder], cwd=root,
                                capture_output=True, text=True, check=True, timeout=60).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    dates: dict[str, str] = {}
    current = ""
    for line in output.splitlines():
        if line.startswith("@"):
            current = line[1:]
        elif line and current:
            dates.setdefault(line, current)  # newest commit comes first
    return dates
