"""Many sessions at once without browsers: websocket clients speaking Streamlit's own protocol.

Each client connects to the app's websocket (127.0.0.1), asks for a page the way the browser does
(BackMsg rerun_script), reads the ForwardMsgs until script_finished, then changes a filter by sending
the new value of one widget. The time to script_finished is the server's time to send the updated
chart, as the browser would receive it, without the browser's own rendering (on this 2-core machine,
20 browsers would measure mostly themselves).
"""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass, field

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

TOGGLE_LABEL = "Show derived figures"


@dataclass
class Render:
    seconds: float
    widgets: dict[str, str]
    """Widget id by label."""
    points: list[int]
    """Points each chart carries, in page order."""
    exceptions: list[str]


@dataclass
class Report:
    sessions: int
    open_times: list[float] = field(default_factory=list)
    update_times: list[float] = field(default_factory=list)
    points_before: list[int] = field(default_factory=list)
    points_after: list[int] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


async def _render(socket: object, message: BackMsg, timeout: float) -> Render:
    started = time.perf_counter()
    await socket.send(message.SerializeToString())  # type: ignore[attr-defined]
    widgets: dict[str, str] = {}
    points: list[int] = []
    exceptions: list[str] = []
    while True:
        raw = await asyncio.wait_for(socket.recv(), timeout)  # type: ignore[attr-defined]
        forward = ForwardMsg()
        forward.ParseFromString(raw)
        kind = forward.WhichOneof("type")
        if kind == "script_finished":
            return Render(time.perf_counter() - started, widgets, points, exceptions)
        if kind != "delta" or forward.delta.WhichOneof("type") != "new_element":
            continue
        element = forward.delta.new_element
        element_type = element.WhichOneof("type")
        if element_type == "exception":
            exceptions.append(element.exception.message)
        elif element_type == "plotly_chart":
            spec = json.loads(element.plotly_chart.spec)
            points.append(sum(len(trace.get("x") or trace.get("y") or []) for trace in spec.get("data", [])))
        elif element_type in ("checkbox", "multiselect", "slider", "selectbox"):
            widget = getattr(element, element_type)
            widgets[widget.label] = widget.id


def _page_request(page: str, toggle: tuple[str, bool] | None = None) -> BackMsg:
    message = BackMsg()
    message.rerun_script.page_name = page
    message.rerun_script.query_string = ""
    if toggle is not None:
        state = message.rerun_script.widget_states.widgets.add()
        state.id, state.bool_value = toggle
    return message


async def _client(url: str, page: str, index: int, start: asyncio.Event, report: Report, timeout: float) -> None:
    try:
        async with websockets.connect(
            f"{url.replace('http', 'ws', 1)}/_stcore/stream", subprotocols=["streamlit"], max_size=None
        ) as socket:
            first = await _render(socket, _page_request(page), timeout)
            report.open_times.append(first.seconds)
            report.errors += [f"client {index}: exception on the page: {e}" for e in first.exceptions]
            toggle = next((wid for label, wid in first.widgets.items() if label.startswith(TOGGLE_LABEL)), None)
            if toggle is None:
                report.errors.append(f"client {index}: no '{TOGGLE_LABEL}' toggle on the page")
                return
            report.points_before = first.points
            await start.wait()
            updated = await _render(socket, _page_request(page, (toggle, False)), timeout)
            report.update_times.append(updated.seconds)
            report.errors += [f"client {index}: exception after the change: {e}" for e in updated.exceptions]
            if updated.points == first.points:
                report.errors.append(f"client {index}: the charts did not change ({updated.points})")
            report.points_after = updated.points
    except Exception as error:
        report.errors.append(f"client {index}: {type(error).__name__}: {error}")


async def run(url: str, page: str, sessions: int = 20, timeout: float = 60) -> Report:
    """`sessions` clients open `page` at once; when all have it, all change the filter at once."""
    report = Report(sessions)
    start = asyncio.Event()
    clients = [asyncio.create_task(_client(url, page, i, start, report, timeout)) for i in range(sessions)]
    deadline = time.monotonic() + timeout
    while len(report.open_times) + len(report.errors) < sessions and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    start.set()
    await asyncio.gather(*clients)
    return report
