package jp.onshi

import java.io.File
import org.junit.Assert.assertArrayEquals
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.fail
import org.junit.Test

/**
 * A transport written in Kotlin (as an app wraps IsoDep.transceive) in front of the simulated card:
 * counts PIN verifications and can lose the link, so the core's PIN rules can be seen to hold
 * through the foreign trait.
 */
class Reader(tries: Int, certificate: ByteArray = CERT) : CardTransport {
    val card = SimulatedCard(certificate, "1234", tries.toUByte())
    var verifies = 0
    var dropVerify = false
    var failWith: TransportException? = null

    override fun transmit(apdu: ByteArray): ByteArray {
        failWith?.let { throw it }
        if (apdu.size > 5 && apdu[1] == 0x20.toByte()) {
            verifies++
            if (dropVerify) throw TransportException.CardRemoved()
        }
        return card.transmit(apdu)
    }

    companion object {
        val CERT = byteArrayOf(0x30, 0x03, 0x02, 0x01, 0x07)
    }
}

class CardTransportTest {
    private fun session(reader: Reader): JpkiCard = JpkiCard(reader).also { it.select() }

    private fun cardError(block: () -> Unit): OnshiException.Card {
        try {
            block()
        } catch (e: OnshiException.Card) {
            return e
        }
        fail("expected a card error")
        throw IllegalStateException()
    }

    @Test
    fun readAndVerify() {
        val reader = Reader(3)
        val card = session(reader)
        assertEquals(TokenKind.PlasticCard, card.token())
        assertArrayEquals(Reader.CERT, card.readCertificate())
        assertEquals(PinCounter.Remaining(3.toUByte()), card.pinCounter())
        assertEquals(PinResult.Wrong(PinCounter.Remaining(2.toUByte())), card.verifyPin("0000", false))
        assertEquals(PinResult.Verified, card.verifyPin("1234", false))
        assertEquals(2, reader.verifies)
        assertEquals(2u, reader.card.pinAttempts())
    }

    @Test
    fun theLastTryAndABlockedPinSendNothing() {
        val reader = Reader(1)
        val card = session(reader)
        assertEquals(ErrorKind.LAST_TRY_NOT_CONFIRMED, cardError { card.verifyPin("1234", false) }.kind)
        assertEquals(0, reader.verifies)
        assertEquals(PinResult.Blocked, card.verifyPin("0000", true))
        val blocked = cardError { card.verifyPin("1234", true) }
        assertEquals(ErrorKind.PIN_BLOCKED, blocked.kind)
        assertFalse(blocked.reasonJa.isEmpty())
        assertEquals(1, reader.verifies)
    }

    @Test
    fun aLinkLostDuringVerifyIsNeverRetried() {
        val reader = Reader(3)
        val card = session(reader)
        reader.dropVerify = true
        assertEquals(ErrorKind.VERIFY_OUTCOME_UNKNOWN, cardError { card.verifyPin("1234", false) }.kind)
        assertEquals(1, reader.verifies)
    }

    @Test
    fun transportExceptionsAndOtherThrowablesMapToKinds() {
        val cases = listOf(
            TransportException.NoCard() to ErrorKind.NO_CARD,
            TransportException.NoReader() to ErrorKind.NO_READER,
            TransportException.CardRemoved() to ErrorKind.CARD_REMOVED,
            TransportException.Io("tag lost") to ErrorKind.TRANSPORT,
        )
        for ((thrown, kind) in cases) {
            val reader = Reader(3)
            reader.failWith = thrown
            assertEquals(kind, cardError { JpkiCard(reader).select() }.kind)
        }
        val crashing = object : CardTransport {
            override fun transmit(apdu: ByteArray): ByteArray = throw IllegalStateException("NFC stack bug")
        }
        assertEquals(ErrorKind.TRANSPORT, cardError { JpkiCard(crashing).select() }.kind)
    }

    @Test
    fun thePinNeverAppearsInErrors() {
        val card = session(Reader(3))
        val e = cardError { card.verifyPin("12a4", false) }
        assertEquals(ErrorKind.INVALID_PIN_FORMAT, e.kind)
        assertFalse(e.message!!.contains("12a4"))
    }

    @Test
    fun theCardCertificateIsChecked() {
        val dir = System.getenv("ONSHI_CERT_DIR") ?: return println("ONSHI_CERT_DIR not set: skipped")
        val der = File(dir, "card.der").readBytes()
        val card = session(Reader(3, der))
        val anchors = TrustAnchors(listOf(File(dir, "root.pem").readBytes()))
        assertEquals(1u, anchors.count())
        val check = checkCertificate(RuleSet.builtin(), anchors, card.readCertificate(), "2030-05-31")
        assertEquals(CertificateStatus.IN_GRACE, check.status)
        assertEquals(true, check.insuranceUse)
    }
}
