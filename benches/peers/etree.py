"""Python's peer for `benches/compare`: what a vendor's hand-written reader does with xml.etree —
parse a result file and turn every element into a dict of its children's text (no code tables,
dates or checks, which onshi also does). Shift_JIS is decoded first: expat reads no multi-byte
legacy encoding."""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET
from typing import Callable, Union

Value = Union[str, None, "dict[str, Value]"]


def fields(el: ET.Element) -> Value:
    """An element as its text (a leaf) or a dict of its children."""
    if len(el) == 0:
        return el.text
    return {child.tag: fields(child) for child in el}


def text_of(data: bytes) -> Union[str, bytes]:
    return data.decode("cp932") if b"Shift_JIS" in data[:100] else data


def read_file(data: bytes) -> Value:
    """A single result file, whole."""
    return fields(ET.fromstring(text_of(data)))


def read_batch(data: bytes) -> int:
    """A 一括照会 result, streamed in 64 KB pieces; each unit is read into a dict, then dropped."""
    source = text_of(data)
    parser = ET.XMLPullParser(events=("end",))
    units = 0
    for i in range(0, len(source), 65536):
        parser.feed(source[i : i + 65536])
        for _event, el in parser.read_events():
            if el.tag == "BulkConfirmUnit":
                fields(el)
                units += 1
                el.clear()
    parser.close()
    return units


def seconds_per_call(job: Callable[[], object]) -> float:
    """Best of five runs of at least 0.2 s each."""
    job()
    best = float("inf")
    for _ in range(5):
        start, rounds = time.perf_counter(), 0
        while time.perf_counter() - start < 0.2:
            job()
            rounds += 1
        best = min(best, (time.perf_counter() - start) / rounds)
    return best


def time_file(data: bytes) -> float:
    batch = b"<BulkConfirmUnit" in data
    return seconds_per_call(lambda: read_batch(data) if batch else read_file(data))
