package jp.onshi

import java.io.File
import org.json.JSONArray
import org.json.JSONObject
import org.junit.Assert.assertEquals
import org.junit.Assert.assertTrue
import org.junit.Test

/**
 * Every shared vector file, every case, through the generated Kotlin classes: one runner per suite
 * (`decide` and the `Decision` record, `verifyNumber`, `monthlyCeiling`, `RuleSet.audit`, a Kotlin
 * transport under `JpkiCard`, …). Each `expect` key is checked here, in Kotlin; a key a runner does
 * not know fails its case. The cases checked are counted per file and asserted against the file,
 * so a skipped case or suite fails, and every route, alert and action kind the core declares must
 * be reached. The library ships no vector runner: Kotlin proves itself through its own calls.
 */
class TypedVectorsTest {
    private val builtin = RuleSet.builtin()
    private val vectors = File(System.getProperty("onshi.vectors") ?: "../../../tests/vectors")
    private val table = File(vectors, "../../crates/onshi/rules/default.json")

    private fun cases(file: File): List<JSONObject> {
        val array = JSONObject(file.readText()).getJSONArray("cases")
        return (0 until array.length()).map { array.getJSONObject(it) }
    }

    private fun strings(a: JSONArray): List<String> = (0 until a.length()).map { a.getString(it) }

    /** The route, alert and action kinds reached by the reception cases. */
    private val reached = mutableSetOf<String>()

    /** The runner of each suite: the problems of one case, none when it passed. */
    private val runners: Map<String, (JSONObject) -> List<String>> = mapOf(
        "reception" to { case -> receptionProblems(case, reached) },
        "numbers" to ::numberProblems,
        "ceilings" to ::ceilingProblems,
        "rules" to ::rulesProblems,
        "audit" to ::auditProblems,
        "card" to ::cardProblems,
        "certificate" to ::certificateProblems,
        "oqs" to ::oqsProblems,
        "script" to ::scriptProblems,
        "registration" to ::registrationProblems,
        "facilities" to ::facilitiesProblems,
        "reconcile" to ::reconcileProblems,
        "wareki" to ::warekiProblems,
        "names" to ::namesProblems,
    )

    /** The rule table a case names: its own, the built-in less some rows, with planned rows. */
    private fun caseRules(input: JSONObject): RuleSet {
        var rules = builtin
        input.optJSONObject("rules")?.let { rules = RuleSet.fromJson(it.toString()) }
        input.optJSONArray("drop_rows")?.let { drop ->
            check(!input.has("rules")) { "give rules or drop_rows, not both" }
            val full = JSONObject(table.readText())
            val rows = full.getJSONArray("rules")
            val before = rows.length()
            for (i in rows.length() - 1 downTo 0) {
                val row = rows.getJSONObject(i)
                val dropped = (0 until drop.length()).map { drop.getJSONObject(it) }
                    .any { it.getString("id") == row.getString("id") && it.getString("from") == row.getString("from") }
                if (dropped) rows.remove(i)
            }
            check(rows.length() + drop.length() == before) { "drop_rows names a row the built-in table does not have" }
            rules = RuleSet.fromJson(full.toString())
        }
        if (input.optBoolean("planned")) rules = rules.withPlannedRows()
        input.remove("rules")
        input.remove("drop_rows")
        input.remove("planned")
        return rules
    }

    private fun slug(failure: FailureClass?): Any = when (failure) {
        FailureClass.QUALIFICATION_NOT_FOUND -> "a"
        FailureClass.ONLINE_UNUSABLE -> "b"
        null -> JSONObject.NULL
    }

