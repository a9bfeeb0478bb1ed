// A reception desk in Kotlin (JVM or Android): decide a visit and print what staff need.
// Compiled and run by the Kotlin tests (bindings/uniffi/kotlin); on Android, the same calls work
// once libonshi_uniffi.so is packaged per ABI (see README, "Kotlin and Swift").
package jp.onshi.example

import jp.onshi.RuleSet
import jp.onshi.decideJson

fun describe(visitJson: String, english: Boolean = false): String {
    val d = decideJson(RuleSet.builtin(), visitJson)
    val lines = mutableListOf(if (english) d.staffMessageEn else d.staffMessageJa)
    lines += "${d.coverage} / ${d.route} / copay ${d.copayPercent ?: "?"}%"
    d.actions.forEachIndexed { i, action -> lines += "${i + 1}. ${action.kind}" }
    return lines.joinToString("\n")
}

fun main() {
    println(
        describe(
            """{"at": "2026-01-15", "presented": {"qualification_certificate": {"valid_until": "2027-07-31"}}}""",
            english = true,
        )
    )
}
