"""Many sessions at once without browsers: websocket clients speaking Streamlit's own protocol.

Each client does what the browser does, minus drawing: it GETs the page (keeping the cookies the server or
a proxy sets, so a sticky proxy routes its websocket like a browser's), connects to `/_stcore/stream`,
asks for the page (BackMsg rerun_script with the page name), and reads ForwardMsgs until script_finished
(past a run that finished early because a widget's callback asked for another: the browser waits for that
one). It remembers each widget's id and the fragment it was drawn in, the page's script hash and the query
string the app last wrote, and sends them back the way the browser does: a widget drawn inside an
`st.fragment` reruns with that fragment's id (so the server reruns only the fragment, or the fragments the
widget's callback names with `st.rerun(key)`), any other widget reruns the whole page. Changing a filter
flips the "Show derived figures" toggle; clicking a point sends a chart's selection (the first point that
carries a figure id) as the chart's widget value.

Times are the server's, as the browser would receive them, without the browser's own rendering (on a
2-core machine, many browsers would measure mostly themselves). Only loopback addresses are meant here;
every read has a time limit.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

TOGGLE_LABEL = "Show derived figures"
"""The Explore filter the concurrent sessions change (a toggle: derived figures shown or hidden)."""
WIDGETS = ("checkbox", "multiselect", "slider", "selectbox", "radio", "button", "download_button", "text_input")


@dataclass
class Widget:
    id: str
    fragment_id: str
    value: Any = None
    """The checkbox's current value (other widgets: None)."""


@dataclass
class Chart:
    id: str
    """Widget id (empty when the chart takes no clicks)."""
    fragment_id: str
    points: int
    digest: str
    """Hash of the chart's data: changes when the chart is drawn with other data."""
    point: dict[str, Any] | None
    """The first point that carries a figure id (customdata), as a Plotly click reports it."""


@dataclass
class Reply:
    seconds: float
    fragment_id: str
    """The fragment that ran ("" = the whole page)."""
    charts: list[Chart]
    exceptions: list[str]
    elements: int


def _length(array: Any) -> int:
    """Points in a Plotly data array: a list, or Plotly's typed array {dtype, bdata} (base64)."""
    if isinstance(array, list):
        return len(array)
    if isinstance(array, dict) and "bdata" in array:
        size = int("".join(c for c in str(array.get("dtype", "f8")) if c.isdigit()) or 8)
        return len(base64.b64decode(array["bdata"])) // size
    return 0


def _chart(element: Any, fragment_id: str) -> Chart:
    spec = json.loads(element.spec)
    traces = spec.get("data", [])
    points = sum(_length(t.get("customdata") or t.get("x") or t.get("y") or []) for t in traces)
    point = None
    for number, trace in enumerate(traces):
        custom = trace.get("customdata")
        if isinstance(custom, list) and custom:
            point = {"curve_number": number, "point_number": 0, "point_index": 0, "customdata": custom[0]}
            for axis in ("x", "y"):
                if isinstance(trace.get(axis), list) and trace[axis]:
                    point[axis] = trace[axis][0]
            break
    digest = hashlib.sha1(json.dumps(traces, sort_keys=True).encode()).hexdigest()[:12]
    return Chart(element.id, fragment_id, points, digest, point)


def _merge(charts: list[Chart], redrawn: list[Chart], fragments: set[str]) -> list[Chart]:
    """The page's charts after a fragment run: those of the redrawn fragments replaced in place."""
    merged: list[Chart] = []
    for chart in charts:
        if chart.fragment_id not in fragments:
            merged.append(chart)
        elif redrawn:
            merged += redrawn
            redrawn = []
    return merged + redrawn


