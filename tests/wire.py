"""A Streamlit client without a browser: speaks the app's websocket protocol, for tests and timings."""

from __future__ import annotations

import json
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.sync.client import connect

TIMEOUT = 30.0
EARLY = ForwardMsg.FINISHED_EARLY_FOR_RERUN
FRAGMENT_DONE = ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY


@dataclass
class Element:
    kind: str  # the Element oneof: "button", "text_input", "component_instance", "plotly_chart", ...
    proto: object  # that field's message
    fragment_id: str

    @property
    def label(self) -> str:
        return getattr(self.proto, "label", "")

    @property
    def args(self) -> dict:
        """A custom component's arguments."""
        return json.loads(self.proto.json_args or "{}")


@dataclass
class Run:
    """What the server sent between a request and the end of the run(s) it caused."""

    seconds: float
    messages: list[ForwardMsg]
    # One status per run that ended (a run cut short by st.rerun is followed by the next one).
    statuses: list[int] = field(default_factory=list)

    @property
    def elements(self) -> list[Element]:
        found = []
        for message in self.messages:
            if message.WhichOneof("type") == "delta" and message.delta.WhichOneof("type") == "new_element":
                kind = message.delta.new_element.WhichOneof("type")
                if kind:
                    proto = getattr(message.delta.new_element, kind)
                    found.append(Element(kind, proto, message.delta.fragment_id))
        return found

    @property
    def blocks(self) -> list[Element]:
        found = []
        for message in self.messages:
            if message.WhichOneof("type") == "delta" and message.delta.WhichOneof("type") == "add_block":
                kind = message.delta.add_block.WhichOneof("type")
                if kind:
                    proto = getattr(message.delta.add_block, kind)
                    found.append(Element(kind, proto, message.delta.fragment_id))
        return found

    def find(self, kind: str, **where: object) -> list[Element]:
        out = []
        for element in self.elements:
            if element.kind != kind:
                continue
            if all(
                (element.args.get(name) if kind == "component_instance" else getattr(element.proto, name))
                == value
                for name, value in where.items()
            ):
                out.append(element)
        return out

    def texts(self) -> str:
        parts = []
        for element in self.elements:
            for name in ("body", "label"):
                value = getattr(element.proto, name, None)
                if isinstance(value, str):
                    parts.append(value)
        return "\n".join(parts)

    @property
    def full_runs(self) -> int:
        """Whole runs of the script that ended (not a fragment's, not one cut short for a rerun)."""
        return sum(status == ForwardMsg.FINISHED_SUCCESSFULLY for status in self.statuses)

    @property
    def bytes(self) -> int:
        return sum(message.ByteSize() for message in self.messages)


