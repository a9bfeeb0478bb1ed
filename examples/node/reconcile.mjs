// After the online answer, in Node.js: the clinic's stored insurance record against each record of
// an オンライン資格確認 result file, and what staff do about each difference.
//
//     node examples/node/reconcile.mjs                                    # built-in example
//     node examples/node/reconcile.mjs stored.json result.xml 2026-03-02 en
import * as fs from "node:fs";
import onshi from "onshi";

// A stored record still at 2割, against a face-reader result that says 1割.
const STORED = {
  insurer: "39131016",
  number: "00012345",
  relation: "insured",
  copay_percent: 20,
  name: "試験　花子",
  birth_date: "1945-06-06",
};
const RESULT = new URL("../../crates/onshi-oqs/tests/fixtures/face-sjis-late-elderly.xml", import.meta.url);

const args = process.argv.slice(2);
if (![0, 3, 4].includes(args.length)) {
  console.error("usage: reconcile.mjs [stored.json result.xml YYYY-MM-DD [en]]");
  process.exit(2);
}
const [storedPath, resultPath, day = "2026-03-02", language] = args;
const lang = language === "en" ? "en" : "ja";
const rules = onshi.RuleSet.builtin();
try {
  const stored = storedPath ? JSON.parse(fs.readFileSync(storedPath, "utf-8")) : STORED;
  const online = onshi.OqsResult.parse(fs.readFileSync(resultPath ?? RESULT)).insuranceRecords();
  for (const record of online) {
    const r = onshi.reconcile(rules, stored, record, day);
    console.log(`${r.outcome}: ${r.text[lang]}`);
    for (const d of r.differences) {
      const action = d.action.day ? `${d.action.kind} (${d.action.day})` : d.action.kind;
      console.log(`  ${d.kind} → ${action} [${(d.rules ?? []).join(", ")}]`);
      console.log(`    ${d.text[lang]}`);
    }
  }
} catch (e) {
  if (!(e instanceof onshi.OnshiError || e instanceof SyntaxError || e.code === "ENOENT")) throw e;
  console.error(`error: ${e.message}`);
  process.exit(2);
}