    private fun receptionProblems(case: JSONObject, reached: MutableSet<String>): List<String> {
        val input = JSONObject(case.getJSONObject("input").toString())
        val expect = case.getJSONObject("expect")
        val rules = caseRules(input)
        val problems = mutableListOf<String>()
        val d = try {
            decide(rules, Visit.fromJson(input.toString()))
        } catch (e: OnshiException.InvalidInput) {
            if (!expect.has("error")) return listOf("refused: ${e.reason}")
            if (e.kind.name.lowercase() != expect.getString("error")) problems += "error: expected ${expect.getString("error")}, got ${e.kind}"
            return problems
        }
        if (expect.has("error")) return listOf("decided, expected the error ${expect.getString("error")}")
        reached += d.route.name.lowercase()
        d.alerts.forEach { reached += it.kind }
        d.actions.forEach { reached += it.kind }
        val json = JSONObject(d.json)
        val alertsJson = json.getJSONArray("alerts")
        for (key in expect.keys()) {
            val want = expect.get(key)
            when (key) {
                "coverage" -> if (d.coverage.name.lowercase() != want) problems += "coverage ${d.coverage}"
                "route" -> if (d.route.name.lowercase() != want) problems += "route ${d.route}"
                "failure" -> if (slug(d.failure) != want) problems += "failure ${d.failure}"
                "copay_percent" -> if ((d.copayPercent?.toInt() ?: JSONObject.NULL) != want) problems += "copay_percent ${d.copayPercent}"
                "copay_basis" -> if (d.copayBasis.name.lowercase() != want) problems += "copay_basis ${d.copayBasis}"
                "alerts" -> {
                    val a = want as JSONArray
                    val wanted = (0 until a.length()).map { a.optJSONObject(it)?.getString("kind") ?: a.getString(it) }
                    if (d.alerts.map { it.kind }.sorted() != wanted.sorted()) problems += "alerts ${d.alerts.map { it.kind }}"
                }
                "actions" -> strings(want as JSONArray).filter { k -> d.actions.none { it.kind == k } }.forEach { problems += "action $it missing" }
                "actions_exclude" -> strings(want as JSONArray).filter { k -> d.actions.any { it.kind == k } }.forEach { problems += "action $it present" }
                "first_action" -> if (d.actions.firstOrNull()?.kind != want) problems += "first_action ${d.actions.firstOrNull()?.kind}"
                "identity_methods" -> {
                    val methods = d.actions.firstOrNull { it.kind == "confirm_identity" }?.let { JSONObject(it.detailsJson).getJSONArray("methods") }
                    if (methods == null || !methods.similar(want)) problems += "identity_methods $methods"
                }
                "rules" -> strings(want as JSONArray).filter { it !in d.rules }.forEach { problems += "rule $it missing" }
                "rules_exclude" -> strings(want as JSONArray).filter { it in d.rules }.forEach { problems += "rule $it present" }
                "staff_message_contains" -> {
                    val w = want as JSONObject
                    if (w.has("ja") && !d.staffMessageJa.contains(w.getString("ja"))) problems += "staff message (ja)"
                    if (w.has("en") && !d.staffMessageEn.contains(w.getString("en"))) problems += "staff message (en)"
                }
                "ceiling" -> {
                    val w = want as? JSONObject
                    val basis = w?.getString("basis")?.let { CeilingBasis.valueOf(it.uppercase()) }
                    if (d.ceilingCategory != w?.getString("category") || d.ceilingBasis != basis) {
                        problems += "ceiling ${d.ceilingBasis} ${d.ceilingCategory}"
                    }
                }
                "ceiling_limit" -> {
                    val got = d.ceilingLimit?.limit?.toLong()
                    val wanted = if (want == JSONObject.NULL) null else (want as Number).toLong()
                    if (got != wanted) problems += "ceiling_limit $got"
                }
                "dates" -> {
                    val dates = want as JSONObject
                    for (field in dates.keys()) {
                        val found = (0 until alertsJson.length()).any { alertsJson.getJSONObject(it).opt(field) == dates.get(field) }
                        if (!found) problems += "no alert has $field"
                    }
                }
                "not_used" -> {
                    val got = JSONObject()
                    d.alerts.filter { it.kind == "document_not_used" }.forEach {
                        val details = JSONObject(it.detailsJson)
                        got.put(details.getString("document"), details.getString("reason"))
                    }
                    if (!got.similar(want)) problems += "not_used $got"
                }
                else -> problems += "expect key `$key` is not checked by the Kotlin runner"
            }
        }
        return problems
    }

