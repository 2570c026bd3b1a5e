"""Post-install step, run as `uv run guide-app-setup`.

It plays the part of the guide's `crawl4ai-setup` (which downloads browsers into
the user's cache): it prepares an index of the seed pages the crawler starts from
and stores it outside the source tree, where the server expects it at run time.
This machine is offline, so the pages are bundled instead of downloaded.
"""

import hashlib
import json
import os
import sys

from bs4 import BeautifulSoup

from src.assets import assets_path

SEED_PAGES = {
    "index.html": """
        <html><head><title>Guide app docs</title></head><body>
        <h1>Welcome</h1>
        <p>Start with the <a href="quickstart.html">quickstart</a> or read
        about the <a href="mcp.html">MCP tools</a>.</p>
        </body></html>""",
    "quickstart.html": """
        <html><head><title>Quickstart</title></head><body>
        <h1>Quickstart</h1><h2>Install</h2><p>Run <code>uv sync</code>.</p>
        <h2>Run</h2><p>Back to the <a href="index.html">index</a>.</p>
        </body></html>""",
    "mcp.html": """
        <html><head><title>MCP tools</title></head><body>
        <h1>MCP tools</h1><p>The server exposes <em>search_pages</em>.</p>
        <a href="index.html">index</a>
        </body></html>""",
}


def index_page(name: str, html: str) -> dict:
    soup = BeautifulSoup(html, "html.parser")
    text = " ".join(soup.get_text(" ").split())
    return {
        "name": name,
        "title": soup.title.string if soup.title else name,
        "headings": [h.get_text(strip=True) for h in soup.find_all(["h1", "h2", "h3"])],
        "links": sorted({a["href"] for a in soup.find_all("a", href=True)}),
        "words": sorted({w.lower().strip(".,") for w in text.split() if len(w) > 3}),
        "sha256": hashlib.sha256(html.encode()).hexdigest(),
    }


def build_assets() -> dict:
    pages = [index_page(name, html) for name, html in sorted(SEED_PAGES.items())]
    return {"version": 1, "pages": pages}


def main() -> int:
    target = assets_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    # Write then rename, so a failed run never leaves a half-written file behind.
    partial = target.with_suffix(".tmp")
    partial.write_text(json.dumps(build_assets(), indent=2), encoding="utf-8")
    os.replace(partial, target)
    print(f"guide-app setup: indexed {len(SEED_PAGES)} pages into {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
