// The desk page: today's results as they arrive (the server says the newest id; the page asks for
// what it has not seen), a form for a visit without a card, and the 声掛け script step by step.
// Every sentence about a decision or a file comes from the server, in both languages; this file
// holds only the page's own labels.
"use strict";

const WORDS = {
  ja: {
    skip: "今日の一覧へ移動", title: "受付", langButton: "English", langHelp: "表示の言語を切り替えます",
    today: "今日の受付", count: (n) => `${n}件`,
    feedEmpty: "新しい結果を待っています。カードが読み取られると、ここに表示されます。",
    form: "カードなしの受付", at: "来院日", birth: "生年月日（任意）", document: "提示された書類",
    docCertificate: "資格確認書", docLegacy: "健康保険証（従来の保険証）",
    docNotice: "資格情報のお知らせ（マイナンバーカードと）", until: "有効期限", copay: "記載の負担割合",
    copayNone: "記載なし", decide: "判定する", reset: "次の方（Esc）", script: "声掛け（受付の流れ）", scriptStart: "声掛けを始める",
    footer: "判定は onshi の規則表によります。",
    nextSteps: "次の対応", honorific: "様", refused: "判定できませんでした",
    connected: "接続中", disconnected: "接続が切れました。再接続しています…", noExchange: "交換フォルダの監視なし",
    banner: "受付の結果を受け取れていません（接続が切れています）。再接続を試みています。端末の画面で結果を確認してください。",
    watching: "交換フォルダを監視中", yes: "はい", no: "いいえ", noCardYet: "まだ作成していない",
    readOk: "読み取り・本人確認OK（資格有効）", readInvalid: "読み取りOK・資格無効", readDown: "オンライン資格確認が使えない",
    shown: "提示された", nothing: "何もない", again: "もう一度", said: "これまでの声掛け", untilRequired: "資格確認書の有効期限を入れてください",
    atRequired: "来院日を入れてください", failed: "判定できませんでした",
    filter: "表示", filterAll: "すべて", filterAction: "対応が必要", filterOpen: "未対応", filterDone: "対応済み",
    search: "検索", searchHint: "カナの先頭・時刻", searchHintShared: "名前の1文字目・時刻", print: "一覧を印刷", sound: "音で知らせる",
    markDone: "対応済みにする", markOpen: "未対応に戻す", doneMark: "対応済み", basis: "根拠",
    receiving: "受信中", copayUnknown: "不明：保険証・資格確認書などで確認してください",
    shared: "共有画面モード：カナ・生年月日・保険者番号・記号番号・限度額区分は表示しません（受付担当の画面は onshi desk --show-details）。",
    clerk: "受付担当の画面：カナ・生年月日・保険者番号・記号番号・限度額区分を表示しています。患者さんから見えない場所で使ってください。",
    kana: "カナ", born: "生年月日", insurer: "保険者番号", symbolNumber: "記号・番号・枝番", ceiling: "限度額区分",
    status: { covered: "確認済み", provisional: "暫定", pending: "対応中", not_covered: "資格なし", refused: "判定不可" },
  },
  en: {
    skip: "Skip to today's list", title: "Reception", langButton: "日本語", langHelp: "Switch the page language",
    today: "Today's results", count: (n) => `${n}`,
    feedEmpty: "Waiting for new results. They appear here as cards are read.",
    form: "A visit without a card", at: "Visit date", birth: "Birth date (optional)", document: "Document shown",
    docCertificate: "資格確認書 (qualification certificate)", docLegacy: "Health insurance card (legacy)",
    docNotice: "資格情報のお知らせ (with the My Number Card)", until: "Valid until", copay: "Copay on the document",
    copayNone: "Not stated", decide: "Decide", reset: "Next patient (Esc)", script: "Reception script (声掛け)", scriptStart: "Start the script",
    footer: "Decisions follow onshi's rule table.",
    nextSteps: "Next", honorific: "", refused: "Could not decide",
    connected: "connected", disconnected: "connection lost, reconnecting…", noExchange: "no exchange folder watched",
    banner: "Results are not arriving (the connection is lost). Reconnecting; check results on the terminal meanwhile.",
    watching: "watching the exchange folder", yes: "Yes", no: "No", noCardYet: "Has no card yet",
    readOk: "Card read, identity confirmed (valid)", readInvalid: "Card read, qualification invalid",
    readDown: "Online check unavailable", shown: "Shown", nothing: "Nothing", again: "Start again",
    said: "Said so far", untilRequired: "Give the 資格確認書's valid-until date", atRequired: "Give the visit date",
    failed: "Could not decide",
    filter: "Show", filterAll: "All", filterAction: "Needs action", filterOpen: "Not done", filterDone: "Done",
    search: "Search", searchHint: "First kana or time", searchHintShared: "First character of the name, or time", print: "Print the list", sound: "Sound on new results",
    markDone: "Mark done", markOpen: "Mark not done", doneMark: "Done", basis: "Basis",
    receiving: "Receiving", copayUnknown: "Unknown: check the card, the 資格確認書 or another document",
    shared: "Shared-screen mode: kana, birth date, insurer number, 記号・番号 and 限度額区分 are not shown (a clerk's screen: onshi desk --show-details).",
    clerk: "Clerk's screen: kana, birth date, insurer number, 記号・番号 and 限度額区分 are shown. Keep it out of patients' sight.",
    kana: "Kana", born: "Birth date", insurer: "Insurer", symbolNumber: "記号・番号・枝番", ceiling: "限度額区分",
    status: { covered: "Covered", provisional: "Provisional", pending: "Pending", not_covered: "Not covered", refused: "Not decided" },
  },
};

