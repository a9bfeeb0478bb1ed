// The TypeScript API beyond the vectors: errors as classes with kind and field, a panic as an
// error, the generated unions against the core, and the watcher as an async iterator.
import { test } from "node:test";
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as onshi from "onshi";

const FIXTURES = path.resolve(__dirname, "../../../../crates/onshi-oqs/tests/fixtures");
const native = onshi as unknown as { _testPanic(): void; _vocabularies(): Record<string, string[]> };

test("a refused visit throws InvalidInput with the core's kind, field and ja/en summary", () => {
  const e = assert.throws(() => onshi.decide(onshi.RuleSet.builtin(), { at: "soon" } as onshi.Visit), (e: unknown) => {
    assert.ok(e instanceof onshi.InvalidInput && e instanceof onshi.OnshiError && e instanceof Error);
    assert.equal(e.kind, "invalid");
    assert.equal(e.field, "at");
    assert.equal(e.summaryEn, "the input cannot be decided on");
    assert.ok(e.summaryJa.length > 0 && e.message.includes("soon"));
    return true;
  });
  assert.equal(e, undefined);
});

test("a visit object and its JSON text are the same visit; a value that is neither is InvalidInput", () => {
  const rules = onshi.RuleSet.builtin();
  const vectors = path.resolve(__dirname, "../../../../tests/vectors/reception.json");
  const visit = (JSON.parse(fs.readFileSync(vectors, "utf-8")) as { cases: Array<{ input: onshi.Visit }> }).cases[0]!.input;
  assert.deepEqual(onshi.decide(rules, visit).toObject(), onshi.decide(rules, JSON.stringify(visit)).toObject());
  for (const bad of [undefined, () => 1, Symbol("visit")]) {
    assert.throws(() => onshi.decide(rules, bad as unknown as onshi.Visit), (e: unknown) => e instanceof onshi.InvalidInput && e.field === ".");
  }
  // A 12-digit 個人番号 in an object is refused like one in JSON text (the object is read as text).
  const numbered = { ...visit, patient: { ...(visit.patient as object), note: "983205673214" } };
  assert.throws(() => onshi.decide(rules, numbered), (e: unknown) => e instanceof onshi.InvalidInput && e.kind === "personal_number");
});

test("a 12-digit 個人番号 is refused as such and never quoted back", () => {
  assert.throws(() => onshi.toWareki("9832 0567 3214"), (e: unknown) => {
    assert.ok(e instanceof onshi.InvalidInput);
    assert.equal(e.kind, "personal_number");
    assert.ok(!e.message.includes("0567"));
    return true;
  });
});

test("a panic inside the addon is an OnshiError of kind internal, and the addon stays usable", () => {
  assert.throws(() => native._testPanic(), (e: unknown) => e instanceof onshi.OnshiError && e.kind === "internal");
  assert.equal(onshi.RuleSet.builtin().version.length > 0, true);
});

test("a bad rule table throws RuleError; a bad slug names its argument", () => {
  assert.throws(() => onshi.RuleSet.fromJson("{"), onshi.RuleError);
  assert.throws(() => onshi.verifyNumber("nonsense" as onshi.NumberKind, "1"), (e: unknown) => e instanceof onshi.InvalidInput && e.field === "kind");
});

test("every generated union lists the core's slugs in the core's order", () => {
  const core = native._vocabularies();
  const exported = onshi as unknown as Record<string, unknown>;
  for (const name of ["Coverage", "Route", "Alert", "Action", "ErrorKind", "CertificateStatus", "ScriptStep", "ReconcileOutcome"]) {
    assert.deepEqual(exported[name], core[name], name);
  }
});

test("a result file decides a visit, and a new file in the exchange folder arrives through the async iterator", async () => {
  const xml = fs.readFileSync(path.join(FIXTURES, "face-sjis-late-elderly.xml"));
  const visit = onshi.OqsResult.parse(xml).visit();
  const decision = onshi.decide(onshi.RuleSet.builtin(), visit);
  assert.equal(decision.coverage, "covered");
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "onshi-node-watch-"));
  fs.mkdirSync(path.join(root, "res"));
  const watcher = new onshi.OqsWatcher(root, { interval: 20, patience: 0.2 });
  const ticks: number[] = [];
  const timer = setInterval(() => ticks.push(Date.now()), 5);
  setTimeout(() => fs.writeFileSync(path.join(root, "res", "OQSsiquc01res_1.xml"), xml), 50);
  setTimeout(() => fs.writeFileSync(path.join(root, "res", "OQSsiquc01res_2.xml"), "<XmlMsg>not a result</XmlMsg>"), 60);
  const found: onshi.WatchedFile[] = [];
  for await (const file of watcher) {
    found.push(file);
    if (found.length === 2) break;
  }
  clearInterval(timer);
  fs.rmSync(root, { recursive: true });
  assert.deepEqual(found.map((f) => path.basename(f.path)), ["OQSsiquc01res_1.xml", "OQSsiquc01res_2.xml"]);
  assert.equal(found[0]?.result?.online().status !== undefined, true);
  assert.ok(found[1]?.error instanceof onshi.OqsError);
  assert.ok(ticks.length > 5, "the event loop ran timers while the watcher polled");
});
