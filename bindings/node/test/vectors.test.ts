// The shared conformance vectors, every file and every case, through the TypeScript API's own
// typed calls (onshi.decide and its Decision, verifyNumber, monthlyCeiling, RuleSet.audit, a
// JavaScript transport under JpkiCard, …). A runner checks every `expect` key itself; a key it
// does not know fails its case. Each file's test counts the cases checked against the file, so a
// case or a suite skipped silently fails. Compiled by `tsc --strict`, run by `node --test`.
import { test } from "node:test";
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import * as iconv from "iconv-lite";
import * as onshi from "onshi";

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any -- vector files are any JSON
type Case = { id: string; input: Json; expect: Json };

const REPO = path.resolve(__dirname, "../../../..");
const VECTORS = path.join(REPO, "tests", "vectors");
const BUILTIN_TABLE = path.join(REPO, "crates", "onshi", "rules", "default.json");
const FILES = fs.readdirSync(VECTORS).filter((f) => f.endsWith(".json")).sort();
const load = (file: string): Json => JSON.parse(fs.readFileSync(file, "utf8"));
const RUNNERS: Record<string, (c: Case) => void> = {};

function onlyKeys(expect: Json, known: string[]): void {
  const unknown = Object.keys(expect).filter((k) => !known.includes(k));
  assert.deepEqual(unknown, [], `expect keys not checked by the TypeScript runner: ${unknown}`);
}

/** The error `f` throws, which must be of `cls`. */
function thrown<T extends onshi.OnshiError>(cls: new (...a: never[]) => T, f: () => unknown): T {
  try {
    f();
  } catch (e) {
    if (e instanceof cls) return e;
    throw new Error(`${e} is not a ${cls.name}`);
  }
  throw new Error(`nothing thrown, ${cls.name} expected`);
}

/** The rule set a case names (its table, the built-in one less some rows, planned rows). */
function caseRules(input: Json): onshi.RuleSet {
  let table = input.rules;
  const drop: Json[] | undefined = input.drop_rows;
  const planned = input.planned;
  delete input.rules, delete input.drop_rows, delete input.planned;
  if (drop !== undefined) {
    const full = load(BUILTIN_TABLE);
    const kept = full.rules.filter((r: Json) => !drop.some((d) => d.id === r.id && d.from === r.from));
    assert.equal(kept.length + drop.length, full.rules.length, "drop_rows names a row the table does not have");
    table = { ...full, rules: kept };
  }
  const rules = table === undefined ? onshi.RuleSet.builtin() : onshi.RuleSet.fromJson(JSON.stringify(table));
  return planned ? rules.withPlannedRows("apply") : rules;
}

for (const file of FILES) {
  test(`every case of ${file} passes through the typed API`, () => {
    const document = load(path.join(VECTORS, file));
    const run = RUNNERS[document.suite];
    assert.ok(run, `suite ${document.suite} has no TypeScript runner`);
    const failures: string[] = [];
    let checked = 0;
    for (const c of document.cases as Case[]) {
      try {
        run(structuredClone(c));
        checked += 1;
      } catch (e) {
        failures.push(`${c.id}: ${e instanceof Error ? `${e.name}: ${e.message}` : e}`);
      }
    }
    assert.deepEqual(failures, []);
    assert.ok(checked === document.cases.length && checked > 0, `${checked} of ${document.cases.length} cases checked`);
  });
}

test("every vector file's suite has a TypeScript runner, and every runner a file", () => {
  assert.ok(FILES.length >= 15);
  assert.deepEqual(new Set(FILES.map((f) => load(path.join(VECTORS, f)).suite)), new Set(Object.keys(RUNNERS)));
});