// Status marks beside the colours, so no one needs to tell colours apart.
const ICONS = { covered: "✔", provisional: "▲", pending: "●", not_covered: "✖", refused: "⚠" };

let lang = localStorage.getItem("onshi-desk-lang") === "en" ? "en" : "ja";
let sound = localStorage.getItem("onshi-desk-sound") === "on";
const events = [];        // today's results, oldest first
let receiving = [];       // names of files still being written
let formAnswer = null;    // the form's last answer
let status = null;        // GET /v1/status
let connected = false;
let script = null;        // {visit, answers, answer}

const $ = (id) => document.getElementById(id);
const w = (key) => WORDS[lang][key];
const pick = (text) => (text ? text[lang] : "");
// The core's screen labels (GET /v1/status), so headings read as in the onshi command.
const label = (slug) => (status && status.labels[slug] ? status.labels[slug][lang] : slug);

// Control and bidirectional-override characters never reach the screen, whoever wrote the text
// (a file name, an overlay's rule row, a message): each is shown as U+FFFD. Every text the page
// shows goes through `el` or `say`.
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const plain = (text) => String(text).replace(UNSAFE, "\ufffd");

function say(node, text) {
  node.textContent = plain(text);
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (name === "class") node.className = value;
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, plain(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === "") continue;
    node.append(typeof child === "string" ? plain(child) : child);
  }
  return node;
}

