import pytest
from fastapi.testclient import TestClient

from src import setup
from src.main import app
from src.mcp_server import search_pages


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("GUIDE_APP_DATA", str(tmp_path))
    monkeypatch.setenv("GUIDE_APP_NO_MCP", "1")
    return tmp_path


def test_health_answers_ok(data_dir):
    with TestClient(app) as client:
        assert client.get("/health").json() == {"status": "ok"}


def test_status_is_503_until_setup_has_run(data_dir):
    with TestClient(app) as client:
        before = client.get("/api/mcp/status")
        assert before.status_code == 503
        assert before.json()["assets"]["present"] is False

        assert setup.main() == 0

        after = client.get("/api/mcp/status")
        assert after.status_code == 200
        assert after.json()["assets"]["pages"] == len(setup.SEED_PAGES)


def test_search_tool_reads_the_prepared_index(data_dir):
    setup.main()
    assert search_pages("quickstart") == ["index.html", "quickstart.html"]