    private fun numberProblems(case: JSONObject): List<String> {
        val input = case.getJSONObject("input")
        val expect = case.getJSONObject("expect")
        val kind = NumberKind.entries.firstOrNull { it.name.lowercase() == input.getString("kind") }
            ?: return listOf("unknown kind ${input.getString("kind")}")
        val problems = mutableListOf<String>()
        val info = try {
            verifyNumber(kind, input.getString("value"))
        } catch (e: OnshiException.InvalidInput) {
            for (key in expect.keys()) when (key) {
                "valid" -> if (expect.getBoolean("valid")) problems += "refused: ${e.reason}"
                "error" -> if (e.kind.name.lowercase() != expect.getString("error")) problems += "error ${e.kind}"
                else -> problems += "expected $key, but the number was refused: ${e.reason}"
            }
            return problems
        }
        for (key in expect.keys()) {
            val want = expect.get(key)
            val got: Any = when (key) {
                "valid" -> true
                "normalized" -> info.normalized
                "prefecture" -> info.prefecture ?: JSONObject.NULL
                "law" -> info.law ?: JSONObject.NULL
                "law_name" -> info.lawName ?: JSONObject.NULL
                "note_contains" -> if (info.notes.any { it.contains(want.toString()) }) want else info.notes.toString()
                "error" -> "accepted"
                else -> { problems += "expect key `$key` is not checked by the Kotlin runner"; continue }
            }
            if (got != want) problems += "$key: expected $want, got $got"
        }
        return problems
    }

    private fun reconcileProblems(case: JSONObject): List<String> {
        val input = case.getJSONObject("input")
        val expect = case.getJSONObject("expect")
        val problems = mutableListOf<String>()
        val r = try {
            reconcile(builtin, input.getJSONObject("stored").toString(), input.getJSONObject("online").toString(), input.getString("date"))
        } catch (e: OnshiException.InvalidInput) {
            if (!expect.has("error")) return listOf("refused: ${e.reason}")
            if (e.kind.name.lowercase() != expect.getString("error")) problems += "error ${e.kind}"
            return problems
        }
        if (expect.has("error")) return listOf("reconciled, expected the error ${expect.getString("error")}")
        for (key in expect.keys()) {
            val want = expect.get(key)
            when (key) {
                "outcome" -> if (r.outcome.name.lowercase() != want) problems += "outcome ${r.outcome}"
                "person" -> if (r.person.name.lowercase() != want) problems += "person ${r.person}"
                "reasons" -> {
                    val got = r.reasons.map { it.name.lowercase() }
                    strings(want as JSONArray).filter { it !in got }.forEach { problems += "reason $it missing: $got" }
                }
                "differences" -> if (r.differences.map { it.kind.name.lowercase() } != strings(want as JSONArray)) problems += "differences ${r.differences.map { it.kind }}"
                "actions" -> {
                    val got = JSONArray(r.differences.map { d ->
                        JSONObject().put("kind", d.action).also { o ->
                            d.actionDate?.let { o.put(if (d.action == "open_new_period") "from" else "last_day", it) }
                        }
                    })
                    if (!got.similar(want)) problems += "actions $got"
                }
                "rules" -> strings(want as JSONArray).filter { rule -> r.differences.none { rule in it.rules } }.forEach { problems += "rule $it behind no difference" }
                else -> problems += "expect key `$key` is not checked by the Kotlin runner"
            }
        }
        return problems
    }

    private fun warekiProblems(case: JSONObject): List<String> {
        val input = case.getJSONObject("input")
        val expect = case.getJSONObject("expect")
        val problems = mutableListOf<String>()
        if (input.has("text")) {
            (expect.keySet() - setOf("date", "error")).forEach { problems += "expect key `$it` is not checked by the Kotlin runner" }
            try {
                val date = parseWareki(input.getString("text"))
                if (expect.has("error")) problems += "read $date, expected ${expect.getString("error")}"
                else if (date != expect.getString("date")) problems += "date $date"
            } catch (e: OnshiException.InvalidInput) {
                if (kindOf(e) != expect.optString("error")) problems += "error ${kindOf(e)}: ${e.reason}"
            }
        } else {
            val w = toWareki(input.getString("date"))
            for (key in expect.keys()) {
                val got = when (key) {
                    "wareki" -> w.wareki
                    "short" -> w.short
                    "code" -> w.code
                    else -> { problems += "expect key `$key` is not checked by the Kotlin runner"; continue }
                }
                if (got != expect.getString(key)) problems += "$key $got"
            }
        }
        return problems
    }

