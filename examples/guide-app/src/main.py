"""HTTP API on port 8080; starts the MCP server on 8051 alongside it."""

import os
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.responses import JSONResponse

from src.assets import assets_path, load_assets
from src.mcp_server import MCP_PORT, McpServerThread


@asynccontextmanager
async def lifespan(app: FastAPI):
    # Tests set GUIDE_APP_NO_MCP so they do not need port 8051 free.
    mcp_thread = None if os.environ.get("GUIDE_APP_NO_MCP") else McpServerThread()
    if mcp_thread:
        mcp_thread.start()
    app.state.mcp_thread = mcp_thread
    yield
    if mcp_thread:
        mcp_thread.stop()


app = FastAPI(title="guide-app", lifespan=lifespan)


@app.get("/health")
def health() -> dict:
    return {"status": "ok"}


@app.get("/api/mcp/status")
def mcp_status() -> JSONResponse:
    assets = load_assets()
    mcp_thread = getattr(app.state, "mcp_thread", None)
    body = {
        "mcp": {"port": MCP_PORT, "running": bool(mcp_thread and mcp_thread.running)},
        "assets": {
            "path": str(assets_path()),
            "present": assets is not None,
            "pages": len(assets["pages"]) if assets else 0,
        },
    }
    # Without the setup step's output the crawler tools cannot work: report unhealthy.
    return JSONResponse(body, status_code=200 if assets is not None else 503)
