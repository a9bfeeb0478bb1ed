#!/usr/bin/env python3
"""Side-by-side: Python's xml.etree on the files `cargo bench -p onshi-benches --bench oqs` wrote to
target/oqs-bench/. Prints MB/s per file; compare with the Rust bench's summary lines."""
import pathlib, sys, time
import xml.etree.ElementTree as ET

root = pathlib.Path(__file__).resolve().parent.parent / "target" / "oqs-bench"
if not root.is_dir():
    sys.exit(f"{root} is missing: run `cargo bench -p onshi-benches --bench oqs` first")
for name in ["face-utf8.xml", "face-sjis.xml", "batch-utf8.xml", "batch-sjis.xml"]:
    data = (root / name).read_bytes()
    sjis = "sjis" in name
    rounds = 2000 if name.startswith("face") else 3
    start = time.perf_counter()
    for _ in range(rounds):
        # expat reads no multi-byte legacy encodings: Shift_JIS must be decoded to text first.
        source = data.decode("cp932") if sjis else data
        if name.startswith("face"):
            ET.fromstring(source)
        else:
            # Streaming, like the Rust side: feed in 64 KB chunks, clear each unit once read.
            parser = ET.XMLPullParser(events=("end",))
            step = 65536
            for i in range(0, len(source), step):
                parser.feed(source[i:i + step])
                for _event, el in parser.read_events():
                    if el.tag == "BulkConfirmUnit":
                        el.clear()
            parser.close()
    secs = time.perf_counter() - start
    note = " (incl. cp932 decode)" if sjis else ""
    print(f"{name}: {len(data) * rounds / secs / 1e6:.0f} MB/s (python xml.etree{note})")
