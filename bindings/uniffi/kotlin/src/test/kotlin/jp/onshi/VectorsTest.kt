package jp.onshi

import java.io.File
import org.junit.Assert.assertEquals
import org.junit.Assert.assertTrue
import org.junit.Test

/** The shared conformance vectors, every suite, through the Kotlin API. */
class VectorsTest {
    private val dir = File(System.getProperty("onshi.vectors") ?: "../../../tests/vectors")

    @Test
    fun everySharedVectorPasses() {
        val files = dir.listFiles { f -> f.name.endsWith(".json") }!!.sortedBy { it.name }
        assertTrue("vector files in $dir", files.size >= 10)
        val rules = RuleSet.builtin()
        var passed = 0uL
        for (file in files) {
            val report = runVectors(rules, file.readText())
            assertEquals("${file.name}:\n" + report.failures.joinToString("\n"), 0uL, report.failed)
            assertTrue(file.name, report.passed > 0uL)
            passed += report.passed
        }
        println("$passed passed, 0 failed (Kotlin)")
    }
}