function today() {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

async function call(path, body) {
  const response = await fetch(path, {
    method: body === undefined ? "GET" : "POST",
    headers: body === undefined ? {} : { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: "same-origin",
  });
  const json = await response.json();
  if (!response.ok) throw json.error || { message: { ja: String(response.status), en: String(response.status) } };
  return json;
}

// Where a result stands: covered, provisional, pending, not_covered, or refused.
const standing = (answer) => (answer.shown ? answer.decision.coverage : "refused");
// Whether the clerk must still do something: anything but covered, until marked done.
const needsAction = (event) => standing(event) !== "covered" && !event.done;

function statusMark(state) {
  return el("span", { class: "state" }, el("span", { class: "icon", "aria-hidden": "true" }, ICONS[state] || "•"), " ", w("status")[state] || state);
}

// One decision (or refusal) as a card. `meta` is the list's: time, file, name, details, done.
function decisionCard(answer, meta) {
  const decision = answer.decision;
  const shown = answer.shown;
  const state = standing(answer);
  const facts = el("dl", { class: "facts" });
  const fact = (name, text) => {
    if (text) facts.append(el("dt", {}, name), el("dd", {}, text));
  };
  const head = el("div", { class: "card-head" },
    el("p", { class: "coverage" }, statusMark(state), shown ? el("span", { class: "words" }, " — ", pick(shown.coverage)) : ""),
    metaLine(meta));
  if (!shown) {
    const error = answer.message ? answer : answer.error || {};
    return el("article", { class: `card refused${meta && meta.done ? " done" : ""}`, "data-state": "refused" },
      head,
      meta && meta.file ? el("p", { class: "file" }, meta.file) : null,
      el("p", {}, pick(error.message)),
      doneButton(meta));
  }
  fact(label("copay"), shown.copay ? pick(shown.copay) : w("copayUnknown"));
  if (shown.failure) fact(label("cause"), pick(shown.failure));
  if (shown.ceiling) fact(label("ceiling_category"), pick(shown.ceiling));
  detailsFacts(meta && meta.details, fact);
  const rules = el("details", { class: "why" }, el("summary", {}, w("basis")),
    el("ul", {}, decision.rules.map((id) => basisLine(id, decision.date))));
  const card = el("article", { class: `card ${decision.coverage}${meta && meta.done ? " done" : ""}`, "data-coverage": decision.coverage, "data-state": state },
    head,
    shown.route ? el("p", { class: "route" }, pick(shown.route)) : null,
    facts,
    shown.alerts.length ? el("ul", { class: "alerts" }, shown.alerts.map((a) => el("li", {}, pick(a)))) : null,
    shown.actions.length
      ? [el("p", { class: "visually-hidden" }, w("nextSteps")), el("ol", { class: "actions" }, shown.actions.map((a) => el("li", {}, pick(a))))]
      : null,
    el("p", { class: "say" }, el("strong", {}, label("to_the_patient")), pick(shown.patient)),
    rules,
    doneButton(meta));
  card.setAttribute("aria-label", plain(pick(shown.staff)));
  return card;
}

// The rule table's rows by id, for the 根拠 of each card: the row's name and where it is stated
// (the notice numbers live there, not in the clerk's sentences).
let ruleRows = new Map();

async function loadRules() {
  try {
    const table = await call("/v1/rules");
    ruleRows = new Map();
    for (const row of table.rules) {
      if (!ruleRows.has(row.id)) ruleRows.set(row.id, []);
      ruleRows.get(row.id).push(row);
    }
  } catch (error) {
    ruleRows = new Map(); // the ids alone are still shown
  }
}

function basisLine(id, on) {
  const rows = ruleRows.get(id) || [];
  const row = rows.find((r) => r.from <= on && (!r.until || on <= r.until)) || rows[0];
  if (!row) return el("li", {}, el("code", {}, id));
  return el("li", {}, pick(row.title), " ", el("code", {}, id), el("br"), el("span", { class: "source" }, row.source));
}

// The record's details, on a clerk's screen only (the server sends none to a shared one).
function detailsFacts(details, fact) {
  if (!details) return;
  fact(w("kana"), details.kana);
  fact(w("born"), details.birth_date);
  fact(w("insurer"), details.insurer);
  const numbers = [details.symbol, details.number, details.branch].filter(Boolean).join(" · ");
  fact(w("symbolNumber"), numbers);
  if (details.ceiling_category) {
    const c = details.ceiling_category;
    fact(w("ceiling"), c.label ? `${c.code} ${c.label}` : c.code);
  }
}

function doneButton(meta) {
  if (!meta || !meta.id) return null;
  return el("button", {
    type: "button", class: "secondary done-toggle", "aria-pressed": meta.done ? "true" : "false",
    onclick: () => markDone(meta.id, !meta.done),
  }, meta.done ? `✔ ${w("doneMark")} — ${w("markOpen")}` : w("markDone"));
}

function timeOf(received) {
  const t = new Date(received);
  return t.toLocaleTimeString(lang === "ja" ? "ja-JP" : "en-GB", { hour: "2-digit", minute: "2-digit", second: "2-digit" });
}

function metaLine(meta) {
  if (!meta) return null;
  const parts = [];
  if (meta.received) parts.push(timeOf(meta.received));
  if (meta.patient) parts.push(lang === "ja" ? `${meta.patient} ${w("honorific")}` : meta.patient);
  return el("span", { class: "meta" }, parts.join(" · "));
}

const feedItem = (event) => el("li", { "data-event": String(event.id) }, decisionCard(event, event));

// Whether a result passes the list's filter and search.
function listed(event) {
  const filter = $("t-filter").value;
  if (filter === "action" && !needsAction(event)) return false;
  if (filter === "open" && event.done) return false;
  if (filter === "done" && !event.done) return false;
  const query = $("t-search").value.trim();
  if (!query) return true;
  const kana = event.details && event.details.kana ? event.details.kana : "";
  const name = event.patient || "";
  return kana.startsWith(query) || name.startsWith(query) || timeOf(event.received).startsWith(query);
}

// The whole list again (a filter, a language switch): the live region is quiet meanwhile, so a
// screen reader does not read out the list as new.
function renderFeed() {
  const list = $("feed");
  list.setAttribute("aria-live", "off");
  list.replaceChildren(...events.filter(listed).slice().reverse().map(feedItem));
  $("feed-empty").hidden = events.length > 0;
  $("today-count").textContent = `(${w("count")(events.length)})`;
  setTimeout(() => list.setAttribute("aria-live", "polite"), 0);
  renderTitle();
}

// One new card at the top: the only thing announced.
function addToFeed(event) {
  if (listed(event)) $("feed").prepend(feedItem(event));
  $("feed-empty").hidden = true;
  $("today-count").textContent = `(${w("count")(events.length)})`;
}

function renderReceiving() {
  $("receiving").replaceChildren(...receiving.map((name) =>
    el("li", { class: "card receiving-card" }, el("span", { class: "icon", "aria-hidden": "true" }, "…"), ` ${w("receiving")}: `, name)));
}

// The tab's title counts the results that still need action, for a page behind another window.
function renderTitle() {
  const waiting = events.filter(needsAction).length;
  document.title = `${waiting > 0 ? `(${waiting}) ` : ""}onshi ${w("title")}`;
}

function renderStatus() {
  if (!status) return;
  const parts = [`onshi ${status.version}`, `${label("rule_table")} ${status.rules.version}`];
  parts.push(status.exchange ? `${w("watching")} · ${connected ? w("connected") : w("disconnected")}` : w("noExchange"));
  say($("status"), parts.join(" · "));
  const banner = $("banner");
  banner.hidden = !status.exchange || connected;
  banner.textContent = banner.hidden ? "" : w("banner");
  $("mode").textContent = status.details ? w("clerk") : w("shared");
  $("mode").className = status.details ? "mode clerk" : "mode";
}

function renderWords() {
  document.documentElement.lang = lang;
  for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = w(node.dataset.i18n);
  for (const node of document.querySelectorAll("[data-i18n-placeholder]")) node.placeholder = w(node.dataset.i18nPlaceholder);
  // A shared screen has no kana to search by: the name's first character and the time.
  if (status && !status.details) $("t-search").placeholder = w("searchHintShared");
  $("lang").textContent = w("langButton");
  $("sound").setAttribute("aria-pressed", sound ? "true" : "false");
  $("today-date").textContent = today();
}

function render() {
  renderWords();
  renderStatus();
  renderFeed();
  renderReceiving();
  $("form-result").replaceChildren(formAnswer ? decisionCard(formAnswer, null) : "");
  renderScript();
}

// A short tone for a new result that needs action, when the clerk asked for sound.
function chime() {
  if (!sound) return;
  try {
    const context = new AudioContext();
    const tone = context.createOscillator();
    const gain = context.createGain();
    tone.frequency.value = 880;
    gain.gain.value = 0.08;
    tone.connect(gain).connect(context.destination);
    tone.start();
    tone.stop(context.currentTime + 0.18);
  } catch (_) { /* no sound on this machine */ }
}

async function markDone(id, done) {
  const updated = await call(`/v1/results/${id}/done`, { done });
  const at = events.findIndex((e) => e.id === id);
  if (at >= 0) events[at] = updated;
  const focusedId = document.activeElement && document.activeElement.closest("[data-event]")
    ? document.activeElement.closest("[data-event]").dataset.event : null;
  renderFeed();
  if (focusedId) {
    const again = document.querySelector(`[data-event="${focusedId}"] .done-toggle`);
    if (again) again.focus();
  }
}

// The visit the form describes.
function formVisit() {
  const form = $("visit-form");
  const at = form.at.value;
  const until = form.until.value;
  const copay = form.copay.value ? Number(form.copay.value) : undefined;
  if (!at) throw { message: { ja: WORDS.ja.atRequired, en: WORDS.en.atRequired } };
  const presented = {};
  const kind = form.document.value;
  if (kind === "qualification_certificate") {
    if (!until) throw { message: { ja: WORDS.ja.untilRequired, en: WORDS.en.untilRequired } };
    presented.qualification_certificate = { valid_until: until, copay_percent: copay };
  } else if (kind === "legacy_card") {
    presented.legacy_card = { expires: until || undefined, copay_percent: copay };
  } else {
    presented.notice = { copay_percent: copay };
    presented.myna_card = {};
  }
  const visit = { at, presented };
  if (form.birth.value) visit.patient = { birth_date: form.birth.value };
  return visit;
}

async function submitForm(event) {
  event.preventDefault();
  $("form-error").textContent = "";
  try {
    formAnswer = await call("/v1/decide", formVisit());
    $("form-result").replaceChildren(decisionCard(formAnswer, null));
    const card = $("form-result").firstChild;
    card.setAttribute("tabindex", "-1");
    card.focus();
  } catch (error) {
    formAnswer = null;
    $("form-result").replaceChildren();
    say($("form-error"), pick(error.message) || w("failed"));
  }
}

// Esc, or the button: the form is cleared for the next patient, the cursor back at its start.
// Esc and the reset button clear the form for the next patient. The browser empties the fields
// after the reset event, so the day and the focus are set once it has.
function resetForm() {
  setTimeout(afterReset, 0);
}

function afterReset() {
  const form = $("visit-form");
  form.at.value = today();
  formAnswer = null;
  $("form-result").replaceChildren();
  $("form-error").textContent = "";
  form.at.focus();
}

// The 声掛け script: the server replays the answers so far and says where the conversation is.
async function answerScript(answer) {
  const answers = answer === null ? [] : [...script.answers, answer];
  try {
    const reply = await call("/v1/script", { visit: script.visit, answers });
    script = { ...script, answers, reply, error: null };
  } catch (error) {
    script = { ...script, error };
  }
  renderScript();
  const prompt = document.querySelector("#script-box .prompt");
  if (prompt) prompt.focus();
}

function startScript() {
  script = { visit: { at: today() }, answers: [], reply: null, error: null };
  answerScript(null);
}

function choice(label, answer, secondary) {
  return el("button", { type: "button", class: secondary ? "secondary" : "", onclick: () => answerScript(answer) }, w(label));
}

function scriptChoices(step) {
  const card = (identity, online) => ({ answer: "card_read", card: { identity }, online });
  const confirmed = { method: "face", outcome: "confirmed" };
  switch (step) {
    case "ask_for_myna_card":
      return [choice("yes", { answer: "yes" }), choice("no", { answer: "no" }, true), choice("noCardYet", { answer: "no_card_yet" }, true)];
    case "offer_myna_card":
      return [choice("yes", { answer: "yes" }), choice("no", { answer: "no" }, true)];
    case "read_card":
      return [
        choice("readOk", card(confirmed, { status: "valid" })),
        choice("readInvalid", card(confirmed, { status: "invalid" }), true),
        choice("readDown", card(confirmed, { status: "unavailable" }), true),
      ];
    case "ask_for_document": {
      const kind = el("select", { id: "s-doc", "aria-label": w("document") },
        el("option", { value: "qualification_certificate" }, w("docCertificate")),
        el("option", { value: "legacy_card" }, w("docLegacy")));
      const until = el("input", { id: "s-until", type: "date", "aria-label": w("until") });
      const shown = () => {
        const presented = kind.value === "qualification_certificate"
          ? { qualification_certificate: { valid_until: until.value || today() } }
          : { legacy_card: { expires: until.value || undefined } };
        answerScript({ answer: "documents", presented });
      };
      return [el("label", { for: "s-doc" }, w("document")), kind, el("label", { for: "s-until" }, w("until")), until,
        el("button", { type: "button", onclick: shown }, w("shown")),
        choice("nothing", { answer: "documents", presented: {} }, true)];
    }
    default:
      return [el("button", { type: "button", class: "secondary", onclick: startScript }, w("again"))];
  }
}

function renderScript() {
  const box = $("script-box");
  if (!script) {
    box.replaceChildren(el("button", { type: "button", id: "script-start", class: "primary", onclick: startScript }, w("scriptStart")));
    return;
  }
  const reply = script.reply;
  const parts = [];
  if (reply) {
    const said = reply.transcript.slice(0, -1);
    if (said.length) parts.push(el("p", { class: "visually-hidden" }, w("said")), el("ol", { class: "transcript" }, said.map((t) => el("li", {}, pick(t)))));
    parts.push(el("p", { class: "prompt", tabindex: "-1", "data-step": reply.step }, pick(reply.prompt)));
    if (reply.decision) parts.push(decisionCard(reply, null));
    parts.push(el("div", { class: "choices" }, scriptChoices(reply.step)));
  }
  if (script.error) parts.push(el("p", { class: "error", role: "alert" }, pick(script.error.message) || w("failed")));
  box.replaceChildren(...parts);
}

// The feed: the server says the newest id (and its epoch); the page asks for what it has not
// seen, so a burst of any size arrives whole and a reconnect or a restart loses nothing.
let epoch = null;
let lastId = 0;
let pulling = null;

function restart(newEpoch) {
  epoch = newEpoch;
  lastId = 0;
  events.length = 0;
  renderFeed();
}

async function pull() {
  if (pulling) return pulling;
  pulling = (async () => {
    // The day read at start (or after a restart) is not news: only later results chime.
    const news = epoch !== null;
    let fresh = 0;
    for (;;) {
      const page = await call(`/v1/results?after=${lastId}`);
      if (epoch !== null && page.epoch !== epoch) {
        // Another run of the desk: the day is read again from its journal.
        restart(page.epoch);
        continue;
      }
      epoch = page.epoch;
      for (const event of page.results) {
        if (event.id <= lastId) continue;
        events.push(event);
        lastId = event.id;
        addToFeed(event);
        if (needsAction(event)) fresh += 1;
      }
      if (!page.more) break;
    }
    renderTitle();
    if (news && fresh > 0) chime();
  })().finally(() => { pulling = null; });
  return pulling;
}

function listen() {
  const source = new EventSource("/v1/events");
  source.addEventListener("results", (message) => {
    const notice = JSON.parse(message.data);
    if (epoch !== null && notice.epoch !== epoch) restart(notice.epoch);
    receiving = notice.receiving || [];
    renderReceiving();
    if (notice.last > lastId) pull().catch(() => {});
  });
  source.addEventListener("open", () => { connected = true; renderStatus(); pull().catch(() => {}); });
  source.addEventListener("error", () => { connected = false; renderStatus(); });
}

document.addEventListener("DOMContentLoaded", async () => {
  $("f-at").value = today();
  $("visit-form").addEventListener("submit", submitForm);
  $("visit-form").addEventListener("reset", resetForm);
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !event.defaultPrevented) {
      $("visit-form").reset(); // the fields are empty once reset() returns
      afterReset();
    }
  });
  $("t-filter").addEventListener("change", renderFeed);
  $("t-search").addEventListener("input", renderFeed);
  $("t-print").addEventListener("click", () => window.print());
  $("lang").addEventListener("click", () => {
    lang = lang === "ja" ? "en" : "ja";
    localStorage.setItem("onshi-desk-lang", lang);
    render();
  });
  $("sound").addEventListener("click", () => {
    sound = !sound;
    localStorage.setItem("onshi-desk-sound", sound ? "on" : "off");
    renderWords();
    chime();
  });
  render();
  try {
    status = await call("/v1/status");
    await loadRules();
  } catch (error) {
    say($("status"), pick(error.message));
  }
  render();
  listen();
});
