"""Times onshi and its peers on the same inputs in one run and prints one table of ratios.
Run through `benches/compare`, which builds onshi and installs the peers first."""

from __future__ import annotations

import json
import os
import pathlib
import platform
import subprocess
import sys
from typing import Any

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parent
sys.path[:0] = [str(HERE), str(HERE / "peers")]

import etree  # noqa: E402  (benches/peers/etree.py)
import onshi  # noqa: E402
import python_bench  # noqa: E402

OQS_FILES = REPO / "target" / "release" / "examples" / "oqs_files"
REAL_SAMPLE = REPO.parent / "shared" / "data" / "oqs-samples" / "myclinic-face-result-utf8.xml"


# Each program is timed this many times, in turns, and its best time kept: on a shared machine a
# burst of load then slows one turn of one program, not the ratio.
TURNS = 3


def json_lines(command: list[str], env: dict[str, str] | None = None) -> list[dict[str, Any]]:
    out = subprocess.run(command, check=True, capture_output=True, text=True, env=env).stdout
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def best(times: dict[str, float], path: str, seconds: float) -> None:
    times[path] = min(times.get(path, float("inf")), seconds)


def main(work: pathlib.Path, node_modules: pathlib.Path, certs: pathlib.Path) -> int:
    files_dir = work / "files"
    subprocess.run([str(OQS_FILES), "write", str(files_dir)], check=True)
    files = {
        "face result, UTF-8": files_dir / "face-utf8.xml",
        "face result, Shift_JIS": files_dir / "face-sjis.xml",
        "一括照会 result (5,000 units), UTF-8": files_dir / "batch-utf8.xml",
        "一括照会 result (5,000 units), Shift_JIS": files_dir / "batch-sjis.xml",
    }
    if REAL_SAMPLE.is_file():
        files["real anonymised sample (../shared), UTF-8"] = REAL_SAMPLE
    else:
        print(f"note: {REAL_SAMPLE} is absent; the real sample is left out", file=sys.stderr)
    paths = [str(p) for p in files.values()]
    ours: dict[str, float] = {}
    node: dict[str, float] = {}
    ours_from_node: dict[str, float] = {}
    python: dict[str, float] = {}
    decide: dict[str, float] = {}
    visit = str(files_dir / "visit.json")
    node_env = {**os.environ, "NODE_PATH": str(node_modules)}
    node_bench = ["node", str(HERE / "node_bench.js")]
    for _ in range(TURNS):
        for timed in json_lines([str(OQS_FILES), "time", *paths]):
            best(ours, timed["file"], float(timed["seconds_per_file"]))
        for timed in json_lines([*node_bench, "parse", *paths]):
            best(ours_from_node, timed["file"], float(timed["seconds_per_file"]))
        for who, command in (("rust", [str(OQS_FILES)]), ("node", node_bench)):
            best(decide, who, float(json_lines([*command, "decide", visit])[0]["seconds_per_call"]))
        for timed in json_lines(["node", str(HERE / "peers" / "fxp.js"), *paths], env=node_env):
            best(node, timed["file"], float(timed["seconds_per_file"]))
        for file in files.values():
            best(python, str(file), etree.time_file(file.read_bytes()))
    rows: list[tuple[str, str, str, str, str]] = []
    for what, path in files.items():
        size = path.stat().st_size
        t_ours, t_node, t_py = ours[str(path)], node[str(path)], python[str(path)]
        rate = f"{size / t_ours / 1e6:.0f} MB/s"
        rows.append((what, rate, f"xml.etree {size / t_py / 1e6:.0f} MB/s", f"{t_py / t_ours:.1f}×", "≥ 10×, ≥ 200 MB/s"))
        rows.append(("", "", f"fast-xml-parser {size / t_node / 1e6:.0f} MB/s", f"{t_node / t_ours:.1f}×", "≥ 10×"))
        t_from_node = ours_from_node[str(path)]
        rows.append(
            ("", f"from Node {size / t_from_node / 1e6:.0f} MB/s", f"fast-xml-parser {size / t_node / 1e6:.0f} MB/s",
             f"{t_node / t_from_node:.1f}×", "—")
        )
    rust_ns, node_ns = decide["rust"] * 1e9, decide["node"] * 1e9
    rows.append(
        (
            "`decide` (grace-period visit), one call",
            f"Rust {rust_ns:.0f} ns",
            f"from Node {node_ns:.0f} ns",
            f"Node − Rust {node_ns - rust_ns:.0f} ns a call",
            "—",
        )
    )

    rules = onshi.RuleSet.builtin()
    cert_ours, cert_theirs = python_bench.certificate_check_ns(rules, certs)
    rows.append(
        (
            "card certificate check from Python",
            f"{cert_ours / 1000:.1f} µs",
            f"pyca/cryptography {cert_theirs / 1000:.1f} µs",
            f"{cert_theirs / cert_ours:.1f}×",
            "≥ 1×",
        )
    )

    streamed = []
    for units in (10_000, 100_000):
        path = work / f"batch-{units}.xml"
        subprocess.run([str(OQS_FILES), "write-batch", str(units), str(path)], check=True)
        streamed.append(json_lines([str(OQS_FILES), "stream", str(path)])[0])
        path.unlink()
    small, big = streamed
    rows.append(
        (
            f"stream a {big['units']:,}-unit batch from disk ({int(big['bytes']) / 1e6:.0f} MB)",
            f"{big['seconds']} s, peak RSS {int(big['peak_rss_kb']) / 1024:.1f} MiB",
            f"{small['units']:,} units: peak RSS {int(small['peak_rss_kb']) / 1024:.1f} MiB",
            f"RSS ×{int(big['peak_rss_kb']) / int(small['peak_rss_kb']):.2f} for ×10 the file",
            "< 1 s, flat",
        )
    )

    print(f"One run (OQS files: each program's best of {TURNS} turns), {platform.system()} {platform.machine()}, {platform.python_implementation()} {platform.python_version()}, "
          f"node {subprocess.run(['node', '--version'], capture_output=True, text=True).stdout.strip()}; "
          "ratio = the peer's time ÷ onshi's time (higher is better for onshi)\n")
    print("| what | onshi | peer | ratio | goal |")
    print("|---|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit("usage: compare.py WORK_DIR NODE_MODULES CERT_DIR (run benches/compare)")
    sys.exit(main(*(pathlib.Path(a) for a in sys.argv[1:])))
