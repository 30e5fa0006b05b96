"""Frames between a web process and its query workers arrive whole, whatever their size."""

from __future__ import annotations

from collections.abc import Iterator

import pyoxigraph as ox
import pytest

from govsocial.endpoint.store import frames, pool, zygote
from govsocial.endpoint.store.interface import QueryAnswer, QueryJob


def _echo_size(store: ox.Store, job: QueryJob) -> QueryAnswer:
    # a reply of the size the job asks for, its bytes numbered so that a lost or doubled
    # chunk shows
    size = int(job.query)
    body = bytes(i % 251 for i in range(size))
    return QueryAnswer("solutions", "json", "application/json", body, size, False, 0.0)


@pytest.fixture(scope="module")
def query_pool() -> Iterator[pool.QueryPool]:
    forker = zygote.Zygote.start(ox.Store(), _echo_size)
    query_pool = pool.QueryPool(forker.socket_path, 10, admission=pool.Admission(2, 1))
    try:
        yield query_pool
    finally:
        query_pool.close()
        forker.stop()


FIRST = frames.FIRST_READ


@pytest.mark.parametrize(
    "size",
    [
        0,
        1,
        1000,
        FIRST - 200,
        FIRST - 1,
        FIRST,
        FIRST + 1,
        3 * FIRST + 7,
        5 * 1024 * 1024,
    ],
)
def test_replies_of_every_size_arrive_whole(query_pool: pool.QueryPool, size: int) -> None:
    answer = query_pool.run(QueryJob(query=str(size)))
    assert answer.body == bytes(i % 251 for i in range(size))


def test_a_long_job_text_arrives_whole(query_pool: pool.QueryPool) -> None:
    # the job frame itself beyond one first read: the worker must read the rest
    padded = "7" + " " * (3 * FIRST)
    assert len(query_pool.run(QueryJob(query=padded)).body) == 7


def test_replies_keep_their_order_on_one_worker(query_pool: pool.QueryPool) -> None:
    sizes = [5, FIRST + 3, 0, 70_000, 1]
    assert [len(query_pool.run(QueryJob(query=str(s))).body) for s in sizes] == sizes
