// The desk page: decisions as they arrive (server-sent events), a form for a visit without a card,
// and the 声掛け script step by step. Every sentence about a decision comes from the server, in both
// languages; this file holds only the page's own labels.
"use strict";

const WORDS = {
  ja: {
    skip: "受付の結果へ移動", title: "受付", langButton: "English", langHelp: "表示の言語を切り替えます",
    feed: "受付の結果（顔認証付きカードリーダー・オンライン資格確認）",
    feedEmpty: "新しい結果を待っています。カードが読み取られると、ここに表示されます。",
    form: "カードなしの受付", at: "来院日", birth: "生年月日（任意）", document: "提示された書類",
    docCertificate: "資格確認書", docLegacy: "健康保険証（従来の保険証）",
    docNotice: "資格情報のお知らせ（マイナンバーカードと）", until: "有効期限", copay: "記載の負担割合",
    copayNone: "記載なし", decide: "判定する", script: "声掛け（受付の流れ）", scriptStart: "声掛けを始める",
    footer: "判定は onshi の規則表によります。氏名は先頭の一文字だけを表示します。",
    nextSteps: "次の対応", honorific: "様", refused: "判定できませんでした",
    connected: "接続中", disconnected: "接続が切れました。再接続しています…", noExchange: "交換フォルダの監視なし",
    watching: "交換フォルダを監視中", yes: "はい", no: "いいえ", noCardYet: "まだ作成していない",
    readOk: "読み取り・本人確認OK（資格有効）", readInvalid: "読み取りOK・資格無効", readDown: "オンライン資格確認が使えない",
    shown: "提示された", nothing: "何もない", again: "もう一度", said: "これまでの声掛け", untilRequired: "資格確認書の有効期限を入れてください",
    atRequired: "来院日を入れてください", failed: "判定できませんでした",
  },
  en: {
    skip: "Skip to the results", title: "Reception", langButton: "日本語", langHelp: "Switch the page language",
    feed: "Results (face-recognition reader, online check)",
    feedEmpty: "Waiting for new results. They appear here as cards are read.",
    form: "A visit without a card", at: "Visit date", birth: "Birth date (optional)", document: "Document shown",
    docCertificate: "資格確認書 (qualification certificate)", docLegacy: "Health insurance card (legacy)",
    docNotice: "資格情報のお知らせ (with the My Number Card)", until: "Valid until", copay: "Copay on the document",
    copayNone: "Not stated", decide: "Decide", script: "Reception script (声掛け)", scriptStart: "Start the script",
    footer: "Decisions follow onshi's rule table. Only the first character of a name is shown.",
    nextSteps: "Next", honorific: "", refused: "Could not decide",
    connected: "connected", disconnected: "connection lost, reconnecting…", noExchange: "no exchange folder watched",
    watching: "watching the exchange folder", yes: "Yes", no: "No", noCardYet: "Has no card yet",
    readOk: "Card read, identity confirmed (valid)", readInvalid: "Card read, qualification invalid",
    readDown: "Online check unavailable", shown: "Shown", nothing: "Nothing", again: "Start again",
    said: "Said so far", untilRequired: "Give the 資格確認書's valid-until date", atRequired: "Give the visit date",
    failed: "Could not decide",
  },
};

let lang = localStorage.getItem("onshi-desk-lang") === "en" ? "en" : "ja";
const events = [];        // feed events, newest last
let formAnswer = null;    // the form's last answer
let status = null;        // GET /v1/status
let connected = false;
let script = null;        // {visit, answers, answer}

const $ = (id) => document.getElementById(id);
const w = (key) => WORDS[lang][key];
const pick = (text) => (text ? text[lang] : "");
// The core's screen labels (GET /v1/status), so headings read as in the onshi command.
const label = (slug) => (status && status.labels[slug] ? status.labels[slug][lang] : slug);

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (name === "class") node.className = value;
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== "") node.append(child);
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