RUNNERS.reception = ({ input, expect }) => {
  const rules = caseRules(input);
  onlyKeys(expect, ["coverage", "route", "failure", "copay_percent", "copay_basis", "alerts", "actions", "actions_exclude",
    "first_action", "identity_methods", "rules", "rules_exclude", "staff_message_contains", "ceiling", "ceiling_limit",
    "dates", "not_used", "error"]);
  if ("error" in expect) {
    assert.equal(thrown(onshi.InvalidInput, () => onshi.decide(rules, input)).kind, expect.error);
    return;
  }
  const d = onshi.decide(rules, input);
  const whole: Json = d.toObject();
  const alerts = d.alerts.map((a) => a.kind);
  const actions = d.actions.map((a) => a.kind);
  const all = (want: string[], got: string[]) => assert.ok(want.every((w) => got.includes(w)), `${want} not all in ${got}`);
  const none = (want: string[], got: string[]) => assert.ok(!want.some((w) => got.includes(w)), `${want} in ${got}`);
  assert.ok(d.rules.length > 0, "the decision lists no rule ids");
  for (const [key, want] of Object.entries<Json>(expect)) {
    if (key === "coverage") assert.equal(d.coverage, want);
    else if (key === "route") assert.equal(d.route, want);
    else if (key === "failure") assert.equal(d.failure, want);
    else if (key === "copay_percent") assert.equal(d.copayPercent, want);
    else if (key === "copay_basis") assert.equal(d.copayBasis, want);
    else if (key === "alerts") assert.deepEqual([...alerts].sort(), [...want].sort());
    else if (key === "actions") all(want, actions);
    else if (key === "actions_exclude") none(want, actions);
    else if (key === "first_action") assert.equal(actions[0] ?? null, want);
    else if (key === "identity_methods") assert.deepEqual(d.actions.find((a) => a.kind === "confirm_identity")?.methods ?? null, want);
    else if (key === "rules") all(want, d.rules);
    else if (key === "rules_exclude") none(want, d.rules);
    else if (key === "staff_message_contains") {
      for (const [lang, text] of Object.entries<string>(want)) assert.ok(d.staffMessage(lang as onshi.Lang).includes(text), lang);
    } else if (key === "ceiling") {
      assert.equal(d.ceilingCategory, want === null ? null : want.category);
      assert.equal(d.ceilingBasis, want === null ? null : want.basis);
    } else if (key === "ceiling_limit") assert.equal(d.ceilingLimit?.limit ?? null, want);
    else if (key === "dates") {
      for (const [field, date] of Object.entries(want)) assert.ok(d.alerts.some((a) => a[field] === date), field);
    } else if (key === "not_used") {
      const notUsed = Object.fromEntries(d.alerts.filter((a) => a.kind === "document_not_used").map((a) => [a.document, a.reason]));
      assert.deepEqual(notUsed, want);
    }
  }
  assert.equal(whole.route, d.route);
  assert.deepEqual(whole.actions.map((a: Json) => a.kind), actions);
  assert.ok(d.staffMessage("ja") && d.staffMessage("en") && d.patientMessage());
};

test("every route, alert and action the core declares is reached through the TypeScript API", () => {
  const reached = new Set<string>();
  for (const c of load(path.join(VECTORS, "reception.json")).cases as Case[]) {
    if ("error" in c.expect) continue;
    const d = onshi.decide(caseRules(c.input), c.input);
    [d.route, ...d.alerts.map((a) => a.kind), ...d.actions.map((a) => a.kind)].forEach((k) => reached.add(k));
  }
  for (const set of [onshi.Route, onshi.Alert, onshi.Action]) {
    assert.deepEqual(set.filter((slug) => !reached.has(slug)), []);
  }
});

RUNNERS.ceilings = ({ input, expect }) => {
  const rules = caseRules(input);
  onlyKeys(expect, ["error", "limit", "rule", "annual_cap", "annual_cap_low_income", "outpatient_annual_cap"]);
  if ("error" in expect) {
    assert.equal(thrown(onshi.InvalidInput, () => onshi.monthlyCeiling(rules, input)).kind, expect.error);
    return;
  }
  const amount: Json = onshi.monthlyCeiling(rules, input);
  for (const [key, want] of Object.entries(expect)) assert.deepEqual(amount[key] ?? null, want, key);
};

