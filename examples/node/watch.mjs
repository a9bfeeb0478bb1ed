// The オンライン資格確認 terminal's exchange folder, watched from Node.js: each answer is decided as
// it lands in `face/` or `res/`, and a file that is not a valid result says why. Polls run on
// Node's thread pool, so the event loop stays free for the rest of the app.
//
//     node examples/node/watch.mjs /srv/oqs            # follow the folder until interrupted
//     node examples/node/watch.mjs /srv/oqs --once     # the answers already there, then stop
import onshi from "onshi";

const [root, flag] = process.argv.slice(2);
if (!root || (flag && flag !== "--once")) {
  console.error("usage: watch.mjs ROOT [--once]");
  process.exit(2);
}
const rules = onshi.RuleSet.builtin();
const watcher = new onshi.OqsWatcher(root, { includeExisting: true, interval: 250 });

function report(file) {
  if (file.result) {
    const d = onshi.decide(rules, file.result.visit());
    console.log(`${file.path}: ${d.coverage} / ${d.route} / copay ${d.copayPercent ?? "?"}%`);
    console.log(`  ${d.staffMessage("ja")}`);
  } else {
    console.error(`${file.path}: ${file.error?.kind}: ${file.error?.message}`);
  }
}

if (flag === "--once") {
  for (const file of await watcher.poll()) report(file);
} else {
  for await (const file of watcher) report(file);
}