    private fun namesProblems(case: JSONObject): List<String> {
        val input = case.getJSONObject("input")
        val expect = case.getJSONObject("expect")
        val problems = mutableListOf<String>()
        for (key in expect.keys()) {
            when (key) {
                "normalized" -> if (normalizeKana(input.getString("kana")) != expect.getString(key)) problems += "normalized"
                "comparison" -> {
                    val got = compareNames(input.getString("a"), input.getString("b")).name.lowercase()
                    if (got != expect.getString(key)) problems += "comparison $got"
                }
                "outcome", "reasons" -> {
                    val m = matchPerson(input.getJSONObject("stored").toString(), input.getJSONObject("online").toString())
                    if (key == "outcome" && m.outcome.name.lowercase() != expect.getString(key)) problems += "outcome ${m.outcome}"
                    if (key == "reasons") {
                        val got = m.reasons.map { it.name.lowercase() }
                        strings(expect.getJSONArray(key)).filter { it !in got }.forEach { problems += "reason $it missing" }
                    }
                }
                else -> problems += "expect key `$key` is not checked by the Kotlin runner"
            }
        }
        return problems
    }

    /** `rules`: the table through `RuleSet.fromJson`; a refusal is `OnshiException.Rule` with its kind. */
    private fun rulesProblems(case: JSONObject): List<String> {
        val expect = case.getJSONObject("expect")
        val problems = mutableListOf<String>()
        val refused: OnshiException.Rule? = try {
            RuleSet.fromJson(case.getJSONObject("input").toString())
            null
        } catch (e: OnshiException.Rule) {
            e
        }
        for (key in expect.keySet()) {
            when (key) {
                "valid" -> if (expect.getBoolean("valid") != (refused == null)) problems += "valid: refused = ${refused?.kind}"
                "error" -> if (refused?.kind?.name?.lowercase() != expect.getString("error")) problems += "error: kind ${refused?.kind}"
                else -> problems += "expect key `$key` is not checked by the Kotlin runner"
            }
        }
        return problems
    }

    /** `audit`: `RuleSet.audit` on the case's table; the gap and the findings (kind, rule, details). */
    private fun auditProblems(case: JSONObject): List<String> {
        val input = JSONObject(case.getJSONObject("input").toString())
        val expect = case.getJSONObject("expect")
        val audit = caseRules(input).audit(input.getString("on"))
        val found = audit.findings.map { f ->
            JSONObject(f.detailsJson).put("kind", f.kind).also { o -> f.rule?.let { o.put("id", it) } }
        }
        fun matches(want: JSONObject) = found.any { f -> want.keySet().all { k -> f.has(k) && JSONObject(mapOf("v" to f.get(k))).similar(JSONObject(mapOf("v" to want.get(k)))) } }
        val problems = mutableListOf<String>()
        for (key in expect.keySet()) {
            val wants = { (0 until expect.getJSONArray(key).length()).map { expect.getJSONArray(key).getJSONObject(it) } }
            when (key) {
                "gap" -> if (audit.hasGap != expect.getBoolean("gap")) problems += "gap: ${audit.hasGap}"
                "findings" -> wants().filterNot(::matches).forEach { problems += "finding missing: $it" }
                "findings_absent" -> wants().filter(::matches).forEach { problems += "unexpected finding: $it" }
                else -> problems += "expect key `$key` is not checked by the Kotlin runner"
            }
        }
        return problems
    }

    /** The kind slug of any onshi exception. */
    private fun kindOf(e: OnshiException): String = when (e) {
        is OnshiException.InvalidInput -> e.kind.name.lowercase()
        is OnshiException.Rule -> e.kind.name.lowercase()
        is OnshiException.Certificate -> e.kind.name.lowercase()
        is OnshiException.Card -> e.kind.name.lowercase()
        is OnshiException.Oqs -> e.kind.name.lowercase()
    }

    /** A Kotlin transport that plays a case's transcript: each command must be the next one expected. */
    private class Transcript(val exchanges: JSONArray, val problems: MutableList<String>) : CardTransport {
        var next = 0

