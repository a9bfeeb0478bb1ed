// The desk page in a real browser (Debian's chromium, headless, driven by playwright-core), for a
// day at the counter:
//   1. a result file dropped into the exchange folder appears as a card within two seconds, with its
//      status as an icon and a word; the tab's title counts what needs action; marking it done
//      keeps it in the list and lowers the count;
//   2. the form is two Tab presses away, decides a 資格確認書 visit from the keyboard, and Esc clears
//      it for the next patient;
//   3. a file still being written shows as being received, then as its decision; an error file from
//      the online system (EQ000000) is an outage card; a broken file is a card saying what to do,
//      with no English and no folder path in Japanese;
//   4. the desk restarted between two files: the page notices, both cards are there, and the file
//      that landed while it was down is shown; a burst of 1,000 files reaches the page whole, and
//      with those in the folder a new file is still shown within two seconds;
//   5. a clerk's screen (--show-details) shows kana, birth date, insurer and 限度額区分; a shared
//      screen shows none of them and says so;
//   6. the language toggle switches every card and label; the 声掛け script runs to its decision;
//   7. at 800 px the form comes before the list; the page asks nothing of another host, and nothing
//      is logged to the console as an error;
//   8. every class of file (a decision, an outage, a request, a truncated, an incomplete and an
//      ambiguous result) is a card in Japanese and in English, with no sentence in the other.
// Screenshots of each card class, in Japanese and English, on a clerk's and a shared screen and at
// 800 px, go to target/desk-screenshots.
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

// A face-reader answer for 試験　花子 (1割, 限度額区分 A03 consented), as the terminal writes it: a
// temporary name, then renamed.
const FACE = `<?xml version="1.0" encoding="UTF-8"?><XmlMsg><MessageHeader>
<ProcessExecutionTime>20261130093000</ProcessExecutionTime><CharacterCodeIdentifier>0</CharacterCodeIdentifier>
<SegmentOfResult>1</SegmentOfResult><ReferenceClassification>1</ReferenceClassification>
<ArbitraryFileIdentifier>FACE0001</ArbitraryFileIdentifier></MessageHeader><MessageBody>
<ProcessingResultStatus>1</ProcessingResultStatus><QualificationValidity>1</QualificationValidity><ResultList>
<ResultOfQualificationConfirmation><Name>試験　花子</Name><NameKana>シケン　ハナコ</NameKana><InsurerNumber>39131016</InsurerNumber>
<InsuredPartialContributionRatio>010</InsuredPartialContributionRatio><Birthdate>19450606</Birthdate>
<LimitApplicationCertificateRelatedConsFlg>1</LimitApplicationCertificateRelatedConsFlg><LimitApplicationCertificateRelatedInfo>
<LimitApplicationCertificateClassificationFlag>A03</LimitApplicationCertificateClassificationFlag></LimitApplicationCertificateRelatedInfo>
</ResultOfQualificationConfirmation></ResultList></MessageBody></XmlMsg>`;
const ERROR_FILE = `<?xml version="1.0" encoding="UTF-8"?><XmlMsg><MessageHeader><CharacterCodeIdentifier>0</CharacterCodeIdentifier>
<SegmentOfResult>9</SegmentOfResult><ErrorCode>EQ000000</ErrorCode><ErrorMessage>システムエラーが発生しました</ErrorMessage></MessageHeader></XmlMsg>`;

function drop(dir, name, xml = FACE) {
  const part = join(dir, `.${name}.part`);
  writeFileSync(part, xml);
  renameSync(part, join(dir, name));
}

const exchange = mkdtempSync(join(tmpdir(), "onshi-desk-browser-"));
const res = join(exchange, "res");
mkdirSync(join(exchange, "face"));
mkdirSync(res);

// A desk on the exchange folder; its address and its log.
async function startDesk(args, folder = exchange) {
  const desk = spawn(onshi, ["desk", "--exchange", folder, "--port", "0", "--patience-ms", "1500", ...args],
    { stdio: ["ignore", "pipe", "pipe"] });
  desk.log = "";
  desk.stderr.on("data", (chunk) => { desk.log += chunk; });
  desk.url = await new Promise((done, fail) => {
    const lines = createInterface({ input: desk.stdout });
    lines.once("line", (line) => done(line.replace(/^onshi desk: /, "").trim()));
    desk.once("exit", (code) => fail(new Error(`onshi desk exited (${code}): ${desk.log}`)));
    setTimeout(() => fail(new Error(`onshi desk did not start: ${desk.log}`)), 15000);
  });
  return desk;
}
const stopDesk = (desk) => new Promise((done) => { desk.once("exit", done); desk.kill(); });

