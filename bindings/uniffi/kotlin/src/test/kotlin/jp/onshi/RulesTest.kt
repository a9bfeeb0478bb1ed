package jp.onshi

import java.io.File
import org.json.JSONObject
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertTrue
import org.junit.Assert.fail
import org.junit.Test

/** The rule table's dates through the Kotlin API: 高額療養費 limits by service month, the audit, planned rows. */
class RulesTest {
    private val rules = RuleSet.builtin()

    @Test
    fun ceilingsForServiceMonth2026_11UseTheNewTable() {
        val a = monthlyCeiling(rules, "2026-11-01", "ウ", 1_000_000uL, false, false, false)
        assertEquals(92_940uL, a.limit)
        assertEquals("ceiling.monthly-limits", a.rule)
        assertEquals(530_000uL, a.annualCap)
        val before = monthlyCeiling(rules, "2026-07-31", "A03", 1_000_000uL, false, false, false)
        assertEquals(87_430uL, before.limit)
        assertEquals(null, before.annualCap)
        // 現役並み: no 外来 limit, the monthly formula caps the outpatient month.
        assertEquals(271_290uL, monthlyCeiling(rules, "2026-11-01", "B01", 1_000_000uL, false, true, false).limit)
        try {
            monthlyCeiling(rules, "2027-08-01", "ウ", 1_000_000uL, false, false, false)
            fail("no table without planned rows")
        } catch (e: OnshiException.InvalidInput) {
            assertEquals(ErrorKind.NO_TABLE, e.kind)
        }
        val preview = rules.withPlannedRows()
        assertTrue(preview.appliesPlannedRows())
        val planned = monthlyCeiling(preview, "2027-08-01", "28万〜34万円", 1_000_000uL, false, false, false)
        assertEquals(92_940uL, planned.limit)
        // What the announcement does not state is named, not taken as absent.
        assertEquals(listOf(CeilingFigure.MANY_TIMES, CeilingFigure.CODES), planned.notStated)
    }

    @Test
    fun theAuditFindsGapsAndPlannedRows() {
        assertEquals("2026-12-07", rules.reviewed())
        val today = rules.audit("2026-11-30")
        assertFalse(today.hasGap)
        assertTrue(today.findings.any { it.kind == "planned" && it.rule == "ceiling.monthly-limits" })
        assertTrue(today.findings.all { it.textJa.isNotEmpty() && it.textEn.isNotEmpty() })
        val later = rules.audit("2027-08-01")
        assertTrue(later.hasGap)
        val gap = later.findings.first { it.kind == "gap" && it.rule == "ceiling.monthly-limits" }
        assertEquals("2027-07-31", JSONObject(gap.detailsJson).getString("ended"))
        assertFalse(rules.withPlannedRows().audit("2027-08-01").findings.any { it.kind == "gap" && it.rule == "ceiling.monthly-limits" })
        try {
            rules.audit("tomorrow")
            fail("a bad date is refused")
        } catch (e: OnshiException.InvalidInput) {
            assertTrue(e.reason.contains("on"))
        }
    }

    @Test
    fun theLibraryVersionIsTheWorkspacesAndSitsNextToTheTablesOwn() {
        val cargo = File(System.getProperty("onshi.vectors"), "../../Cargo.toml").readText()
        val workspace = Regex("""\[workspace\.package\][^\[]*?version = "([^"]+)"""").find(cargo)!!.groupValues[1]
        assertEquals(workspace, libraryVersion())
        assertTrue(RuleSet.builtin().version().isNotEmpty())
    }
}
