package dev.payrail.core.webhooks;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Test vectors for both inbound signature schemes. */
class WebhookSignatureTest {
    private static final byte[] PAYLOAD = "{\"id\":\"evt_1\",\"type\":\"payment_intent.succeeded\"}".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.ofEpochSecond(1_795_600_000L);
    private static final Duration TOLERANCE = Duration.ofMinutes(5);

    @Test
    void stripe_vector_computed_independently_verifies() {
        // HMAC-SHA256 under "whsec_test" of "1795600000." + payload, hex, computed with Python's hmac module.
        String header = "t=1795600000,v1=160312ad8f3d608f6fc59534f5e4fc85614739d72a5c06e9c3b7c1a3dde49224";

        assertThat(StripeSignature.verify(header, PAYLOAD, List.of("whsec_test"), NOW, TOLERANCE)).isEqualTo(SignatureCheck.VALID);
        assertThat(StripeSignature.header("whsec_test", 1_795_600_000L, PAYLOAD)).isEqualTo(header);
    }

    @Test
    void stripe_refuses_wrong_secret_tampered_body_stale_and_unsigned() {
        String header = StripeSignature.header("whsec_test", NOW.getEpochSecond(), PAYLOAD);
        byte[] tampered = "{\"id\":\"evt_1\",\"type\":\"payment_intent.payment_failed\"}".getBytes(StandardCharsets.UTF_8);

        assertThat(StripeSignature.verify(header, PAYLOAD, List.of("whsec_other"), NOW, TOLERANCE)).isEqualTo(SignatureCheck.MISMATCH);
        assertThat(StripeSignature.verify(header, tampered, List.of("whsec_test"), NOW, TOLERANCE)).isEqualTo(SignatureCheck.MISMATCH);
        assertThat(StripeSignature.verify(header, PAYLOAD, List.of("whsec_test"), NOW.plus(Duration.ofMinutes(6)), TOLERANCE))
                .isEqualTo(SignatureCheck.STALE);
        assertThat(StripeSignature.verify(null, PAYLOAD, List.of("whsec_test"), NOW, TOLERANCE)).isEqualTo(SignatureCheck.UNSIGNED);
        assertThat(StripeSignature.verify("t=abc,v1=zz", PAYLOAD, List.of("whsec_test"), NOW, TOLERANCE)).isEqualTo(SignatureCheck.MALFORMED);
        assertThat(StripeSignature.verify(header, PAYLOAD, List.of(), NOW, TOLERANCE)).isEqualTo(SignatureCheck.NOT_CONFIGURED);
    }

    @Test
    void stripe_accepts_any_of_several_signatures_and_secrets_during_rotation() {
        String oldSigned = StripeSignature.header("whsec_old", NOW.getEpochSecond(), PAYLOAD);
        String newSigned = StripeSignature.header("whsec_new", NOW.getEpochSecond(), PAYLOAD);
        String both = oldSigned + "," + newSigned.substring(newSigned.indexOf("v1="));

        assertThat(StripeSignature.verify(both, PAYLOAD, List.of("whsec_new"), NOW, TOLERANCE)).isEqualTo(SignatureCheck.VALID);
        assertThat(StripeSignature.verify(oldSigned, PAYLOAD, List.of("whsec_new", "whsec_old"), NOW, TOLERANCE))
                .isEqualTo(SignatureCheck.VALID);
    }

    @Test
    void adyen_signing_string_follows_the_documented_field_order() {
        AdyenNotification item = new AdyenNotification("7914073381342284", null, "TestMerchant", "TestPayment-1407325143704",
                1130, "EUR", "AUTHORISATION", true, "2019-05-06T17:15:34.121+02:00", null, null);

        assertThat(item.signingString())
                .isEqualTo("7914073381342284::TestMerchant:TestPayment-1407325143704:1130:EUR:AUTHORISATION:true");
    }

    @Test
    void adyen_verifies_with_the_right_key_and_refuses_tampering() {
        String key = "44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056";
        AdyenNotification unsigned = new AdyenNotification("psp_1", null, "PayrailECOM", "pay_1", 1000, "USD",
                "AUTHORISATION", true, null, null, null);
        // Base64 HMAC-SHA256 of the signing string under the hex-decoded key, computed with Python's hmac module.
        assertThat(unsigned.signBase64(key)).isEqualTo("KNCqH9WzZzJu+5kcTf9byb3fyQiUxQc5ibb2k61khzE=");
        AdyenNotification signed = withSignature(unsigned, unsigned.signBase64(key));
        AdyenNotification tampered = new AdyenNotification("psp_1", null, "PayrailECOM", "pay_1", 100000, "USD",
                "AUTHORISATION", true, null, null, signed.hmacSignature());

        assertThat(signed.verify(List.of(key))).isEqualTo(SignatureCheck.VALID);
        assertThat(signed.verify(List.of("00".repeat(32), key))).as("rotation: any configured key").isEqualTo(SignatureCheck.VALID);
        assertThat(signed.verify(List.of("00".repeat(32)))).isEqualTo(SignatureCheck.MISMATCH);
        assertThat(tampered.verify(List.of(key))).isEqualTo(SignatureCheck.MISMATCH);
        assertThat(unsigned.verify(List.of(key))).isEqualTo(SignatureCheck.UNSIGNED);
        assertThat(withSignature(unsigned, "not base64!").verify(List.of(key))).isEqualTo(SignatureCheck.MALFORMED);
    }

    private static AdyenNotification withSignature(AdyenNotification n, String signature) {
        return new AdyenNotification(n.pspReference(), n.originalReference(), n.merchantAccountCode(), n.merchantReference(),
                n.value(), n.currency(), n.eventCode(), n.success(), n.eventDate(), n.reason(), signature);
    }
}
