package jp.onshi

import jp.onshi.example.describe
import jp.onshi.example.reconcileFile
import java.io.File
import org.junit.Assert.assertEquals
import org.junit.Assert.assertTrue
import org.junit.Test

/** examples/kotlin compiles and says what the README says. */
class ExampleTest {
    @Test
    fun theExampleDescribesAVisit() {
        val text = describe("""{"at": "2026-01-15", "presented": {"qualification_certificate": {"valid_until": "2027-07-31"}}}""", true)
        assertTrue(text, text.contains("QUALIFICATION_CERTIFICATE"))
        assertTrue(text, text.contains("recommend_myna_card"))
    }

    @Test
    fun theReconcileExampleFindsTheRatioChangeInAResultFile() {
        val file = File(System.getProperty("onshi.fixtures"), "face-sjis-late-elderly.xml").readBytes()
        val stored = """{"insurer": "39131016", "number": "00012345", "copay_percent": 20,
            "name": "試験　花子", "birth_date": "1945-06-06"}"""
        val lines = reconcileFile(stored, file, "2026-03-02", english = true).lines()
        assertEquals("UPDATE_NEEDED: The record needs updating", lines[0])
        assertTrue(lines.joinToString("\n"), lines.any { it.startsWith("  COPAY_PERCENT 20 → 10: update_record") })
    }
}
