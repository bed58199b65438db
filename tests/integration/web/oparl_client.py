"""A client of the OParl API for the tests: one request, one object read, the whole API walked."""

from __future__ import annotations

import json

from tests.oparl_spec import problems

API = "/oparl/v1"


def get(web, path: str, token: str | None = None):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return web.request(path if path.startswith("/") else path.removeprefix(web.url), headers=headers)


def read(web, path: str, token: str | None = None) -> dict:
    answer = get(web, path, token)
    assert answer.status == 200, (path, answer.body[:300])
    assert answer.header("content-type") == "application/json; charset=utf-8"
    assert answer.header("access-control-allow-origin") == "*"
    assert answer.header("x-content-type-options") == "nosniff"  # the app's security headers
    return json.loads(answer.body)


def walk(web, token: str | None = None) -> tuple[dict[str, dict], bytes]:
    """Every object reachable from the system object, following every URL of the API (list pages and
    their `next` too), checked against OParl 1.1 on the way; and every answer's bytes."""
    seen: dict[str, dict] = {}
    todo, visited, everything = [web.url + API + "/system"], set(), b""
    while todo:
        url = todo.pop()
        if url in visited or url.endswith("/content"):
            continue
        visited.add(url)
        answer = get(web, url, token)
        assert answer.status == 200, (url, answer.body[:300])
        everything += answer.body
        data = json.loads(answer.body)
        objects = data["data"] if "data" in data else [data]
        for obj in objects:
            assert problems(obj) == [], problems(obj)
            _collect(obj, seen)
        todo += [link for link in _urls(data) if link.startswith(web.url + API)]
    return seen, everything


def _collect(obj: dict, seen: dict[str, dict]) -> None:
    seen[obj["id"]] = obj
    for value in obj.values():
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict) and "type" in item and "id" in item:
                _collect(item, seen)


def _urls(value) -> list[str]:
    if isinstance(value, str):
        return [value] if value.startswith("http") else []
    if isinstance(value, dict):
        return [url for item in value.values() for url in _urls(item)]
    if isinstance(value, list):
        return [url for item in value for url in _urls(item)]
    return []


def kinds(seen: dict[str, dict]) -> set[str]:
    return {obj["type"].rsplit("/", 1)[1] for obj in seen.values()}