RUNNERS.audit = ({ input, expect }) => {
  const audit = caseRules(input).audit(input.on);
  onlyKeys(expect, ["gap", "findings", "findings_absent"]);
  if ("gap" in expect) assert.equal(audit.gap, expect.gap);
  const found = audit.findings.map(({ text: _, ...rest }) => rest as Json);
  const matches = (want: Json) => found.some((f) => Object.entries(want).every(([k, v]) => JSON.stringify(f[k]) === JSON.stringify(v)));
  for (const want of expect.findings ?? []) assert.ok(matches(want), JSON.stringify(want));
  for (const want of expect.findings_absent ?? []) assert.ok(!matches(want), JSON.stringify(want));
};

RUNNERS.reconcile = ({ input, expect }) => {
  onlyKeys(expect, ["outcome", "person", "reasons", "differences", "actions", "rules", "error"]);
  const rules = onshi.RuleSet.builtin();
  const run = () => onshi.reconcile(rules, input.stored, input.online, input.date);
  if ("error" in expect) {
    assert.equal(thrown(onshi.InvalidInput, run).kind, expect.error);
    return;
  }
  const r = run();
  if ("outcome" in expect) assert.equal(r.outcome, expect.outcome);
  if ("person" in expect) assert.equal(r.person.outcome, expect.person);
  for (const reason of expect.reasons ?? []) assert.ok(r.person.reasons.includes(reason), reason);
  if ("differences" in expect) assert.deepEqual(r.differences.map((d) => d.kind), expect.differences);
  if ("actions" in expect) assert.deepEqual(r.differences.map((d) => d.action), expect.actions);
  for (const rule of expect.rules ?? []) assert.ok(r.differences.some((d) => d.rules?.includes(rule)), rule);
  for (const d of r.differences) assert.ok(d.text.ja && d.text.en);
};

RUNNERS.wareki = ({ input, expect }) => {
  if ("text" in input) {
    onlyKeys(expect, ["date", "error"]);
    if ("error" in expect) assert.equal(thrown(onshi.InvalidInput, () => onshi.parseWareki(input.text)).kind, expect.error);
    else assert.equal(onshi.parseWareki(input.text), expect.date);
    return;
  }
  onlyKeys(expect, ["wareki", "short", "code"]);
  const [wareki, short, code] = onshi.toWareki(input.date);
  const got: Json = { wareki, short, code };
  for (const [key, want] of Object.entries(expect)) assert.equal(got[key], want, key);
};

RUNNERS.names = ({ input, expect }) => {
  onlyKeys(expect, ["normalized", "comparison", "outcome", "reasons"]);
  if ("normalized" in expect) assert.equal(onshi.normalizeKana(input.kana), expect.normalized);
  if ("comparison" in expect) assert.equal(onshi.compareNames(input.a, input.b), expect.comparison);
  if ("outcome" in expect || "reasons" in expect) {
    const m = onshi.matchPerson(input.stored, input.online);
    assert.equal(m.outcome, expect.outcome ?? m.outcome);
    for (const reason of expect.reasons ?? []) assert.ok(m.reasons.includes(reason), reason);
  }
};

RUNNERS.numbers = ({ input, expect }) => {
  onlyKeys(expect, ["valid", "error", "normalized", "law", "law_name", "prefecture", "note_contains"]);
  let info: Json;
  try {
    info = onshi.verifyNumber(input.kind, input.value);
  } catch (e) {
    assert.ok(e instanceof onshi.InvalidInput, String(e));
    assert.ok(Object.keys(expect).every((k) => k === "valid" || k === "error"), e.kind);
    assert.equal(expect.valid ?? false, false);
    if ("error" in expect) assert.equal(e.kind, expect.error);
    return;
  }
  assert.ok(!("error" in expect), `accepted: ${JSON.stringify(info)}`);
  for (const [key, want] of Object.entries(expect)) {
    if (key === "valid") assert.equal(want, true);
    else if (key === "note_contains") assert.ok(info.notes.some((n: string) => n.includes(want as string)), key);
    else assert.deepEqual(info[key], want, key);
  }
};