class Session:
    """One visitor: a websocket session of the app, with what the browser would remember of it."""

    def __init__(self, url: str, page: str, timeout: float = 60):
        self.url, self.page, self.timeout = url.rstrip("/"), page, timeout
        self.socket: Any = None
        self.cookie = ""
        self.page_script_hash = ""
        self.query_string = ""
        self.widgets: dict[str, Widget] = {}
        """By label."""
        self.charts: list[Chart] = []
        self.clicked = ""
        """Figure id of the last point clicked."""

    async def open(self) -> Reply:
        """GET the page, connect the websocket, render the page: the time from the GET to script_finished."""
        started = time.perf_counter()
        self.cookie = await asyncio.wait_for(asyncio.to_thread(self._get_page), self.timeout)
        headers = {"Cookie": self.cookie} if self.cookie else {}
        self.socket = await asyncio.wait_for(
            websockets.connect(
                f"{self.url.replace('http', 'ws', 1)}/_stcore/stream",
                subprotocols=["streamlit"],  # type: ignore[list-item]
                additional_headers=headers,
                max_size=None,
                open_timeout=self.timeout,
                ping_interval=None,  # a browser sends no pings; it only answers the server's
            ),
            self.timeout,
        )
        reply = await self._rerun(None, "", started)
        return reply

    def _get_page(self) -> str:
        with urllib.request.urlopen(f"{self.url}/{self.page}", timeout=self.timeout) as response:
            response.read()
            cookies = SimpleCookie()
            for header in response.headers.get_all("Set-Cookie") or []:
                cookies.load(header)
        return "; ".join(f"{name}={morsel.value}" for name, morsel in cookies.items())

    async def close(self) -> None:
        if self.socket is not None:
            await self.socket.close()

    def toggle(self, label_start: str = TOGGLE_LABEL) -> Widget:
        widget = next((w for label, w in self.widgets.items() if label.startswith(label_start)), None)
        if widget is None:
            raise LookupError(f"no widget labelled '{label_start}...' on the page")
        return widget

    async def change_filter(self, label_start: str = TOGGLE_LABEL) -> Reply:
        """Flip a toggle; rerun its fragment (or the page) as the browser would."""
        widget = self.toggle(label_start)
        message = self._request(widget.fragment_id)
        state = message.rerun_script.widget_states.widgets.add()
        state.id, state.bool_value = widget.id, not widget.value
        widget.value = not widget.value  # as the browser keeps it, though a callback may not draw the toggle again
        return await self._rerun(message, widget.fragment_id)

    async def click_point(self) -> Reply:
        """Select the first clickable point of the first chart that has one, as a Plotly click does."""
        chart = next((c for c in self.charts if c.id and c.point), None)
        if chart is None:
            raise LookupError("no chart on the page takes clicks")
        self.clicked = str(chart.point["customdata"][0] if isinstance(chart.point["customdata"], list) else "")
        selection = {"selection": {"points": [chart.point], "point_indices": [0], "box": [], "lasso": []}}
        message = self._request(chart.fragment_id)
        state = message.rerun_script.widget_states.widgets.add()
        state.id, state.string_value = chart.id, json.dumps(selection)
        return await self._rerun(message, chart.fragment_id)

    def _request(self, fragment_id: str = "") -> BackMsg:
        message = BackMsg()
        rerun = message.rerun_script
        rerun.query_string = self.query_string
        if self.page_script_hash:
            rerun.page_script_hash = self.page_script_hash
        else:
            rerun.page_name = self.page
        if fragment_id:
            rerun.fragment_id = fragment_id
        return message

    async def _rerun(self, message: BackMsg | None, fragment_id: str, started: float | None = None) -> Reply:
        started = started or time.perf_counter()
        await self.socket.send((message or self._request()).SerializeToString())
        charts: list[Chart] = []
        exceptions: list[str] = []
        elements = 0
        drawn: set[str] = set()
        """Fragments whose elements this reply redraws (a fragment's run redraws the fragments it calls; a
        callback may have another fragment run instead of the widget's own)."""
        while True:
            raw = await asyncio.wait_for(self.socket.recv(), self.timeout)
            forward = ForwardMsg()
            forward.ParseFromString(raw)
            kind = forward.WhichOneof("type")
            if kind == "script_finished" and forward.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                break
            if kind == "new_session" and forward.new_session.page_script_hash:
                self.page_script_hash = forward.new_session.page_script_hash
            elif kind == "navigation" and forward.navigation.page_script_hash:
                self.page_script_hash = forward.navigation.page_script_hash
            elif kind == "page_info_changed":
                self.query_string = forward.page_info_changed.query_string
            elif kind == "delta":
                drawn.add(forward.delta.fragment_id)
                if forward.delta.WhichOneof("type") == "new_element":
                    elements += 1
                    self._element(forward.delta.new_element, forward.delta.fragment_id, charts, exceptions)
        seconds = time.perf_counter() - started
        self.charts = _merge(self.charts, charts, drawn) if fragment_id else charts
        return Reply(seconds, fragment_id, charts, exceptions, elements)

    def _element(self, element: Any, fragment_id: str, charts: list[Chart], exceptions: list[str]) -> None:
        element_type = element.WhichOneof("type")
        if element_type == "exception":
            exceptions.append(element.exception.message)
        elif element_type == "plotly_chart":
            charts.append(_chart(element.plotly_chart, fragment_id))
        elif element_type in WIDGETS:
            widget = getattr(element, element_type)
            value = None
            if element_type == "checkbox":
                value = widget.value if widget.set_value else widget.default
            self.widgets[widget.label] = Widget(widget.id, fragment_id, value)