const state = join(exchange, "state");
let desk = await startDesk(["--state", state]);
check(/^http:\/\/127\.0\.0\.1:\d+\/$/.test(desk.url), `the desk listens on loopback (${desk.url})`);
let clerk = null;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: "ja-JP" });
  const outside = [];
  const consoleErrors = [];
  page.on("request", (request) => {
    if (!request.url().startsWith(desk.url) && !(clerk && request.url().startsWith(clerk.url))) outside.push(request.url());
  });
  page.on("console", (message) => {
    if (message.type() === "error" && !/ERR_CONNECTION_REFUSED|net::ERR/.test(message.text())) consoleErrors.push(message.text());
  });
  await page.goto(desk.url);
  await page.waitForFunction(() => document.getElementById("status").textContent.includes("接続中"), null, { timeout: 10000 });
  const shared = await page.locator("#mode").innerText();
  check(shared.includes("共有画面") && shared.includes("限度額区分"), "a shared screen says what it does not show");

  // 1. A dropped file appears as a card within two seconds.
  const dropped = Date.now();
  drop(res, "OQSsiquc01res_0001.xml");
  await page.locator("#feed article").first().waitFor({ timeout: 2000 });
  const shownAfter = Date.now() - dropped;
  check(shownAfter <= 2000, `the decision appeared ${shownAfter} ms after the file landed`);
  const card = await page.locator("#feed article").first().innerText();
  check(card.includes("✔") && card.includes("確認済み") && card.includes("保険資格を確認できました") && card.includes("1割"),
    "the card shows its status as an icon and a word, coverage and copay");
  check(card.includes("試…") && !card.includes("花子") && !card.includes("シケン") && !card.includes("A03") && !card.includes("1945"),
    "a shared screen: the name shortened, no kana, birth date or 限度額区分");
  check(!(await page.locator("#feed article .why").first().evaluate((d) => d.open)), "the rule ids sit behind 根拠, closed");
  await page.screenshot({ path: join(shots, "desk-1280x800-ja-shared.png") });

  // 2. The form: two Tabs from the top of the page, decided from the keyboard, cleared by Esc.
  await page.evaluate(() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); });
  let tabs = 0;
  while (tabs < 10) {
    await page.keyboard.press("Tab");
    tabs += 1;
    if (await page.evaluate(() => document.activeElement.id === "f-at")) break;
  }
  check(tabs <= 3, `the form's first field is ${tabs} Tab presses away (≤ 3)`);
  await page.locator("#f-doc").focus();
  await page.keyboard.press("Home"); // 資格確認書 is the first choice
  await page.locator("#f-until").fill("2027-07-31");
  await page.locator("#f-birth").fill("1980-01-01");
  await page.locator("#f-until").press("Enter");
  await page.locator("#form-result article").waitFor({ timeout: 5000 });
  const formCard = await page.locator("#form-result article").innerText();
  check(formCard.includes("資格確認書") && formCard.includes("3割"), "the form decides a 資格確認書 visit (3割 by age)");
  check(await page.evaluate(() => document.activeElement.closest("#form-result") !== null), "focus moves to the form's decision");
  await page.keyboard.press("Escape");
  await page.waitForFunction(() => document.getElementById("form-result").children.length === 0, null, { timeout: 2000 }).catch(() => {});
  const cleared = await page.evaluate(() => ({
    result: document.getElementById("form-result").children.length,
    birth: document.getElementById("f-birth").value,
    focus: document.activeElement.id,
  }));
  check(cleared.result === 0 && cleared.birth === "" && cleared.focus === "f-at", `Esc clears the form for the next patient (${JSON.stringify(cleared)})`);

  // An expired legacy card: not covered, the alert and the steps in order, in the red card.
  await page.locator("#f-doc").selectOption("legacy_card");
  await page.locator("#f-until").fill("2025-12-01");
  await page.locator("#f-until").press("Enter");
  await page.locator("#form-result article.not_covered").waitFor({ timeout: 5000 });
  const expired = page.locator("#form-result article");
  check((await expired.innerText()).includes("✖"), "a card not covered carries its icon");
  check((await expired.locator(".alerts li").first().innerText()).includes("2025年12月1日"), "an expired legacy card: the alert names the day");
  check((await expired.locator(".actions li").count()) >= 2, "and the next steps are numbered");
  await page.screenshot({ path: join(shots, "desk-1280x800-ja-expired.png") });
  await page.keyboard.press("Escape");

  // 3. Every file gets a card: being received, an error file (an outage), a broken file.
  const half = FACE.slice(0, FACE.length / 2);
  writeFileSync(join(res, "OQSsiquc01res_0002.xml"), half);
  await page.locator("#receiving li").first().waitFor({ timeout: 2000 });
  check((await page.locator("#receiving").innerText()).includes("受信中"), "a file still being written shows as being received");
  await page.screenshot({ path: join(shots, "desk-1280x800-ja-receiving.png") });
  writeFileSync(join(res, "OQSsiquc01res_0002.xml"), FACE);
  await page.waitForFunction(() => document.querySelectorAll("#feed article").length >= 2, null, { timeout: 5000 });
  check((await page.locator("#receiving li").count()) === 0, "and then as its decision");
  drop(res, "OQSsiquc01res_0003.xml", ERROR_FILE);
  await page.waitForFunction(() => document.querySelectorAll("#feed article").length >= 3, null, { timeout: 5000 });
  const outage = await page.locator("#feed article").first().innerText();
  check(!outage.includes("ProcessExecutionTime") && (outage.includes("申立書") || outage.includes("障害") || outage.includes("利用できない")),
    `an error file (EQ000000) is an outage card with its fallback (${outage.slice(0, 80)})`);
  check(!outage.includes("保発") && !outage.includes("いただ") && outage.includes("会計する"),
    "the clerk's steps are in staff language, with no notice number");
  const basis = page.locator("#feed article").first().locator(".why");
  await basis.locator("summary").click();
  const basisText = await basis.innerText();
  check(basisText.includes("fallback.self-declaration") && basisText.includes("保発0710第1号") && basisText.includes("被保険者資格申立書"),
    "behind 根拠: the rule's name, its id and the notice it comes from");
  await page.screenshot({ path: join(shots, "desk-1280x800-ja-outage.png") });
  await basis.locator("summary").click();
  drop(res, "OQSsiquc01res_0004.xml", "<XmlMsg><MessageBody>");
  await page.waitForFunction(() => document.querySelectorAll("#feed article").length >= 4, null, { timeout: 10000 });
  const broken = await page.locator("#feed article.refused").first().innerText();
  check(broken.includes("⚠") && broken.includes("OQSsiquc01res_0004.xml") && !/[A-Za-z]{4,}(?!.*\.xml)/.test(broken.replace("OQSsiquc01res_0004.xml", ""))
    && !broken.includes(exchange), "a broken file says what to do, in Japanese, with the file's name and no folder path");
  await page.screenshot({ path: join(shots, "desk-1280x800-ja-refused.png") });
  const title = await page.title();
  check(/^\(\d+\) onshi/.test(title), `the title counts what needs action (${title})`);
  // Each status word meets WCAG AA contrast (4.5:1) against its card, whatever its colour.
  const contrasts = await page.evaluate(() => {
    const rgb = (text) => text.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number);
    const lum = ([r, g, b]) => {
      const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const background = (node) => {
      for (let n = node; n; n = n.parentElement) {
        const c = getComputedStyle(n).backgroundColor;
        if (c && !/rgba\(0, 0, 0, 0\)|transparent/.test(c)) return rgb(c);
      }
      return [255, 255, 255];
    };
    return [...document.querySelectorAll("article .state")].map((node) => {
      const [a, b] = [lum(rgb(getComputedStyle(node).color)), lum(background(node))];
      return { state: node.closest("article").dataset.state, ratio: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05) };
    });
  });
  const states = new Set(contrasts.map((c) => c.state));
  const worst = contrasts.reduce((low, c) => (c.ratio < low.ratio ? c : low), { ratio: Infinity });
  check(states.size >= 3 && worst.ratio >= 4.5,
    `status words meet WCAG AA contrast on their cards (${[...states].join(", ")}; lowest ${worst.ratio.toFixed(2)}:1, ${worst.state})`);
  await page.locator("#feed article.refused .done-toggle").first().click();
  await page.waitForFunction((before) => document.title !== before, title, { timeout: 5000 });
  check((await page.title()) !== title, `marked done, the count drops (${await page.title()})`);

  // 4. Restarted between two files; a burst of 1,000 files.
  await stopDesk(desk);
  await page.waitForFunction(() => !document.getElementById("banner").hidden, null, { timeout: 10000 });
  check((await page.locator("#banner").innerText()).includes("接続が切れています"), "a lost connection shows a banner");
  await page.screenshot({ path: join(shots, "desk-1280x800-ja-disconnected.png") });
  drop(res, "OQSsiquc01res_0005.xml");
  desk = await startDesk(["--state", state]);
  const port = new URL(desk.url).port;
  const restarted = `http://127.0.0.1:${port}/`;
  await page.goto(restarted);
  await page.waitForFunction(() => document.querySelectorAll("#feed article").length >= 5, null, { timeout: 10000 });
  const files = await page.locator("#feed article").count();
  check(files === 5, `after a restart the day is whole, the file that landed while it was down included (${files})`);
  for (let i = 0; i < 1000; i += 1) drop(res, `OQSsiquc01res_B${String(i).padStart(4, "0")}.xml`);
  await page.waitForFunction(() => document.getElementById("today-count").textContent.includes("1005"), null, { timeout: 60000 });
  check(true, "a burst of 1,000 files reached the page whole (1005 results)");
  // A full folder: with 1,005 files present, a new one is on the page as fast as in an empty one.
  const landed = Date.now();
  drop(res, "OQSsiquc01res_FULL.xml");
  await page.waitForFunction(() => document.getElementById("today-count").textContent.includes("1006"), null, { timeout: 10000 });
  const fullAfter = Date.now() - landed;
  check(fullAfter <= 2000, `with 1,005 files in the folder a new file was on the page ${fullAfter} ms after it landed`);
  await page.locator("#t-filter").selectOption("action");
  const needing = await page.locator("#feed article").count();
  check(needing >= 1 && needing < 1005, `the filter shows what needs action (${needing})`);
  await page.locator("#t-filter").selectOption("all");
  check((await page.locator("#t-search").getAttribute("placeholder")).includes("名前"), "a shared screen searches by the name's first character");
  await page.locator("#t-search").fill("試");
  const byName = await page.locator("#feed article").count();
  await page.locator("#t-search").fill("99:");
  const byNoTime = await page.locator("#feed article").count();
  await page.locator("#t-search").fill("");
  check(byName >= 1000 && byNoTime === 0, `search by the name's first character (${byName}) and by time (${byNoTime})`);

  // 5. A clerk's screen.
  clerk = await startDesk(["--state", join(exchange, "state-clerk"), "--show-details", "--all"]);
  const clerkPage = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: "ja-JP" });
  await clerkPage.goto(clerk.url);
  await clerkPage.locator("#feed article").first().waitFor({ timeout: 20000 });
  const clerkCard = await clerkPage.locator("#feed article.covered").first().innerText();
  check(clerkCard.includes("シケン　ハナコ") && clerkCard.includes("1945-06-06") && clerkCard.includes("39131016") && clerkCard.includes("A03"),
    "a clerk's screen shows kana, birth date, insurer and 限度額区分");
  check((await clerkPage.locator("#mode").innerText()).includes("受付担当"), "and says it is a clerk's screen");
  await clerkPage.screenshot({ path: join(shots, "desk-1280x800-ja-clerk.png") });
  await clerkPage.locator("#lang").click();
  await clerkPage.waitForFunction(() => document.documentElement.lang === "en");
  await clerkPage.screenshot({ path: join(shots, "desk-1280x800-en-clerk.png") });
  await clerkPage.close();

  // 6. The language toggle; the script.
  await page.locator("#lang").focus();
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.documentElement.lang === "en");
  const english = await page.locator("main").innerText();
  check(english.includes("Coverage confirmed") && english.includes("A visit without a card") && english.includes("Today's results"),
    "English: the cards and the labels switch");
  check(!/[ぁ-んァ-ン]{3,}/.test(await page.locator("#feed article.refused").first().innerText()), "an English card holds no Japanese sentence");
  await page.screenshot({ path: join(shots, "desk-1280x800-en.png") });
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.screenshot({ path: join(shots, "desk-1920x1080-en.png") });
  await page.locator("#lang").press("Enter");
  await page.waitForFunction(() => document.documentElement.lang === "ja");
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

  // 7. A tablet at 800 px: the form before the list.
  await page.setViewportSize({ width: 800, height: 1100 });
  const order = await page.evaluate(() => document.getElementById("visit-form").getBoundingClientRect().top
    < document.getElementById("feed").getBoundingClientRect().top);
  check(order, "at 800 px the form comes before the list");
  await page.screenshot({ path: join(shots, "desk-800x1100-ja.png") });
  // 8. Every class of file as a card, in Japanese and in English, each its own screenshot.
  const classes = mkdtempSync(join(tmpdir(), "onshi-desk-classes-"));
  mkdirSync(join(classes, "face"));
  mkdirSync(join(classes, "res"));
  const REQUEST = `<?xml version="1.0" encoding="UTF-8"?><XmlMsg><MessageHeader><MedicalInstitutionCode>1312345678</MedicalInstitutionCode>
<ArbitraryFileIdentifier>REQ1</ArbitraryFileIdentifier></MessageHeader><MessageBody><QualificationConfirmSearchInfo>
<InsurerNumber>39131016</InsurerNumber><Birthdate>19450606</Birthdate></QualificationConfirmSearchInfo></MessageBody></XmlMsg>`;
  const kinds = [
    ["covered", FACE],
    ["outage", ERROR_FILE],
    ["request", REQUEST],
    ["truncated", FACE.slice(0, FACE.length / 2)],
    ["incomplete", FACE.replace("<QualificationValidity>1</QualificationValidity>", "")],
    ["ambiguous", FACE.replace("</ResultList>", "<ResultOfQualificationConfirmation><Name>別人　太郎</Name><InsurerNumber>39131016</InsurerNumber><Birthdate>19800101</Birthdate></ResultOfQualificationConfirmation></ResultList>")],
  ];
  kinds.forEach(([kind, xml], i) => drop(join(classes, "res"), `OQSsiquc01res_${i}_${kind}.xml`, xml));
  const classDesk = await startDesk(["--state", join(classes, "state"), "--all"], classes);
  try {
    const classPage = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: "ja-JP" });
    await classPage.goto(classDesk.url);
    await classPage.waitForFunction((n) => document.querySelectorAll("#feed article").length >= n, kinds.length, { timeout: 20000 });
    for (const language of ["ja", "en"]) {
      if (language === "en") {
        await classPage.locator("#lang").click();
        await classPage.waitForFunction(() => document.documentElement.lang === "en");
      }
      let plain = true;
      for (const [kind] of kinds) {
        const card = classPage.locator("#feed article", { hasText: `_${kind}.xml` }).or(
          classPage.locator(`#feed article[data-state="${kind === "covered" ? "covered" : "provisional"}"]`)).first();
        await card.screenshot({ path: join(shots, `card-${kind}-${language}.png`) });
        const text = await card.innerText();
        // A sentence of the other language: a run of Latin words in Japanese, of hiragana in English
        // (names of Japanese documents such as マイナ保険証 stay as they are).
        const other = language === "ja" ? /[A-Za-z]{4,}/.test(text.replace(/OQS\w+\.xml|onshi/g, "")) : /[ぁ-ん]{3,}/.test(text);
        if (other) { plain = false; console.log(`  ${kind} (${language}): ${text.replace(/\s+/g, " ").slice(0, 160)}`); }
      }
      check(plain, `each class of file is a card in ${language} with no sentence in the other language`);
    }
    await classPage.close();
  } finally {
    await stopDesk(classDesk);
    rmSync(classes, { recursive: true, force: true });
  }

  check(outside.length === 0, `the page asked nothing of another host (${outside.slice(0, 3).join(", ")})`);
  check(consoleErrors.length === 0, `no console errors (${consoleErrors.slice(0, 3).join(" | ")})`);
} finally {
  await browser.close();
  await stopDesk(desk);
  if (clerk) await stopDesk(clerk);
  rmSync(exchange, { recursive: true, force: true });
}

// The request log holds method, path, status and time; nothing from the file or the form.
check(/GET \/v1\/events 200/.test(desk.log) && /GET \/v1\/results/.test(desk.log), "the desk logs each request");
check(!/花子|シケン|1980-01-01|2027-07-31|39131016/.test(desk.log), "the log holds no personal data");
console.log(`screenshots: ${shots}`);
if (failures > 0) {
  console.error(`${failures} browser check(s) failed`);
  process.exit(1);
}
console.log("browser test passed");
