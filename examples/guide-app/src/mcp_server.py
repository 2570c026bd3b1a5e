"""The MCP server (port 8051), served beside the HTTP API."""

import threading

import uvicorn
from mcp.server.fastmcp import FastMCP

from src.assets import load_assets

MCP_HOST = "0.0.0.0"
MCP_PORT = 8051

mcp = FastMCP("guide-app", host=MCP_HOST, port=MCP_PORT)


@mcp.tool()
def search_pages(word: str) -> list[str]:
    """Names of the indexed pages that contain the word."""
    assets = load_assets() or {"pages": []}
    needle = word.lower()
    return [page["name"] for page in assets["pages"] if needle in page["words"]]


class McpServerThread:
    """Runs the MCP app in its own thread and event loop, so it lives and dies with the API."""

    def __init__(self, host: str = MCP_HOST, port: int = MCP_PORT) -> None:
        config = uvicorn.Config(mcp.streamable_http_app(), host=host, port=port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name="mcp-server", daemon=True)

    def start(self) -> None:
        self.thread.start()

    @property
    def running(self) -> bool:
        return self.thread.is_alive() and self.server.started

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=5)
