// The desk page in a real browser (Debian's chromium, headless, driven by playwright-core):
//   1. a result file dropped into the exchange folder appears as a decision within two seconds;
//   2. the form decides a 資格確認書 visit, entered and submitted from the keyboard;
//   3. the language toggle switches every card and label;
//   4. the 声掛け script runs step by step to its decision;
//   5. keyboard alone reaches every control, the page asks nothing of another host, and nothing
//      is logged to the console as an error.
// Screenshots at 1280×800 and 1920×1080, in Japanese and English, go to target/desk-screenshots.
// Usage: node tests/desk/browser.mjs [path/to/onshi]   (default target/debug/onshi)
import { spawn } from "node:child_process";
import { mkdtempSync, mkdirSync, writeFileSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { chromium } from "playwright-core";

const repo = resolve(import.meta.dirname, "../..");
const onshi = process.argv[2] ?? join(repo, "target/debug/onshi");
const shots = join(repo, "target/desk-screenshots");
mkdirSync(shots, { recursive: true });

let failures = 0;
function check(ok, what) {
  console.log(`${ok ? "ok" : "FAILED"}: ${what}`);
  if (!ok) failures += 1;
}

// A face-reader answer for 試験　花子 (1割), as the terminal writes it: a temporary name, then renamed.
function dropResult(dir, name) {
  const xml = `<?xml version="1.0" encoding="UTF-8"?><XmlMsg><MessageHeader>
<ProcessExecutionTime>20261130093000</ProcessExecutionTime><CharacterCodeIdentifier>0</CharacterCodeIdentifier>
<SegmentOfResult>1</SegmentOfResult><ReferenceClassification>1</ReferenceClassification>
<ArbitraryFileIdentifier>FACE0001</ArbitraryFileIdentifier></MessageHeader><MessageBody>
<ProcessingResultStatus>1</ProcessingResultStatus><QualificationValidity>1</QualificationValidity><ResultList>
<ResultOfQualificationConfirmation><Name>試験　花子</Name><InsurerNumber>39131016</InsurerNumber>
<InsuredPartialContributionRatio>010</InsuredPartialContributionRatio><Birthdate>19450606</Birthdate>
</ResultOfQualificationConfirmation></ResultList></MessageBody></XmlMsg>`;
  const part = join(dir, `.${name}.part`);
  writeFileSync(part, xml);
  renameSync(part, join(dir, name));
}

const exchange = mkdtempSync(join(tmpdir(), "onshi-desk-browser-"));
mkdirSync(join(exchange, "face"));
mkdirSync(join(exchange, "res"));

const desk = spawn(onshi, ["desk", "--exchange", exchange, "--state", join(exchange, "state"), "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
let log = "";
desk.stderr.on("data", (chunk) => { log += chunk; });
const url = await new Promise((done, fail) => {
  const lines = createInterface({ input: desk.stdout });
  lines.once("line", (line) => done(line.replace(/^onshi desk: /, "").trim()));
  desk.once("exit", (code) => fail(new Error(`onshi desk exited (${code}): ${log}`)));
  setTimeout(() => fail(new Error(`onshi desk did not start: ${log}`)), 15000);
});
check(/^http:\/\/127\.0\.0\.1:\d+\/$/.test(url), `the desk listens on loopback (${url})`);

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: ["--no-sandbox"] });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: "ja-JP" });
  const outside = [];
  const consoleErrors = [];
  page.on("request", (request) => {
    if (!request.url().startsWith(url)) outside.push(request.url());
  });
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text());
  });
  await page.goto(url);
  await page.waitForFunction(() => document.getElementById("status").textContent.includes("接続中"), null, { timeout: 10000 });

  // 1. A dropped file appears as a decision within two seconds.
  const dropped = Date.now();
  dropResult(join(exchange, "res"), "OQSsiquc01res_0001.xml");
  await page.locator("#feed article").first().waitFor({ timeout: 2000 });
  const shownAfter = Date.now() - dropped;
  check(shownAfter <= 2000, `the decision appeared ${shownAfter} ms after the file landed`);
  const card = await page.locator("#feed article").first().innerText();
  check(card.includes("保険資格を確認できました") && card.includes("マイナ保険証") && card.includes("1割"),
    "the card shows coverage, route and copay");
  check(card.includes("試…") && !card.includes("花子"), "the name is shortened, never whole");
  await page.screenshot({ path: join(shots, "desk-1280x800-ja.png") });

  // 2. The form, from the keyboard: fields filled by typing, submitted with Enter.
  await page.locator("#f-doc").focus();
  await page.keyboard.press("Home"); // 資格確認書 is the first choice
  await page.locator("#f-until").fill("2027-07-31");
  await page.locator("#f-birth").fill("1980-01-01");
  await page.locator("#f-until").focus();
  await page.keyboard.press("Enter");
  await page.locator("#form-result article").waitFor({ timeout: 5000 });
  const formCard = await page.locator("#form-result article").innerText();
  check(formCard.includes("資格確認書") && formCard.includes("3割"), "the form decides a 資格確認書 visit (3割 by age)");
  const focused = await page.evaluate(() => document.activeElement.closest("#form-result") !== null);
  check(focused, "focus moves to the form's decision");

  // An expired legacy card: not covered, the alert and the steps in order, in the red card.
  await page.locator("#f-doc").selectOption("legacy_card");
  await page.locator("#f-until").fill("2025-12-01");
  await page.locator("#f-until").press("Enter");
  await page.locator("#form-result article.not_covered").waitFor({ timeout: 5000 });
  const expired = page.locator("#form-result article");
  check((await expired.locator(".alerts li").first().innerText()).includes("2025年12月1日"),
    "an expired legacy card: the alert names the day");
  check((await expired.locator(".actions li").count()) >= 2, "and the next steps are numbered");
  await page.screenshot({ path: join(shots, "desk-1280x800-ja-expired.png") });
  await page.locator("#f-doc").selectOption("qualification_certificate");
  await page.locator("#f-until").fill("2027-07-31");
  await page.locator("#f-until").press("Enter");
  await page.locator("#form-result article.covered").waitFor({ timeout: 5000 });

  // 3. The language toggle.
  await page.locator("#lang").focus();
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.documentElement.lang === "en");
  const english = await page.locator("main").innerText();
  check(english.includes("Coverage confirmed") && english.includes("A visit without a card") && english.includes("30%"),
    "English: the cards and the labels switch");
  await page.screenshot({ path: join(shots, "desk-1280x800-en.png") });
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.screenshot({ path: join(shots, "desk-1920x1080-en.png") });
  await page.locator("#lang").press("Enter");
  await page.waitForFunction(() => document.documentElement.lang === "ja");

  // 4. The script, step by step (Enter on each choice).
  await page.locator("#script-start").press("Enter");
  await page.locator("#script-box .prompt[data-step='ask_for_myna_card']").waitFor();
  await page.locator("#script-box button", { hasText: "いいえ" }).press("Enter");
  await page.locator("#script-box .prompt[data-step='ask_for_document']").waitFor();
  await page.locator("#s-until").fill("2027-07-31");
  await page.locator("#script-box button", { hasText: "提示された" }).press("Enter");
  await page.locator("#script-box .prompt[data-step='done']").waitFor();
  const scriptText = await page.locator("#script-box").innerText();
  check(scriptText.includes("受付が完了しました") && scriptText.includes("資格確認書"), "the script ends in a decision");
  await page.screenshot({ path: join(shots, "desk-1920x1080-ja.png") });

  // 5. Keyboard alone reaches every control; nothing outside; no console errors.
  await page.evaluate(() => document.activeElement && document.activeElement.blur());
  const reached = new Set();
  for (let i = 0; i < 40; i += 1) {
    await page.keyboard.press("Tab");
    reached.add(await page.evaluate(() => document.activeElement.id || document.activeElement.textContent.trim().slice(0, 20)));
  }
  for (const id of ["lang", "f-at", "f-birth", "f-doc", "f-until", "f-copay"]) check(reached.has(id), `Tab reaches #${id}`);
  check(outside.length === 0, `the page asked nothing of another host (${outside.join(", ")})`);
  check(consoleErrors.length === 0, `no console errors (${consoleErrors.join(" | ")})`);
} finally {
  await browser.close();
  desk.kill();
  rmSync(exchange, { recursive: true, force: true });
}

// The request log holds method, path, status and time; nothing from the file or the form.
check(/GET \/v1\/events 200/.test(log) && /POST \/v1\/decide 200/.test(log), "the desk logs each request");
check(!/花子|1980-01-01|2027-07-31|39131016/.test(log), "the log holds no personal data");
console.log(`screenshots: ${shots}`);
if (failures > 0) {
  console.error(`${failures} browser check(s) failed`);
  process.exit(1);
}
console.log("browser test passed");