        override fun transmit(apdu: ByteArray): ByteArray {
            val sent = apdu.joinToString("") { "%02X".format(it) }
            if (next >= exchanges.length()) {
                problems += "sent ${sent.take(8)} after the transcript ended (a retry?)"
                throw TransportException.Io("the transcript ended")
            }
            val x = exchanges.getJSONObject(next++)
            if (!x.getString("command").equals(sent, ignoreCase = true)) problems += "exchange $next: expected ${x.getString("command")}, sent $sent"
            x.optJSONObject("transport_error")?.let { failure ->
                throw when (val kind = failure.getString("kind")) {
                    "no_reader" -> TransportException.NoReader()
                    "no_card" -> TransportException.NoCard()
                    "card_removed" -> TransportException.CardRemoved()
                    else -> TransportException.Io(kind)
                }
            }
            return x.getString("response").chunked(2).map { it.toInt(16).toByte() }.toByteArray()
        }
    }

    private fun counterJson(c: PinCounter): JSONObject = when (c) {
        is PinCounter.Remaining -> JSONObject().put("counter", "remaining").put("tries", c.tries.toInt())
        PinCounter.Blocked -> JSONObject().put("counter", "blocked")
        PinCounter.NoLimit -> JSONObject().put("counter", "no_limit")
        PinCounter.NotReported -> JSONObject().put("counter", "not_reported")
    }

    private fun stateJson(s: PinState): JSONObject = when (s) {
        is PinState.Remaining -> JSONObject().put("state", "remaining").put("tries", s.tries.toInt())
        PinState.Unknown -> JSONObject().put("state", "unknown")
        PinState.Locked -> JSONObject().put("state", "locked")
    }

    private fun tokenSlug(t: TokenKind): String = when (t) {
        TokenKind.PlasticCard -> "plastic_card"
        TokenKind.AndroidEmbedded -> "android_embedded"
        TokenKind.IosEmbedded -> "ios_embedded"
        TokenKind.JukiCard -> "juki_card"
        is TokenKind.Other -> "other"
    }

    /** `card`: `JpkiCard` over the transcript; the PIN state through `pinCounterState` and `pinResultState`. */
    private fun cardProblems(case: JSONObject): List<String> {
        val input = case.getJSONObject("input")
        val expect = case.getJSONObject("expect")
        val problems = mutableListOf<String>()
        val transcript = Transcript(input.getJSONArray("exchanges"), problems)
        val card = JpkiCard(transcript)
        val hex = { data: ByteArray -> JSONObject().put("data", data.joinToString("") { "%02X".format(it) }) }
        var pinState: JSONObject? = null
        val outcome: Any = try {
            when (val op = input.getString("operation")) {
                "select" -> card.select().let { JSONObject().put("selected", true) }
                "token" -> JSONObject().put("token", tokenSlug(card.token()))
                "read_auth_certificate" -> hex(card.readCertificate())
                "read_auth_ca_certificate" -> hex(card.readCaCertificate())
                "pin_counter" -> card.pinCounter().let { c ->
                    pinState = stateJson(pinCounterState(c))
                    counterJson(c)
                }
                "verify_pin" -> card.verifyPin(input.optString("pin"), input.optString("last_try") == "confirmed").let { r ->
                    pinState = stateJson(pinResultState(r))
                    when (r) {
                        PinResult.Verified -> JSONObject().put("outcome", "verified")
                        is PinResult.Wrong -> JSONObject().put("outcome", "wrong").put("counter", counterJson(r.counter))
                        PinResult.Blocked -> JSONObject().put("outcome", "blocked")
                    }
                }
                else -> return listOf("unknown operation `$op`")
            }
        } catch (e: OnshiException) {
            e
        }
        card.destroy()
        if (transcript.next < transcript.exchanges.length()) problems += "${transcript.exchanges.length() - transcript.next} exchange(s) of the transcript were not sent"
        for (key in expect.keySet()) {
            when (key) {
                "result" -> if (outcome !is JSONObject || !outcome.similar(expect.getJSONObject("result"))) problems += "result $outcome"
                "pin_state" -> if (pinState?.similar(expect.getJSONObject("pin_state")) != true) problems += "pin_state $pinState"
                "error" -> if (outcome !is OnshiException || kindOf(outcome) != expect.getString("error")) problems += "error: got $outcome"
                else -> problems += "expect key `$key` is not checked by the Kotlin runner"
            }
        }
        return problems
    }