// One decision (or refusal) as a card. `meta` is what the feed adds: time, file, short name.
function decisionCard(answer, meta) {
  const decision = answer.decision;
  const shown = answer.shown;
  const facts = el("dl", { class: "facts" });
  const fact = (slug, text) => {
    if (text) facts.append(el("dt", {}, label(slug)), el("dd", {}, pick(text)));
  };
  if (!shown) {
    const error = answer.message ? answer : answer.error || {};
    return el("article", { class: "card refused", tabindex: "0" },
      el("div", { class: "card-head" }, el("p", { class: "coverage" }, w("refused")), metaLine(meta)),
      el("p", {}, pick(error.message)));
  }
  fact("copay", shown.copay);
  fact("cause", shown.failure);
  fact("ceiling_category", shown.ceiling);
  const card = el("article", { class: `card ${decision.coverage}`, tabindex: "0", "data-coverage": decision.coverage },
    el("div", { class: "card-head" }, el("p", { class: "coverage" }, pick(shown.coverage)), metaLine(meta)),
    shown.route ? el("p", { class: "route" }, pick(shown.route)) : null,
    facts.children.length ? facts : null,
    shown.alerts.length ? el("ul", { class: "alerts" }, shown.alerts.map((a) => el("li", {}, pick(a)))) : null,
    shown.actions.length
      ? [el("p", { class: "visually-hidden" }, w("nextSteps")), el("ol", { class: "actions" }, shown.actions.map((a) => el("li", {}, pick(a))))]
      : null,
    el("p", { class: "say" }, el("strong", {}, label("to_the_patient")), pick(shown.patient)),
    el("p", { class: "why" }, `${label("rules")}: ${decision.rules.join(", ")}`));
  card.setAttribute("aria-label", pick(shown.staff));
  return card;
}

function metaLine(meta) {
  if (!meta) return null;
  const parts = [];
  if (meta.received) {
    const t = new Date(meta.received);
    parts.push(t.toLocaleTimeString(lang === "ja" ? "ja-JP" : "en-GB", { hour: "2-digit", minute: "2-digit", second: "2-digit" }));
  }
  if (meta.patient) parts.push(lang === "ja" ? `${meta.patient} ${w("honorific")}` : meta.patient);
  return el("span", { class: "meta" }, parts.join(" · "));
}

const feedItem = (event) => el("li", { "data-event": String(event.id) }, decisionCard(event, event));

// Every card again (a language switch): the live region is quiet meanwhile, so a screen reader
// does not read out the whole list as new.
function renderFeed() {
  const list = $("feed");
  list.setAttribute("aria-live", "off");
  list.replaceChildren(...events.slice().reverse().map(feedItem));
  $("feed-empty").hidden = events.length > 0;
  setTimeout(() => list.setAttribute("aria-live", "polite"), 0);
}

// One new card at the top: the only thing announced.
function addToFeed(event) {
  const list = $("feed");
  list.prepend(feedItem(event));
  $("feed-empty").hidden = true;
}

function renderStatus() {
  if (!status) return;
  const parts = [`onshi ${status.version}`, `${label("rule_table")} ${status.rules.version}`];
  parts.push(status.exchange ? `${w("watching")} · ${connected ? w("connected") : w("disconnected")}` : w("noExchange"));
  $("status").textContent = parts.join(" · ");
}

function renderWords() {
  document.documentElement.lang = lang;
  document.title = `onshi ${w("title")}`;
  for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = w(node.dataset.i18n);
  $("lang").textContent = w("langButton");
}

function render() {
  renderWords();
  renderStatus();
  renderFeed();
  $("form-result").replaceChildren(formAnswer ? decisionCard(formAnswer, null) : "");
  renderScript();
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
    $("form-result").firstChild.focus();
  } catch (error) {
    formAnswer = null;
    $("form-result").replaceChildren();
    $("form-error").textContent = pick(error.message) || w("failed");
  }
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

async function pull() {
  if (pulling) return pulling;
  pulling = (async () => {
    for (;;) {
      const page = await call(`/v1/results?after=${lastId}`);
      if (epoch !== null && page.epoch !== epoch) {
        // Another run of the desk: the day is read again from its journal.
        epoch = page.epoch;
        lastId = 0;
        events.length = 0;
        renderFeed();
        continue;
      }
      epoch = page.epoch;
      for (const event of page.results) {
        if (event.id <= lastId) continue;
        events.push(event);
        lastId = event.id;
        addToFeed(event);
      }
      if (!page.more) break;
    }
  })().finally(() => { pulling = null; });
  return pulling;
}

function listen() {
  const source = new EventSource("/v1/events");
  source.addEventListener("results", (message) => {
    const notice = JSON.parse(message.data);
    if (epoch !== null && notice.epoch !== epoch) {
      epoch = notice.epoch;
      lastId = 0;
      events.length = 0;
      renderFeed();
    }
    if (notice.last > lastId) pull().catch(() => {});
  });
  source.addEventListener("open", () => { connected = true; renderStatus(); pull().catch(() => {}); });
  source.addEventListener("error", () => { connected = false; renderStatus(); });
}

document.addEventListener("DOMContentLoaded", async () => {
  $("f-at").value = today();
  $("visit-form").addEventListener("submit", submitForm);
  $("lang").addEventListener("click", () => {
    lang = lang === "ja" ? "en" : "ja";
    localStorage.setItem("onshi-desk-lang", lang);
    render();
  });
  render();
  try {
    status = await call("/v1/status");
  } catch (error) {
    $("status").textContent = pick(error.message);
  }
  render();
  listen();
});
