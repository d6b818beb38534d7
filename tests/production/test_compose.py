"""The compose file and the proxy configuration have the production topology.

No Docker engine runs here, so the structure is checked by parsing the files; where the
`docker compose` plugin exists, `docker compose config` must accept the file too.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest
import yaml

from conftest import ROOT

COMPOSE = ROOT / "docker-compose.yml"
NGINX = ROOT / "deploy" / "nginx.conf"


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text())


def test_two_or_more_web_replicas_run_plain_daphne(compose):
    """`web` runs `daphne sesame_site.asgi:application` twice or more, checked by /healthz."""
    web = compose["services"]["web"]
    assert web["deploy"]["replicas"] >= 2
    command = web["command"]
    assert command[0] == "daphne" and command[-1] == "sesame_site.asgi:application"
    assert "ports" not in web, "the replicas are reached through the proxy only"
    assert "/healthz" in " ".join(web["healthcheck"]["test"])
    assert web["stop_signal"] == "SIGTERM"
    grace = int(web["stop_grace_period"].rstrip("s"))
    close_timeout = int(command[command.index("--application-close-timeout") + 1])
    assert grace > close_timeout, "Docker must not SIGKILL before Daphne's close timeout"
    env = web["environment"]
    assert env["DATABASE_URL"].startswith("postgres://") and env["REDIS_URL"].startswith("redis://")
    assert env["DJANGO_DEBUG"] == "0"


def test_web_waits_for_migrations_and_healthy_services(compose):
    """Migrations run once as a one-shot service; PostgreSQL and Redis have health checks."""
    services = compose["services"]
    depends = services["web"]["depends_on"]
    assert depends["migrate"]["condition"] == "service_completed_successfully"
    assert depends["db"]["condition"] == "service_healthy"
    assert depends["redis"]["condition"] == "service_healthy"
    migrate = services["migrate"]
    assert "manage.py migrate" in " ".join(migrate["command"])
    assert migrate["restart"] == "no"
    assert "pg_isready" in " ".join(services["db"]["healthcheck"]["test"])
    assert "ping" in services["redis"]["healthcheck"]["test"]


def test_the_proxy_is_the_only_public_entry(compose):
    """nginx publishes a port, mounts its configuration and the static files."""
    services = compose["services"]
    published = [name for name, service in services.items() if service.get("ports")]
    assert published == ["proxy"]
    proxy = services["proxy"]
    assert proxy["image"].startswith("nginx")
    mounts = " ".join(proxy["volumes"])
    assert "deploy/nginx.conf:/etc/nginx/nginx.conf" in mounts and "static:/srv/static" in mounts
    assert "static:/data/staticfiles" in " ".join(services["web"]["volumes"])
    assert "media:/data/media" in " ".join(services["web"]["volumes"])  # shared by replicas


def test_nginx_upgrades_sockets_limits_bodies_and_serves_static_files():
    """WebSocket upgrade on /ws/, a body limit, /static/ from disk, /metrics not exposed."""
    conf = NGINX.read_text()
    assert "proxy_set_header Upgrade $http_upgrade;" in conf
    assert "proxy_set_header Connection $connection_upgrade;" in conf
    assert "client_max_body_size 110m;" in conf
    assert "location /static/" in conf and "alias /srv/static/;" in conf
    assert "location = /metrics" in conf and "return 404;" in conf
    assert "server web:8000" in conf and "proxy_pass http://sesame;" in conf
    assert conf.count("{") == conf.count("}")


@pytest.mark.skipif(
    shutil.which("docker") is None
    or subprocess.run(["docker", "compose", "version"], capture_output=True).returncode != 0,
    reason="no docker compose plugin here",
)
def test_docker_compose_config_accepts_the_file():
    """`docker compose config` validates the file against the Compose specification."""
    result = subprocess.run(
        ["docker", "compose", "-f", str(COMPOSE), "config", "--quiet"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
