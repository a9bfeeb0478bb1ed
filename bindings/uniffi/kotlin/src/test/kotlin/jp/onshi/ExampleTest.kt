package jp.onshi

import jp.onshi.example.describe
import org.junit.Assert.assertTrue
import org.junit.Test

/** examples/kotlin/Reception.kt compiles and says what the README says. */
class ExampleTest {
    @Test
    fun theExampleDescribesAVisit() {
        val text = describe("""{"at": "2026-01-15", "presented": {"qualification_certificate": {"valid_until": "2027-07-31"}}}""", true)
        assertTrue(text, text.contains("QUALIFICATION_CERTIFICATE"))
        assertTrue(text, text.contains("recommend_myna_card"))
    }
}