class Session:
    """One browser tab's conversation with a `streamlit run` server."""

    def __init__(self, base_url: str, *, cookies: dict[str, str] | None = None) -> None:
        parts = urlsplit(base_url)
        headers = {}
        if cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
        self.base_url = base_url
        self._stack = ExitStack()
        self.socket = self._stack.enter_context(
            connect(
                f"ws://{parts.netloc}/_stcore/stream",
                subprotocols=["streamlit"],
                additional_headers=headers,
                max_size=None,
                open_timeout=TIMEOUT,
            )
        )
        self.page_name = ""
        self.query = ""
        self.page_script_hash = ""  # the page the server last ran, which the browser names on a rerun
        # The widgets' values the browser holds and sends with every run (a click's trigger only once).
        self.widgets: dict[str, WidgetState] = {}

    def close(self) -> None:
        self._stack.close()

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def send(self, message: BackMsg) -> None:
        self.socket.send(message.SerializeToString())

    def clear_cache(self) -> None:
        """What the "Clear cache" menu item and the keyboard shortcut "c" send."""
        message = BackMsg()
        message.clear_cache = True
        self.send(message)

    def run(
        self,
        *,
        page: str | None = None,
        query: str | None = None,
        widgets: list[WidgetState] = (),
        fragment_id: str = "",
        runs: int = 1,
    ) -> Run:
        """Ask for a run (a page load, a click: the widgets' states) and wait until `runs` runs have
        ended that were not cut short for a rerun."""
        if page is not None:  # a page load: the browser knows the address, not yet the page
            self.page_name = page
            self.page_script_hash = ""
            self.widgets = {}
        if query is not None:
            self.query = query
        message = BackMsg()
        state = message.rerun_script
        state.page_name = self.page_name
        state.page_script_hash = self.page_script_hash
        state.query_string = self.query
        state.fragment_id = fragment_id
        state.context_info.timezone = "Europe/Oslo"
        state.context_info.locale = "nb-NO"
        state.context_info.url = f"{self.base_url}/{self.page_name}"
        for widget in widgets:
            self.widgets[widget.id] = widget
        for widget in self.widgets.values():
            state.widget_states.widgets.append(widget)
        # A trigger (a button's press) is sent with one run only.
        self.widgets = {key: value for key, value in self.widgets.items() if not _is_trigger(value)}
        start = time.perf_counter()
        self.send(message)
        return self.receive(runs=runs, start=start)

    def receive(self, *, runs: int = 1, start: float | None = None) -> Run:
        start = time.perf_counter() if start is None else start
        result = Run(0.0, [])
        while sum(status != EARLY for status in result.statuses) < runs:
            remaining = TIMEOUT - (time.perf_counter() - start)
            if remaining <= 0:
                raise TimeoutError(f"no end of run after {TIMEOUT}s; statuses {result.statuses}")
            message = ForwardMsg.FromString(self.socket.recv(timeout=remaining))
            result.messages.append(message)
            if message.WhichOneof("type") == "navigation":
                self.page_script_hash = message.navigation.page_script_hash
            if message.WhichOneof("type") == "script_finished":
                result.statuses.append(message.script_finished)
        result.seconds = time.perf_counter() - start
        return result


def _is_trigger(widget: WidgetState) -> bool:
    return widget.WhichOneof("value") in ("trigger_value", "string_trigger_value", "json_trigger_value")


def text(widget_id: str, value: str) -> WidgetState:
    return WidgetState(id=widget_id, string_value=value)


def trigger(widget_id: str) -> WidgetState:
    return WidgetState(id=widget_id, trigger_value=True)


def choice(widget_id: str, *labels: str) -> WidgetState:
    """A segmented control's or multiselect's choice, as the labels shown."""
    state = WidgetState(id=widget_id)
    state.string_array_value.data.extend(labels)
    return state


def component_value(widget_id: str, value: object) -> WidgetState:
    return WidgetState(id=widget_id, json_value=json.dumps(value))


def report_components(session: Session, run: Run, method: str, value: object) -> Run | None:
    """What the browser does after drawing a run with a custom component (streamlit-authenticator's
    cookie manager): the component reports its value, which asks for a run (of its fragment, if it
    is drawn in one). None if the run drew no such component."""
    found = run.find("component_instance", method=method)
    if not found:
        return None
    component = found[-1]
    return session.run(
        widgets=[component_value(component.proto.id, value)], fragment_id=component.fragment_id
    )


def load(session: Session, page: str = "", query: str = "") -> tuple[Run, Run]:
    """Open a page as the browser does: the run, then the cookie component's report of the browser's
    cookies (drawn only while the app has the browser delete the login cookie). Returns the two runs;
    the last run is the second, unless the first drew no cookie component."""
    loaded = session.run(page=page, query=query)
    reported = report_components(session, loaded, "getAll", {})
    return loaded, reported or loaded


def log_in(session: Session, username: str, password: str, *, after: Run) -> tuple[Run, Run | None]:
    """Submit the login form drawn in `after` as the browser does (the form's fields and the pressed
    submit button in one request); a cookie component that sets the login cookie, if one is drawn,
    reports back. Returns (the login run, the run the report asked for, if any: the app's own writer
    of the login cookie reports nothing)."""
    username_field = after.find("text_input", label="Brukernavn")[0]
    password_field = after.find("text_input", label="Passord")[0]
    submit = after.find("button", label="Logg inn")[0]
    done = session.run(
        widgets=[
            text(username_field.proto.id, username),
            text(password_field.proto.id, password),
            trigger(submit.proto.id),
        ]
    )
    return done, report_components(session, done, "set", True)
