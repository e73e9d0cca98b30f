"""parallel.py: work in a forked child, and one value sent to it while both work."""
from __future__ import annotations

import time

import pytest

from gloss_graph.parallel import CAN_FORK, ChildFailed, Forked, Pipe

pytestmark = pytest.mark.skipif(not CAN_FORK, reason="needs os.fork")


def test_a_value_reaches_the_child_while_the_parent_goes_on():
    pipe = Pipe()

    def later() -> int:
        time.sleep(1.0)  # busy with something else first
        return sum(pipe.receive(list[int]))

    child = Forked(later)
    big = list(range(200_000))  # about 1 MB of msgpack: far more than a pipe holds
    started = time.perf_counter()
    pipe.send(big)
    sent_in = time.perf_counter() - started
    assert child.result(int) == sum(big)
    pipe.close()
    # A plain write would have waited the child's second out.
    assert sent_in < 0.5


def test_a_child_whose_parent_sends_nothing_fails_instead_of_waiting():
    pipe = Pipe()
    child = Forked(lambda: pipe.receive(int))
    pipe.close()  # the parent decided not to send
    with pytest.raises(ChildFailed, match="the parent sent nothing"):
        child.result(int)


def test_sending_to_a_child_that_died_does_not_hang_the_parent():
    pipe = Pipe()
    child = Forked(lambda: 1 / 0)
    with pytest.raises(ChildFailed, match="ZeroDivisionError"):
        child.result(int)
    pipe.send(list(range(200_000)))
    pipe.close()  # joins the writer, which sees the pipe closed and stops


def test_a_child_goes_on_after_its_first_value():
    child = Forked(lambda: [1, 2], then=(lambda: "later", lambda: 3))
    assert child.result(list[int]) == [1, 2]
    assert child.then_result(str) == "later"
    assert child.then_result(int) == 3
    with pytest.raises(ChildFailed, match="no value is left"):
        child.then_result(int)


def test_a_child_that_fails_after_its_first_value_says_so():
    child = Forked(lambda: 1, then=(lambda: 1 / 0,))
    assert child.result(int) == 1
    with pytest.raises(ChildFailed, match="ZeroDivisionError"):
        child.then_result(int)


def test_a_child_that_dies_between_its_values_says_so():
    import os as _os

    child = Forked(lambda: 1, then=(lambda: _os._exit(7),))
    assert child.result(int) == 1
    with pytest.raises(ChildFailed, match="exit status 7"):
        child.then_result(int)
