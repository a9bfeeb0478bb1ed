package jp.onshi

import java.io.File
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertNull
import org.junit.Assert.assertTrue
import org.junit.Assert.fail
import org.junit.Test

class DecisionTest {
    private val rules = RuleSet.builtin()

    @Test
    fun aMynaCardVisitIsDecidedWithItsAlerts() {
        val visit = Visit.fromJson(
            """{"at": "2026-01-15", "presented": {"myna_card": {"registration": "registered",
               "certificate_expires": "2026-03-01", "identity": {"method": "face", "outcome": "confirmed"}}},
               "online": {"status": "valid", "copay_percent": 30, "ceiling_category": "エ"}}"""
        )
        assertEquals("2026-01-15", visit.date())
        val d = decide(rules, visit)
        assertEquals(Coverage.COVERED, d.coverage)
        assertEquals(Route.MYNA_ONLINE, d.route)
        assertNull(d.failure)
        assertEquals(30.toUByte(), d.copayPercent)
        assertEquals(CopayBasis.ONLINE, d.copayBasis)
        assertEquals("エ", d.ceilingCategory)
        val alert = d.alerts.single { it.kind == "certificate_expires_soon" }
        assertTrue(alert.detailsJson.contains("2026-03-01"))
        assertTrue(d.actions.any { it.kind == "guide_certificate_renewal" })
        assertTrue(d.staffMessageJa.contains("マイナ保険証"))
        assertTrue(d.staffMessageEn.startsWith("Coverage confirmed"))
        assertEquals(d, decideJson(rules, visit.toJson()))
    }

    @Test
    fun aPanicInTheLibraryIsAnExceptionAndTheLibraryStaysUsable() {
        try {
            testPanic()
            fail("a panic must arrive as an exception")
        } catch (e: InternalException) {
            assertTrue(e.message ?: "", (e.message ?: "").contains("test_panic"))
        }
        assertEquals(Coverage.COVERED, decideJson(rules, """{"at": "2026-01-15", "presented": {"myna_card":
            {"registration": "registered", "identity": {"method": "face", "outcome": "confirmed"}}},
            "online": {"status": "valid"}}""").coverage)
    }

    @Test
    fun anOutageIsClassB() {
        val d = decideJson(rules, """{"at": "2026-01-15", "facility": {"online": "down"},
            "patient": {"birth_date": "1955-06-01"}, "presented": {"myna_card": {"registration": "registered"}}}""")
        assertEquals(Coverage.PROVISIONAL, d.coverage)
        assertEquals(FailureClass.ONLINE_UNUSABLE, d.failure)
        assertEquals(20.toUByte(), d.copayPercent)
    }

    @Test
    fun errorsNameTheFieldAndCarryAKind() {
        try {
            decideJson(rules, """{"at": "2026-01-15", "facility": {"reader": "laser"}}""")
            fail("a bad reader is refused")
        } catch (e: OnshiException.InvalidInput) {
            assertTrue(e.reason, e.reason.contains("facility.reader"))
            assertEquals("facility.reader", e.field)
            assertEquals(ErrorKind.INVALID, e.kind)
            assertFalse(e.reasonJa.isEmpty())
        }
        try {
            RuleSet.fromJson("{\"version\": ")
            fail("a broken table is refused")
        } catch (e: OnshiException.Rule) {
            assertFalse(e.reason.isEmpty())
            assertEquals(null, e.field)
        }
        try {
            RuleSet.fromJson("""{"version": "kt", "extends": "builtin", "rules": [{"id": "no.such-rule",
                "title": {"ja": "a", "en": "a"}, "from": "2026-01-01", "source": "s"}]}""")
            fail("an unknown rule is refused")
        } catch (e: OnshiException.Rule) {
            assertEquals(ErrorKind.UNKNOWN_RULE to "no.such-rule", e.kind to e.field)
        }
        assertTrue(RuleSet.fromJson("""{"version": "kt", "extends": "builtin", "rules": []}""").version().endsWith("+kt"))
    }

    @Test
    fun aMyNumberIsOneKindInAVisitAndAnOqsFileAndIsNeverShown() {
        val written = "９８３２－０５６７－３２１４"
        try {
            decideJson(rules, """{"at": "2026-01-15", "presented": {"legacy_card": {"insured": {"number": "$written"}}}}""")
            fail("a My Number in a visit is refused")
        } catch (e: OnshiException.InvalidInput) {
            assertEquals(ErrorKind.PERSONAL_NUMBER, e.kind)
            assertFalse(e.reason, e.reason.contains("０５６７") || e.reason.contains("0567"))
        }
        val xml = """<?xml version="1.0" encoding="UTF-8"?><XmlMsg><MessageHeader><CharacterCodeIdentifier>0</CharacterCodeIdentifier>
            <SegmentOfResult>1</SegmentOfResult></MessageHeader><MessageBody><QualificationValidity>1</QualificationValidity>
            <ResultList><ResultOfQualificationConfirmation><InsurerNumber>$written</InsurerNumber>
            </ResultOfQualificationConfirmation></ResultList></MessageBody></XmlMsg>"""
        try {
            oqsDecide(rules, xml.toByteArray(), null, QueriedDocument.LEGACY_CARD)
            fail("a My Number in an OQS file is refused")
        } catch (e: OnshiException.Oqs) {
            assertEquals(ErrorKind.PERSONAL_NUMBER, e.kind)
            assertTrue(e.reason, e.reason.contains("InsurerNumber"))
            assertFalse(e.reason, e.reason.contains("０５６７") || e.reason.contains("0567"))
        }
    }

    @Test
    fun pinStatusWords() {
        assertEquals(PinCounter.Remaining(3.toUByte()), pinCounterFromStatusWord(0x63C3.toUShort()))
        assertEquals(PinCounter.Blocked, pinCounterFromStatusWord(0x6984.toUShort()))
        try {
            pinCounterFromStatusWord(0x6A82.toUShort())
            fail("6A82 is not a PIN answer")
        } catch (e: OnshiException.InvalidInput) {
            assertTrue(e.reason.contains("6A82"))
        }
    }

    @Test
    fun anOqsResultFileIsDecided() {
        val fixtures = File(System.getProperty("onshi.fixtures") ?: "../../../crates/onshi-oqs/tests/fixtures")
        val d = oqsDecide(rules, File(fixtures, "face-sjis-late-elderly.xml").readBytes(), null, QueriedDocument.LEGACY_CARD)
        assertEquals(Route.MYNA_ONLINE, d.route)
        assertEquals(10.toUByte(), d.copayPercent)
        assertEquals("一般Ⅰ", d.ceilingCategory)
    }
}