@dataclass
class Report:
    sessions: int
    open_times: list[float] = field(default_factory=list)
    filter_times: list[float] = field(default_factory=list)
    click_times: list[float] = field(default_factory=list)
    fragment_reruns: dict[str, int] = field(default_factory=dict)
    """How many filter changes and clicks reran a fragment rather than the whole page."""
    points: list[int] = field(default_factory=list)
    """Points each chart carries after opening (of one session), in page order."""
    errors: list[str] = field(default_factory=list)


async def _phase(
    name: str, sessions: dict[int, Session], action: str, times: list[float], report: Report
) -> dict[int, Session]:
    """Every live session does `action` at once; returns the sessions that succeeded."""

    async def one(index: int, session: Session) -> bool:
        try:
            before = [c.digest for c in session.charts]
            reply: Reply = await getattr(session, action)()
        except Exception as error:
            report.errors.append(f"client {index}: {name}: {type(error).__name__}: {error}")
            return False
        times.append(reply.seconds)
        if reply.fragment_id:
            report.fragment_reruns[name] = report.fragment_reruns.get(name, 0) + 1
        report.errors += [f"client {index}: {name}: exception on the page: {e}" for e in reply.exceptions]
        if action == "open" and not reply.charts:
            report.errors.append(f"client {index}: {name}: no chart on the page")
        if action == "change_filter" and [c.digest for c in session.charts] == before:
            report.errors.append(f"client {index}: {name}: no chart changed")
        if action == "click_point" and session.clicked not in session.query_string:
            report.errors.append(f"client {index}: {name}: the page address does not name the clicked figure")
        return not reply.exceptions

    outcome = await asyncio.gather(*(one(i, s) for i, s in sessions.items()))
    return {i: s for (i, s), ok in zip(sessions.items(), outcome, strict=True) if ok}


STEPS = ("open", "change a filter", "click a point")


async def run(
    url: str,
    page: str = "explore",
    sessions: int = 20,
    timeout: float = 60,
    steps: tuple[str, ...] = STEPS,
    between: Callable[[str], None] | None = None,
) -> Report:
    """`sessions` clients open `page` at once; then all change the filter at once; then all click a point at once.

    `steps` can stop earlier (("open",) for a page without the filter); `between(step)` is called before
    each step and with "end" after the last (e.g. to read the server's CPU time).
    """
    report = Report(sessions)
    clients = {i: Session(url, page, timeout) for i in range(sessions)}
    actions = {
        "open": ("open", report.open_times),
        "change a filter": ("change_filter", report.filter_times),
        "click a point": ("click_point", report.click_times),
    }
    live = clients
    try:
        for step in steps:
            if between:
                between(step)
            action, times = actions[step]
            live = await _phase(step, live, action, times, report)
            if step == "open" and live:
                report.points = [c.points for c in next(iter(live.values())).charts]
        if between:
            between("end")
    finally:
        await asyncio.gather(*(c.close() for c in clients.values()), return_exceptions=True)
    return report
