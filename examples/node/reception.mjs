// A reception desk in Node.js: decide a visit, or an オンライン資格確認 result file, and print what
// staff need.
//
//     node examples/node/reception.mjs                  # a built-in example visit
//     node examples/node/reception.mjs visit.json en    # a visit in the vector format
//     node examples/node/reception.mjs result.xml       # a result file from the OQS terminal
import * as fs from "node:fs";
import onshi from "onshi";

const EXAMPLE = {
  at: "2026-05-31T10:00:00+09:00",
  presented: {
    myna_card: {
      registration: "registered",
      certificate_expires: "2026-02-10",
      identity: { method: "face", outcome: "confirmed" },
    },
  },
  online: { status: "valid", copay_percent: 30 },
};

function visitFrom(path) {
  if (path.toLowerCase().endsWith(".xml")) return onshi.OqsResult.parse(fs.readFileSync(path)).visit();
  return fs.readFileSync(path, "utf-8");
}

const [file, language] = process.argv.slice(2);
const lang = language === "en" ? "en" : "ja";
const rules = onshi.RuleSet.builtin();
let decision;
try {
  decision = onshi.decide(rules, file ? visitFrom(file) : EXAMPLE);
} catch (e) {
  if (!(e instanceof onshi.OnshiError || e.code === "ENOENT")) throw e;
  console.error(`error: ${e.message}`);
  process.exit(2);
}
console.log(decision.staffMessage(lang));
console.log(`${decision.coverage} / ${decision.route} / copay ${decision.copayPercent}%`);
for (const { kind, ...details } of decision.alerts) console.log(`alert: ${kind} ${JSON.stringify(details)}`);
decision.actions.forEach((action, i) => console.log(`${i + 1}. ${action.kind}`));