RUNNERS.rules = ({ input, expect }) => {
  onlyKeys(expect, ["valid", "error"]);
  try {
    onshi.RuleSet.fromJson(JSON.stringify(input));
  } catch (e) {
    assert.ok(e instanceof onshi.RuleError, String(e));
    assert.equal(expect.valid, false);
    assert.equal(e.kind, expect.error ?? e.kind);
    return;
  }
  assert.equal(expect.valid ?? true, true, "the table was accepted");
};

/** A transport that plays a case's transcript: each command must be the next one expected. */
class Transcript {
  next = 0;
  problems: string[] = [];
  constructor(readonly exchanges: Json[]) {}
  transmit(apdu: Buffer): Buffer {
    const sent = apdu.toString("hex").toUpperCase();
    const x = this.exchanges[this.next++];
    if (x === undefined) {
      this.problems.push(`sent ${sent} after the transcript ended (a retry?)`);
      throw new Error("the transcript ended");
    }
    if (x.command.toUpperCase() !== sent) this.problems.push(`exchange ${this.next}: expected ${x.command}, sent ${sent}`);
    const failure = x.transport_error?.kind;
    if (failure === "no_reader") throw new onshi.NoReader();
    if (failure === "no_card") throw new onshi.NoCard();
    if (failure === "card_removed") throw new onshi.CardRemoved();
    if (failure !== undefined) throw new Error(failure);
    return Buffer.from(x.response, "hex");
  }
}

RUNNERS.card = ({ input, expect }) => {
  onlyKeys(expect, ["result", "error", "pin_state"]);
  const transcript = new Transcript(input.exchanges);
  const card = new onshi.JpkiCard((apdu) => transcript.transmit(apdu));
  let result: Json = {};
  let state: Json = null;
  try {
    const op: string = input.operation;
    if (op === "select") {
      card.select();
      result = { selected: true };
    } else if (op === "token") result = { token: card.token() };
    else if (op === "read_auth_certificate") result = { data: card.readCertificate().toString("hex").toUpperCase() };
    else if (op === "read_auth_ca_certificate") result = { data: card.readCaCertificate().toString("hex").toUpperCase() };
    else if (op === "pin_counter") ({ pin_state: state, ...result } = card.pinCounter());
    else if (op === "verify_pin") ({ pin_state: state, ...result } = card.verifyPin(input.pin ?? "", input.last_try === "confirmed"));
    else assert.fail(`unknown operation ${op}`);
  } catch (e) {
    if (!(e instanceof onshi.OnshiError)) throw e;
    assert.ok("error" in expect, e.message);
    assert.equal(e.kind, expect.error);
    result = undefined;
  }
  if (result !== undefined) {
    assert.ok(!("error" in expect), JSON.stringify(result));
    if ("result" in expect) assert.deepEqual(result, expect.result);
    if ("pin_state" in expect) assert.deepEqual(state, expect.pin_state);
  }
  assert.deepEqual(transcript.problems, []);
  assert.equal(transcript.next, transcript.exchanges.length, "every exchange of the transcript is sent");
};

RUNNERS.certificate = ({ input, expect }) => {
  const rules = caseRules(input);
  onlyKeys(input, ["not_before", "not_after", "at", "revocation"]);
  const v: Json = onshi.certificateValidity(rules, input.not_before, input.not_after, input.at, input.revocation);
  onlyKeys(expect, ["status", "insurance_use", "other_functions", "dates"]);
  for (const [key, want] of Object.entries<Json>(expect)) {
    if (key === "dates") for (const [field, date] of Object.entries(want)) assert.equal(v[field], date, field);
    else assert.equal(v[key], want, key);
  }
};

/** The value at an RFC 6901 JSON pointer, or undefined. */
function atPointer(doc: Json, pointer: string): Json {
  for (const token of pointer.split("/").slice(1)) doc = doc?.[token.replace(/~1/g, "/").replace(/~0/g, "~")];
  return doc;
}