    /** `certificate`: `certificateValidity` on the case's table; status, uses and dates compared. */
    private fun certificateProblems(case: JSONObject): List<String> {
        val input = JSONObject(case.getJSONObject("input").toString())
        val expect = case.getJSONObject("expect")
        val rules = caseRules(input)
        val revocation = Revocation.entries.first { it.name.lowercase() == input.optString("revocation", "not_checked") }
        val v = certificateValidity(rules, input.getString("not_before"), input.getString("not_after"), input.getString("at"), revocation)
        val problems = mutableListOf<String>()
        for (key in expect.keySet()) {
            when (key) {
                "status" -> if (v.status.name.lowercase() != expect.getString("status")) problems += "status ${v.status}"
                "insurance_use" -> if (v.insuranceUse != expect.getBoolean(key)) problems += "insurance_use ${v.insuranceUse}"
                "other_functions" -> if (v.otherFunctions != expect.getBoolean(key)) problems += "other_functions ${v.otherFunctions}"
                "dates" -> {
                    val dates = expect.getJSONObject("dates")
                    val got = mapOf(
                        "valid_from" to v.validFrom, "expires" to v.expires, "alert_from" to v.alertFrom,
                        "expired" to v.expired, "grace_until" to v.graceUntil, "grace_ended" to v.graceEnded,
                    )
                    for (field in dates.keySet()) if (got[field] != dates.getString(field)) problems += "dates.$field ${got[field]}"
                }
                else -> problems += "expect key `$key` is not checked by the Kotlin runner"
            }
        }
        return problems
    }

    /** The value at a JSON pointer (`/records/0/insurer_number`), or null. */
    private fun atPointer(doc: Any?, pointer: String): Any? =
        pointer.split("/").drop(1).map { it.replace("~1", "/").replace("~0", "~") }.fold(doc) { node, token ->
            when (node) {
                is JSONObject -> node.opt(token)
                is JSONArray -> token.toIntOrNull()?.let { node.opt(it) }
                else -> null
            }
        }

    private fun same(got: Any?, want: Any): Boolean = when {
        want == JSONObject.NULL -> got == null || got == JSONObject.NULL
        got == null -> false
        else -> JSONObject().put("v", got).similar(JSONObject().put("v", want))
    }

    /** `oqs`: `oqsResultJson` (fields by JSON pointer, the online answer) and `oqsDecide` for the visit. */
    private fun oqsProblems(case: JSONObject): List<String> {
        val input = case.getJSONObject("input")
        val expect = case.getJSONObject("expect")
        val text = input.getString("xml")
        val file = if (input.optString("encoding") == "shift_jis") text.toByteArray(charset("windows-31j")) else text.toByteArray()
        val problems = mutableListOf<String>()
        val parsed = try {
            JSONObject(oqsResultJson(file))
        } catch (e: OnshiException) {
            if (!expect.has("error")) return listOf("refused: $e")
            if (kindOf(e) != expect.getString("error")) problems += "error ${kindOf(e)}"
            return problems
        }
        for (key in expect.keySet()) {
            val want = expect.get(key)
            when (key) {
                "error" -> problems += "expected the error $want, the file parsed"
                "fields" -> (want as JSONObject).keySet().filterNot { same(atPointer(parsed.get("result"), it), want.get(it)) }.forEach { problems += "$it differs" }
                "online" -> (want as JSONObject).keySet().filterNot { same(parsed.getJSONObject("online").opt(it), want.get(it)) }.forEach { problems += "online.$it differs" }
                "visit_error" -> {
                    val refused = try {
                        oqsDecide(builtin, file, "2026-01-15", QueriedDocument.LEGACY_CARD)
                        null
                    } catch (e: OnshiException) {
                        kindOf(e)
                    }
                    if (!same(refused, want)) problems += "visit_error $refused"
                }
                else -> problems += "expect key `$key` is not checked by the Kotlin runner"
            }
        }
        return problems
    }

