"""Access lines: the Combined Log Format gunicorn writes, from our cheaper logger too."""

from __future__ import annotations

import datetime
import re
import urllib.request
from types import SimpleNamespace

import pytest
from gunicorn.config import Config
from gunicorn.glogging import Logger

from govsocial.endpoint.serving.accesslog import AccessLogger
from support.waiting import wait_until


def _line(logger_class: type[Logger], environ: dict, sent: int | None) -> str:
    cfg = Config()
    cfg.set("accesslog", "-")
    logger = logger_class(cfg)
    resp = SimpleNamespace(status="200 OK", sent=sent, headers=[("Content-Type", "text/csv")])
    req = SimpleNamespace(headers=[("HOST", "example.org")])
    atoms = logger.atoms(resp, req, environ, datetime.timedelta(microseconds=1500))
    return cfg.access_log_format % logger.atoms_wrapper_class(atoms)


ENVIRONS = [
    {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/sparql?query=ASK%20%7B%7D",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "10.0.0.1",
        "HTTP_REFERER": "https://example.org/",
        "HTTP_USER_AGENT": "SPARQLWrapper/2.0",
    },
    {
        "REQUEST_METHOD": "POST",
        "RAW_URI": "/sparql",
        "SERVER_PROTOCOL": "HTTP/1.0",
        "HTTP_AUTHORIZATION": "Basic YWxpY2U6c2VjcmV0",
    },  # alice:secret: the user is logged
    {
        "REQUEST_METHOD": "POST",
        "RAW_URI": "/sparql",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_AUTHORIZATION": "Bearer abc",
    },
]


@pytest.mark.parametrize("environ", ENVIRONS)
@pytest.mark.parametrize("sent", [1234, 0, None])
def test_the_line_is_gunicorns_own(environ: dict, sent: int | None) -> None:
    # both read the clock, and a second may tick over between them: retried at once, the next
    # tick is a second away
    for _ in range(3):
        ours, theirs = _line(AccessLogger, environ, sent), _line(Logger, environ, sent)
        if ours == theirs:
            break
    assert ours == theirs


def test_a_custom_format_gets_every_field() -> None:
    cfg = Config()
    cfg.set("access_log_format", '%(h)s "%({user-agent}i)s" %(L)s')
    logger = AccessLogger(cfg)
    resp = SimpleNamespace(status="200 OK", sent=5, headers=[])
    req = SimpleNamespace(headers=[("USER-AGENT", "curl/8")])
    atoms = logger.atoms_wrapper_class(
        logger.atoms(resp, req, {**ENVIRONS[0]}, datetime.timedelta(microseconds=1500))
    )
    assert cfg.access_log_format % atoms == '10.0.0.1 "curl/8" 0.001500'


def test_the_server_logs_each_request(server) -> None:
    request = urllib.request.Request(
        f"{server.endpoint}?query=ASK%20%7B%7D",
        headers={"User-Agent": "access-log-test/1", "Referer": "https://example.org/a"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        size = len(response.read())
    pattern = re.compile(
        r"127\.0\.0\.1 - - \[\d{2}/\w{3}/\d{4}:\d{2}:\d{2}:\d{2} [+-]\d{4}\] "
        rf'"GET /sparql\?query=ASK%20%7B%7D HTTP/1\.1" 200 {size} '
        r'"https://example\.org/a" "access-log-test/1"'
    )
    # the line is written after the answer
    wait_until(
        lambda: pattern.search(server.output()),
        5,
        lambda: f"the access line in the log:\n{server.output()[-2000:]}",
    )
