"""Writes fuzzing seeds from the repository's own fixtures and conformance vectors (and, when it is
there, the anonymised OQS sample in ../shared, read in place): one file per seed, per target."""

import json
import pathlib
import sys

REPO = pathlib.Path(__file__).resolve().parent.parent
out = pathlib.Path(sys.argv[1])


def write(target: str, name: str, data: bytes) -> None:
    folder = out / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)


for xml in sorted((REPO / "crates" / "onshi-oqs" / "tests" / "fixtures").glob("*.xml")):
    write("oqs", xml.name, xml.read_bytes())
    write("c_api", "oqs-" + xml.name, b"\x01" + xml.read_bytes())
    for step in (1, 7, 64):
        write("batch_chunks", f"{step}-{xml.name}", bytes([step - 1]) + xml.read_bytes())
# A small 一括照会 result, written here (the tests build larger ones).
unit = (
    "<BulkConfirmUnit><QualificationConfirmSearchInfo><InsurerNumber>06130017</InsurerNumber>"
    "<ArbitraryIdentifier>chart-{i}</ArbitraryIdentifier></QualificationConfirmSearchInfo>"
    "<ProcessingResultStatus>1</ProcessingResultStatus><QualificationValidity>1</QualificationValidity>"
    "<ResultOfQualificationConfirmation><Name>受診　●者</Name><InsurerNumber>06130017</InsurerNumber>"
    "</ResultOfQualificationConfirmation></BulkConfirmUnit>"
)
batch = (
    '<?xml version="1.0" encoding="UTF-8"?><XmlMsg><MessageHeader><CharacterCodeIdentifier>0'
    "</CharacterCodeIdentifier><NumberOfProcessingResult>3</NumberOfProcessingResult></MessageHeader>"
    "<MessageBody>" + "".join(unit.format(i=i) for i in range(3)) + "</MessageBody></XmlMsg>"
).encode()
for step in (1, 7, 64):
    write("batch_chunks", f"{step}-batch.xml", bytes([step - 1]) + batch)
    write("oqs", "batch.xml", batch)
# Watcher event sequences: (operation, argument) pairs — half write, poll, complete, poll, rewrite.
write("watch_events", "pieces", bytes([0, 200, 4, 0, 1, 1, 4, 0, 2, 2, 4, 0]))
write("watch_events", "two-names", bytes([0, 90, 8, 0, 9, 3, 4, 0, 11, 5, 1, 3]))
sample = REPO.parent / "shared" / "data" / "oqs-samples"
for xml in sorted(sample.glob("*.xml")) if sample.is_dir() else []:
    write("oqs", "shared-" + xml.name, xml.read_bytes())

for vectors in sorted((REPO / "tests" / "vectors").glob("*.json")):
    suite = json.loads(vectors.read_text())
    for case in suite.get("cases", []):
        given = case.get("input")
        name = f"{vectors.stem}-{case.get('id', 'case')}"
        if isinstance(given, dict) and "presented" in given:
            text = json.dumps(given, ensure_ascii=False).encode()
            write("visit_json", name, text)
            write("c_api", "visit-" + name, b"\x00" + text)
        elif isinstance(given, dict) and "value" in given:
            write("numbers", name, str(given["value"]).encode())
            write("personal_number", name, str(given["value"]).encode())

# The published example 個人番号 between separators of every kind, and inside free text.
for i, sep in enumerate(["~", "\u00b7", "\u202e", "\u2066", "\u180e", "\u034f", "\ufe0f", "\U000e0041", "\u30fc"]):
    write("personal_number", f"separated-{i}", f"9832{sep}0567{sep}3214".encode())
write("personal_number", "free-text", "番号983205673214です".encode())
write("personal_number", "json-float", b'{"at": "2026-01-15", "x": 983205673214.0}')

rules = REPO / "crates" / "onshi" / "rules" / "default.json"
if rules.is_file():
    write("rules_json", "default.json", rules.read_bytes())
    write("c_api", "rules-default.json", b"\x04" + rules.read_bytes())

certificates = out / "certificate"
for cert in sorted(certificates.glob("*")) if certificates.is_dir() else []:
    write("c_api", "cert-" + cert.name, b"\x03" + cert.read_bytes())

# The simulated card's answers to a certificate read: SELECT ok, then data chunks.
write("apdu", "ok-answers", bytes([2, 0x90, 0x00]) * 8)
write("apdu", "pin-counter", bytes([2, 0x90, 0x00, 2, 0x63, 0xC3, 2, 0x63, 0xC1]))