    /** `script`: `ReceptionScript` answered step by step, its decision at the end. */
    private fun scriptProblems(case: JSONObject): List<String> {
        val input = case.getJSONObject("input")
        val expect = case.getJSONObject("expect")
        val script = ReceptionScript(input.getJSONObject("visit").toString())
        val steps = mutableListOf(script.step())
        var errorAt: Int? = null
        val answers = input.getJSONArray("answers")
        for (i in 0 until answers.length()) {
            try {
                steps += script.answer(builtin, answers.getJSONObject(i).toString())
            } catch (e: OnshiException.InvalidInput) {
                errorAt = i
                break
            }
        }
        val decision = script.decision()
        val problems = mutableListOf<String>()
        if (script.promptJa().isEmpty() || script.promptEn().isEmpty()) problems += "no prompt"
        val wantError = if (expect.isNull("error_at")) null else expect.getInt("error_at")
        if (errorAt != wantError) problems += "error_at $errorAt"
        for (key in expect.keySet()) {
            when (key) {
                "error_at" -> {}
                "steps" -> if (steps.map { it.name.lowercase() } != strings(expect.getJSONArray("steps"))) problems += "steps $steps"
                "coverage" -> if (decision?.coverage?.name?.lowercase() != expect.getString(key)) problems += "coverage ${decision?.coverage}"
                "route" -> if (decision?.route?.name?.lowercase() != expect.getString(key)) problems += "route ${decision?.route}"
                else -> problems += "expect key `$key` is not checked by the Kotlin runner"
            }
        }
        script.destroy()
        return problems
    }

    /** `registration`: `canRegister`, `cancellationEffective` and `registrationOn`. */
    private fun registrationProblems(case: JSONObject): List<String> {
        val input = case.getJSONObject("input")
        val expect = case.getJSONObject("expect")
        val problems = mutableListOf<String>()
        for (key in expect.keySet()) {
            when (key) {
                "allowed" -> {
                    val channel = RegistrationChannel.entries.first { it.name.lowercase() == input.getString("channel") }
                    val kind = CardKind.entries.first { it.name.lowercase() == input.optString("kind", "ordinary") }
                    val pin = input.optJSONObject("pin")?.let {
                        when (it.getString("state")) {
                            "remaining" -> PinState.Remaining(it.getInt("tries").toUByte())
                            "locked" -> PinState.Locked
                            else -> PinState.Unknown
                        }
                    } ?: PinState.Unknown
                    val check = canRegister(builtin, input.getString("date"), channel, kind, pin)
                    if (check.allowed != expect.getBoolean(key)) problems += "allowed ${check.allowed} (${check.refusal})"
                    if (check.allowed == (check.refusal != null)) problems += "a refusal without a reason"
                }
                "effective_until" -> {
                    val got = cancellationEffective(builtin, input.getString("cancellation_applied"))
                    if (!same(got, expect.get(key))) problems += "effective_until $got"
                }
                "status" -> {
                    val got = registrationOn(builtin, input.getJSONArray("events").toString(), input.getString("date"))
                    if (got.name.lowercase() != expect.getString(key)) problems += "status $got"
                }
                else -> problems += "expect key `$key` is not checked by the Kotlin runner"
            }
        }
        return problems
    }

    /** `facilities`: `onlineObligation`, `cooperationPayment`, `deviceSubsidy`, `dxAddition`, `facilityNotices`. */
    private fun facilitiesProblems(case: JSONObject): List<String> {
        val input = case.getJSONObject("input")
        val expect = case.getJSONObject("expect")
        val facility = input.optJSONObject("facility")?.toString() ?: "{}"
        val got: Map<String, Any?> = when (val check = input.getString("check")) {
            "obligation" -> mapOf("obligation" to onlineObligation(builtin, input.getString("date"), facility).obligation)
            "cooperation" -> cooperationPayment(builtin, input.getJSONObject("report").toString()).let {
                mapOf("eligible" to it.eligible, "amount" to it.amount.toLong(), "missing" to JSONArray(it.missing))
            }
            "device_subsidy" -> mapOf("subsidy" to deviceSubsidy(builtin, input.getString("date"), input.getLong("cost").toULong()).toLong())
            "dx_addition" -> dxAddition(builtin, input.getString("date"), facility).let {
                mapOf(
                    "addition" to (it != null),
                    "levels" to it?.let { a -> JSONArray(a.levels.map { l -> l.toInt() }) },
                    "missing" to it?.let { a -> JSONArray(a.missing) },
                    "initial_points" to it?.initialPoints?.toLong(),
                )
            }
            "notices" -> mapOf("notices" to JSONArray(facilityNotices(builtin, input.getString("date"))))
            else -> return listOf("unknown check `$check`")
        }
        return expect.keySet().filterNot { key -> same(got[key], expect.get(key)) }.map { key -> "$key: got ${got[key]}" }
    }

