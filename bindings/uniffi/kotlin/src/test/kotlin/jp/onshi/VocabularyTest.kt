package jp.onshi

import org.junit.Assert.assertEquals
import org.junit.Test

/** The generated enums are the core's vocabularies: same values, same order. */
class VocabularyTest {
    private val core = vocabularies()

    private fun slugs(name: String): List<String> = core[name] ?: error("the core has no vocabulary $name")

    @Test
    fun everyGeneratedEnumListsTheCoresValuesInOrder() {
        assertEquals(slugs("Coverage"), Coverage.entries.map { it.name.lowercase() })
        assertEquals(slugs("Route"), Route.entries.map { it.name.lowercase() })
        assertEquals(slugs("CopayBasis"), CopayBasis.entries.map { it.name.lowercase() })
        assertEquals(slugs("QueriedDocument"), QueriedDocument.entries.map { it.name.lowercase() })
        assertEquals(slugs("ScriptStep"), ScriptStep.entries.map { it.name.lowercase() })
        assertEquals(slugs("RegistrationChannel"), RegistrationChannel.entries.map { it.name.lowercase() })
        assertEquals(slugs("CardKind"), CardKind.entries.map { it.name.lowercase() })
        assertEquals(slugs("Registration"), Registration.entries.map { it.name.lowercase() })
        assertEquals(slugs("ErrorKind"), ErrorKind.entries.map { it.name.lowercase() })
        // 保発0710第1号's classes are "a" and "b" in JSON; the enum names say what they mean.
        assertEquals(listOf("a", "b"), slugs("FailureClass"))
        assertEquals(listOf("QUALIFICATION_NOT_FOUND", "ONLINE_UNUSABLE"), FailureClass.entries.map { it.name })
    }

    @Test
    fun theAlertAndActionKindsOfADecisionAreTheCores() {
        val d = decideJson(
            RuleSet.builtin(),
            """{"at": "2026-11-30", "presented": {"notice": {}, "qualification_certificate": {"valid_until": "2027-07-31"}}}""",
        )
        for (alert in d.alerts) assert(alert.kind in slugs("Alert")) { alert.kind }
        for (action in d.actions) assert(action.kind in slugs("Action")) { action.kind }
        assertEquals(listOf("document_not_used"), d.alerts.map { it.kind })
    }
}
