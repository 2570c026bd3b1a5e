"""Where the setup step leaves its artefact, and how the app reads it back."""

import json
import os
from pathlib import Path

ASSETS_FILE = "assets.json"


def data_dir() -> Path:
    """The folder the setup step writes to; outside the source tree on purpose."""
    configured = os.environ.get("GUIDE_APP_DATA")
    if configured:
        return Path(configured)
    return Path.home() / ".cache" / "guide-app"


def assets_path() -> Path:
    return data_dir() / ASSETS_FILE


def load_assets() -> dict | None:
    """The prepared assets, or None when the setup step's output is missing."""
    try:
        return json.loads(assets_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