RUNNERS.oqs = ({ input, expect }) => {
  onlyKeys(expect, ["error", "fields", "online", "visit_error"]);
  const data = input.encoding === "shift_jis" ? iconv.encode(input.xml, "cp932") : Buffer.from(input.xml, "utf8");
  let result: onshi.OqsResult;
  try {
    result = onshi.OqsResult.parse(data);
  } catch (e) {
    assert.ok(e instanceof onshi.OqsError, String(e));
    assert.equal(e.kind, expect.error);
    return;
  }
  assert.ok(!("error" in expect), "the file parsed");
  const parsed = result.toObject();
  for (const [pointer, want] of Object.entries(expect.fields ?? {})) assert.deepEqual(atPointer(parsed, pointer) ?? null, want, pointer);
  const online: Json = result.online();
  for (const [key, want] of Object.entries(expect.online ?? {})) assert.deepEqual(online[key], want, key);
  if ("visit_error" in expect) {
    let refused: string | null = null;
    try {
      result.visit("2026-01-15", "legacy_card");
    } catch (e) {
      assert.ok(e instanceof onshi.OnshiError, String(e));
      refused = e.kind;
    }
    assert.equal(refused, expect.visit_error);
  }
};

RUNNERS.script = ({ input, expect }) => {
  onlyKeys(expect, ["steps", "coverage", "route", "error_at"]);
  const rules = onshi.RuleSet.builtin();
  const script = new onshi.ReceptionScript(input.visit);
  assert.ok(script.prompt("ja") && script.prompt("en"));
  const steps: onshi.ScriptStep[] = [script.step];
  let errorAt: number | null = null;
  for (const [i, answer] of (input.answers as Json[]).entries()) {
    try {
      steps.push(script.answer(rules, answer));
    } catch (e) {
      assert.ok(e instanceof onshi.InvalidInput, String(e));
      errorAt = i;
      break;
    }
  }
  assert.equal(errorAt, expect.error_at ?? null);
  if ("steps" in expect) assert.deepEqual(steps, expect.steps);
  if ("coverage" in expect) assert.equal(script.decision?.coverage, expect.coverage);
  if ("route" in expect) assert.equal(script.decision?.route, expect.route);
};

RUNNERS.registration = ({ input, expect }) => {
  onlyKeys(expect, ["allowed", "effective_until", "status"]);
  const rules = onshi.RuleSet.builtin();
  for (const [key, want] of Object.entries<Json>(expect)) {
    if (key === "allowed") {
      const check = onshi.canRegister(rules, input.date, input.channel, input.kind, input.pin);
      assert.equal(check.allowed, want);
      assert.equal(check.refusal === null, want);
    } else if (key === "effective_until") assert.equal(onshi.cancellationEffective(rules, input.cancellation_applied), want);
    else assert.equal(onshi.registrationOn(rules, input.events, input.date), want);
  }
};

RUNNERS.facilities = ({ input, expect }) => {
  const rules = onshi.RuleSet.builtin();
  let got: Json;
  let known: string[];
  if (input.check === "obligation") [got, known] = [onshi.onlineObligation(rules, input.date, input.facility), ["obligation"]];
  else if (input.check === "cooperation") [got, known] = [onshi.cooperationPayment(rules, input.report), ["eligible", "missing", "amount"]];
  else if (input.check === "device_subsidy") [got, known] = [{ subsidy: onshi.deviceSubsidy(rules, input.date, input.cost) }, ["subsidy"]];
  else if (input.check === "dx_addition") {
    const addition = onshi.dxAddition(rules, input.date, input.facility);
    [got, known] = [{ ...addition, addition: addition !== null }, ["addition", "levels", "missing", "initial_points"]];
  } else if (input.check === "notices") [got, known] = [{ notices: onshi.facilityNotices(rules, input.date).map((n) => n.id) }, ["notices"]];
  else throw new Error(`unknown check ${input.check}`);
  onlyKeys(expect, known);
  for (const [key, want] of Object.entries(expect)) assert.deepEqual(got[key], want, key);
};
