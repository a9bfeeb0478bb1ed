// The shapes of the plain objects onshi takes and returns (the vector format: snake_case keys,
// dates as YYYY-MM-DD text). Every closed set of values is a generated union.
import type * as V from "./generated/vocabularies";

type Fields = Record<string, unknown>;
/** A reception visit: when, where, who, what was presented, the online answer. */
export interface Visit extends Fields { at: string; facility: Fields; patient: Fields; presented: Fields; online?: Fields | null }
/** An alert or action of a decision: its kind and details. */
export type Item<K extends string> = { kind: K } & Fields;
/** A desk's answer at a step of the 声掛け conversation. */
export interface ScriptAnswer extends Fields { answer: "yes" | "no" | "no_card_yet" | "card_read" | "documents" }
/** The audit of a rule table on a day. */
export interface RuleAudit { on: string; version: string; reviewed?: string; horizon: string; planned_rows: V.PlannedRows; gap: boolean; findings: Array<{ kind: V.AuditFinding; id: string; text: { ja: string; en: string } } & Fields> }
/** A number's details. */
export interface NumberInfo extends Fields { normalized: string; notes: string[] }
/** A 高額療養費 query. */
export interface CeilingQuery { month: string; category: string; medical_cost?: number; many_times?: boolean; outpatient?: boolean; birthday_75_month?: boolean }
/** A 高額療養費 monthly limit; the yearly caps are information only, and a figure in `not_stated`
 * is unknown, not absent. */
export interface CeilingAmount { limit: number; formula: string; rule: string; annual_cap?: number; annual_cap_low_income?: number; outpatient_annual_cap?: number; not_stated?: V.CeilingFigure[] }
/** A certificate's status, what it allows, and its dates. */
export interface CertificateValidity { status: V.CertificateStatus; insurance_use: boolean; other_functions: boolean; valid_from?: string; expires?: string; alert_from?: string; expired?: string; grace_until?: string; grace_ended?: string }
/** A certificate check: the status and the whole check. */
export interface CertificateCheck extends CertificateValidity { expires: string; check: Fields }
/** What a card says of its PIN counter. */
export type PinCounterInfo = { counter: V.PinCounter; tries?: number; pin_state: PinStateInfo };
/** What is known of the PIN for a visit. */
export interface PinStateInfo { state: V.PinState; tries?: number }
/** What one PIN verification did. */
export interface PinVerification { outcome: V.PinOutcome; counter?: { counter: V.PinCounter; tries?: number }; pin_state: PinStateInfo }
/** Whether a card can be registered for insurance use. */
export interface RegistrationCheck { allowed: boolean; refusal: V.RegistrationRefusal | null; reason: string | null }
/** An insurance record, stored or online. */
export type InsuranceRecord = Fields;
/** A person's facts for matching. */
export interface PersonFacts extends Fields { name?: string; name_kana?: string; birth_date?: string; sex?: string }
/** Whether two records are the same person. */
export interface PersonMatch { outcome: V.MatchOutcome; reasons: V.MatchReason[] }
/** A stored record against the online one. */
export interface Reconciliation extends Fields { outcome: V.ReconcileOutcome; person: PersonMatch; differences: Array<{ kind: V.DifferenceKind; severity: V.Severity; action: { kind: V.RecordAction; day?: string }; rules?: string[]; text: { ja: string; en: string } } & Fields> }
/** The online answer a decision takes from a result file. */
export type OnlineResult = Fields;
/** A unit of a 一括照会 result file, with its online answer. */
export interface BatchUnit extends Fields { online: OnlineResult }
/** The counts of a 一括照会 result file. */
export interface BatchSummary extends Fields { units: number }
