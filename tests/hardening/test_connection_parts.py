"""The parts of the worker's connection handling, in process: the outbox keeps answers in order
and within its budget, incidents are logged once per client and period, the open-files limit
bounds the connections."""

from __future__ import annotations

import logging
import resource
import socket
import threading

import pytest

from govsocial.endpoint.serving import connections, launcher
from govsocial.endpoint.serving.connections import ConnectionLimits, Incidents
from govsocial.endpoint.serving.outbox import Outbox, WriteBudget


def _pair() -> tuple[socket.socket, socket.socket]:
    ours, theirs = socket.socketpair()
    ours.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4096)
    theirs.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    return ours, theirs


def _read_all(sock: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        data += sock.recv(65536)
    return data


def test_the_outbox_keeps_what_the_socket_does_not_take_and_sends_it_in_order() -> None:
    ours, theirs = _pair()
    with ours, theirs:
        budget = WriteBudget(total=10_000_000, per_connection=10_000_000)
        outbox = Outbox(ours, budget)
        parts = [bytes([65 + i]) * 300_000 for i in range(3)]
        for part in parts:
            outbox.sendall(part)  # returns at once: the peer reads nothing yet
        assert outbox.pending and budget.used == outbox.size > 0
        received = b""
        while outbox.pending:
            outbox.send_ready()
            received += theirs.recv(65536)
        received += _read_all(theirs, 900_000 - len(received))
        assert received == b"".join(parts)
        assert budget.used == 0 and outbox.size == 0


def test_past_its_budget_the_outbox_sends_itself_and_keeps_nothing() -> None:
    ours, theirs = _pair()
    with ours, theirs:
        ours.settimeout(5)
        budget = WriteBudget(total=100_000, per_connection=100_000)
        outbox = Outbox(ours, budget)
        outbox.sendall(b"a" * 90_000)  # kept
        kept = outbox.size
        assert kept > 0
        reader = threading.Thread(target=lambda: received.append(_read_all(theirs, 290_000)))
        received: list[bytes] = []
        reader.start()
        outbox.sendall(b"b" * 200_000)  # over the budget: sent by this thread, kept ones first
        reader.join(10)
        assert received == [b"a" * 90_000 + b"b" * 200_000]
        assert outbox.size == 0 and budget.used == 0


def test_a_discarded_outbox_gives_its_budget_back() -> None:
    ours, theirs = _pair()
    with ours, theirs:
        budget = WriteBudget(total=10_000_000, per_connection=10_000_000)
        outbox = Outbox(ours, budget)
        outbox.sendall(b"x" * 500_000)
        assert budget.used > 0
        outbox.discard()
        assert budget.used == 0 and not outbox.pending


def test_one_connection_may_not_take_the_whole_budget() -> None:
    budget = WriteBudget(total=1000, per_connection=100)
    assert budget.take(100, held=0)
    assert not budget.take(1, held=100)
    assert budget.take(100, held=0)  # another connection still may


def test_incidents_are_logged_once_per_kind_and_client_then_summed(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = [1000.0]
    monkeypatch.setattr(connections.time, "monotonic", lambda: clock[0])
    incidents = Incidents(period=60)
    with caplog.at_level(logging.WARNING, logger="govsocial.serve"):
        for _ in range(50):
            incidents.note("connections refused", "192.0.2.1", "128 connections are open")
        incidents.note("connections refused", "192.0.2.2", "128 connections are open")
        incidents.report_if_due(clock[0] + 30)  # not yet
        assert len(caplog.records) == 2
        clock[0] += 61
        incidents.report_if_due(clock[0])
    lines = [record.getMessage() for record in caplog.records]
    assert lines[0].startswith("connections refused from 192.0.2.1: 128 connections are open")
    assert lines[2] == "connections refused from 192.0.2.1: 49 more in the last 60 s"
    assert len(lines) == 3  # 192.0.2.2 had nothing more to report


def test_a_period_with_many_addresses_is_summed_up_in_bounded_lines(
    caplog: pytest.LogCaptureFixture,
) -> None:
    incidents = Incidents(period=60)
    with caplog.at_level(logging.WARNING, logger="govsocial.serve"):
        for _ in range(2):
            for host in range(1000):
                incidents.note(
                    "requests timed out (head)",
                    f"10.0.{host // 250}.{host % 250}",
                    "not within 10 s",
                )
        incidents.report_if_due(float("inf"))
    assert len(caplog.records) <= 2 * connections.REPORTED_CLIENTS + 1
    assert "other addresses" in caplog.records[-1].getMessage()


def test_connections_are_bounded_to_the_open_files_the_system_allows(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(launcher, "raise_open_files_limit", lambda needed: 1024)
    with caplog.at_level(logging.WARNING, logger="govsocial.serve"):
        fitted = launcher.fit_open_files(ConnectionLimits(max_connections=4096))
    assert fitted.max_connections == 1024 - 256
    assert fitted.max_client_connections == 128
    assert "the open-files limit is 1024" in caplog.text


def test_the_open_files_limit_is_raised_up_to_the_hard_limit() -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(512, hard), hard))
        assert connections.raise_open_files_limit(600) == min(600, hard)
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
