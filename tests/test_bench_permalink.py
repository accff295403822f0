"""bench/permalink.py: which websocket message marks which stage of a followed `?figure=` link."""

from __future__ import annotations

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.permalink import socket_stages, summary


def _message(kind: str, text: str = "") -> bytes:
    message = ForwardMsg()
    if kind == "new_session":
        message.new_session.SetInParent()
    elif kind == "delta":
        message.delta.new_element.markdown.body = text
    else:
        message.script_finished = ForwardMsg.FINISHED_SUCCESSFULLY
    return message.SerializeToString()


def test_each_stage_is_the_first_message_of_its_kind() -> None:
    frames = [
        (1.0, _message("new_session")),
        (2.0, '{"text frame": "skipped"}'),
        (3.0, _message("delta", "AI Industry Indicators")),
        (4.0, _message("delta", "Quote and source")),
        (5.0, _message("delta", "Quote and source")),
        (6.0, _message("script_finished")),
    ]
    assert socket_stages(frames) == {"session": 1.0, "first delta": 3.0, "dialog sent": 4.0, "script finished": 6.0}


def test_summary_gives_the_median_of_the_runs_that_reached_a_stage() -> None:
    runs = [{"socket": 100.0, "quote in view": 900.0}, {"socket": 300.0}, {"socket": 200.0, "quote in view": 700.0}]
    assert summary(runs) == [
        "  socket              200 ms (100-300, 3 runs)",
        "  quote in view       800 ms (700-900, 2 runs)",
    ], "in the order of STAGES, from the navigation"