    /** `ceilings`: `monthlyCeiling` on the case's table; the limit, its rule and the yearly caps. */
    private fun ceilingProblems(case: JSONObject): List<String> {
        val input = JSONObject(case.getJSONObject("input").toString())
        val expect = case.getJSONObject("expect")
        val rules = caseRules(input)
        val known = setOf("month", "category", "medical_cost", "many_times", "outpatient", "birthday_75_month")
        val unknown = input.keySet() - known
        if (unknown.isNotEmpty()) return listOf("input keys not read by the Kotlin runner: $unknown")
        val problems = mutableListOf<String>()
        val a = try {
            monthlyCeiling(
                rules, input.getString("month"), input.getString("category"), input.optLong("medical_cost", 0).toULong(),
                input.optBoolean("many_times"), input.optBoolean("outpatient"), input.optBoolean("birthday_75_month"),
            )
        } catch (e: OnshiException.InvalidInput) {
            if (!expect.has("error")) return listOf("refused: ${e.reason}")
            if (kindOf(e) != expect.getString("error")) problems += "error ${kindOf(e)}"
            return problems
        }
        val got = mapOf(
            "limit" to a.limit.toLong(), "rule" to a.rule, "annual_cap" to a.annualCap?.toLong(),
            "annual_cap_low_income" to a.annualCapLowIncome?.toLong(), "outpatient_annual_cap" to a.outpatientAnnualCap?.toLong(),
        )
        for (key in expect.keySet()) {
            when (key) {
                "error" -> problems += "expected the error ${expect.get(key)}, got the limit ${a.limit}"
                in got -> if (!same(got[key], expect.get(key))) problems += "$key: got ${got[key]}"
                else -> problems += "expect key `$key` is not checked by the Kotlin runner"
            }
        }
        return problems
    }

    @Test
    fun everySuiteOfTheVectorFilesHasAKotlinRunner() {
        val files = vectors.listFiles { f -> f.name.endsWith(".json") }!!
        assertTrue("vector files in $vectors", files.size >= 15)
        assertEquals(runners.keys, files.map { JSONObject(it.readText()).getString("suite") }.toSet())
    }

    @Test
    fun everyCaseOfEveryVectorFilePassesThroughTheGeneratedClasses() {
        val failures = mutableListOf<String>()
        var total = 0
        for (file in vectors.listFiles { f -> f.name.endsWith(".json") }!!.sortedBy { it.name }) {
            val suite = JSONObject(file.readText()).getString("suite")
            val run = runners[suite]
            if (run == null) {
                failures += "${file.name}: suite `$suite` has no Kotlin runner"
                continue
            }
            val cases = cases(file)
            var checked = 0
            for (case in cases) {
                val problems = try {
                    run(case)
                } catch (e: Exception) {
                    listOf("$e")
                }
                if (problems.isEmpty()) checked++ else failures += "${file.name}#${case.getString("id")}: ${problems.joinToString("; ")}"
            }
            println("${file.name} ($suite): $checked of ${cases.size} cases passed (Kotlin typed API)")
            if (checked != cases.size || cases.isEmpty()) failures += "${file.name}: $checked of ${cases.size} cases checked"
            total += checked
        }
        val core = vocabularies()
        for (set in listOf("Route", "Alert", "Action")) {
            for (slug in core.getValue(set)) {
                if (slug !in reached) failures += "$set `$slug` reached by no vector through the Kotlin API"
            }
        }
        println("$total passed, ${failures.size} failed (Kotlin typed API)")
        assertTrue(failures.joinToString("\n"), failures.isEmpty())
    }
}
