"""Times `onshi batch prepare` and `onshi batch report` on 10,000 and 100,000 generated
reservations (benches/examples/batch_files.rs) and reads each process's peak memory, so the
table shows both the time and how memory grows with ×10 the file; then `batch report` on
1,000,000 stored records in another order than the answers (the records index). Run through
`benches/batch`."""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys

TURNS = 3


def run(command: list[str], cwd: pathlib.Path) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of one run; the output goes to /dev/null. GNU time measures:
    a process's peak counts the memory of the process that started it (fork and exec keep the
    high-water mark), so the small `time` starts onshi rather than this Python."""
    with open(os.devnull, "wb") as null:
        done = subprocess.run(
            ["/usr/bin/time", "-f", "peak %e %M", *command], cwd=cwd, stdout=null, stderr=subprocess.PIPE
        )
    err = done.stderr.decode(errors="replace")
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{err}")
    _, seconds, rss = err.strip().splitlines()[-1].split()
    return float(seconds), int(rss)


def best(command: list[str], cwd: pathlib.Path, before: list[pathlib.Path]) -> tuple[float, int]:
    """The fastest of TURNS runs (a burst of load slows one turn, not the figure)."""
    turns = []
    for _ in range(TURNS):
        for path in before:
            path.unlink(missing_ok=True)
        turns.append(run(command, cwd))
    return min(t for t, _ in turns), max(r for _, r in turns)


def main(onshi: pathlib.Path, generate: pathlib.Path, work: pathlib.Path) -> int:
    figures = {}
    for n in (10_000, 100_000):
        folder = work / str(n)
        subprocess.run([str(generate), str(n), str(folder)], check=True)
        request = folder / "OQSmuquc01req_B20261201.xml"
        prepare = best(
            [str(onshi), "batch", "prepare", "reservations.csv", "--institution", "1311111111"],
            folder,
            [request],
        )
        report = best(
            [str(onshi), "batch", "report", "result.xml", "--records", "records.csv", "--date", "2026-12-01"],
            folder,
            [],
        )
        size = sum((folder / f).stat().st_size for f in ("reservations.csv", "records.csv", "result.xml"))
        figures[n] = (prepare, report, size)
    small, big = figures[10_000], figures[100_000]
    print(f"| step | 100,000 reservations | peak RSS | 10,000: peak RSS | RSS growth for ×10 | goal |")
    print("|---|---|---|---|---|---|")
    for i, step in enumerate(("`onshi batch prepare` (Shift_JIS CSV → request)", "`onshi batch report` (result + records CSV → CSV report)")):
        (seconds, rss), (_, small_rss) = big[i], small[i]
        print(f"| {step} | {seconds:.2f} s | {rss / 1024:.1f} MiB | {small_rss / 1024:.1f} MiB | ×{rss / small_rss:.2f} | < 2 s, flat |")
    print(f"\nfiles for 100,000 reservations: {big[2] / 1e6:.0f} MB in all")
    # A receipt system exports its records in its own order: a million of them, shuffled.
    n = 1_000_000
    folder = work / f"{n}-shuffled"
    subprocess.run([str(generate), str(n), str(folder), "--shuffled"], check=True)
    seconds, rss = best(
        [str(onshi), "batch", "report", "result.xml", "--records", "records.csv", "--date", "2026-12-01"],
        folder,
        [],
    )
    records = (folder / "records.csv").stat().st_size / 1e6
    result = (folder / "result.xml").stat().st_size / 1e6
    print(f"\n| `onshi batch report`, {n:,} records ({records:.0f} MB) in another order than the {n:,} answers ({result:.0f} MB) | {seconds:.2f} s | {rss / 1024:.1f} MiB | ≤ 10 s, ≤ 200 MB |")
    return 0


if __name__ == "__main__":
    sys.exit(main(pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3])))
