// After the online answer, in Kotlin: the clinic's stored insurance record against each record of
// an オンライン資格確認 result file, and what staff do about each difference. Compiled and run by
// the Kotlin tests (bindings/uniffi/kotlin).
package jp.onshi.example

import jp.onshi.RuleSet
import jp.onshi.oqsInsuranceRecords
import jp.onshi.reconcile

fun reconcileFile(storedJson: String, resultFile: ByteArray, date: String, english: Boolean = false): String {
    val rules = RuleSet.builtin()
    val lines = mutableListOf<String>()
    for (online in oqsInsuranceRecords(resultFile)) {
        val r = reconcile(rules, storedJson, online, date)
        lines += "${r.outcome}: ${if (english) r.textEn else r.textJa}"
        for (d in r.differences) {
            val day = d.actionDate?.let { " ($it)" } ?: ""
            lines += "  ${d.kind} ${d.old ?: "-"} → ${d.new ?: "-"}: ${d.action}$day ${d.rules}"
            lines += "    ${if (english) d.textEn else d.textJa}"
        }
    }
    return lines.joinToString("\n")
}
