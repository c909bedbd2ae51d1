package io.publicip.persistence.secrets;

import io.micronaut.context.exceptions.ConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SecretCipherTest {

    static final String SECRET = "s3cr3t-Of-The-Key-0123456789ab";

    static String randomKey() {
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        return Base64.getEncoder().encodeToString(raw);
    }

    static SecretCipher cipher(String current, String... previous) {
        return new SecretCipher(MasterKey.parse(current, "test"),
                java.util.Arrays.stream(previous).map(k -> MasterKey.parse(k, "test")).toList());
    }

    @Test
    void aSealedSecretOpensToItselfAndHoldsNoPlaintext() {
        String key = randomKey();
        SecretCipher cipher = cipher(key);
        String sealed = cipher.seal("LTAI-1", SECRET);
        assertTrue(sealed.startsWith("enc:v1:" + MasterKey.parse(key, "test").id() + ":"), sealed);
        assertFalse(sealed.contains(SECRET));
        assertEquals(SECRET, cipher.open("LTAI-1", sealed));
        assertTrue(cipher.isCurrent(sealed));
        assertTrue(SecretCipher.isEncrypted(sealed));
    }

    @Test
    void everySealHasAnIvOfItsOwn() {
        SecretCipher cipher = cipher(randomKey());
        assertNotEquals(cipher.seal("LTAI-1", SECRET), cipher.seal("LTAI-1", SECRET));
    }

    @Test
    void aLongMultibyteSecretFitsTheColumn() {
        SecretCipher cipher = cipher(randomKey());
        String longest = "秘".repeat(256);
        String sealed = cipher.seal("LTAI-1", longest);
        assertTrue(sealed.length() <= 2048, "V5 makes the column 2048 characters: " + sealed.length());
        assertEquals(longest, cipher.open("LTAI-1", sealed));
    }

    @Test
    void aSealCopiedOntoAnotherKeyDoesNotOpen() {
        SecretCipher cipher = cipher(randomKey());
        String sealed = cipher.seal("LTAI-1", SECRET);
        SecretUnreadableException refused = assertThrows(SecretUnreadableException.class, () -> cipher.open("LTAI-2", sealed));
        assertTrue(refused.getMessage().contains("LTAI-2"), refused.getMessage());
        assertFalse(refused.getMessage().contains(SECRET));
    }

    @Test
    void anAlteredSealDoesNotOpen() {
        SecretCipher cipher = cipher(randomKey());
        String sealed = cipher.seal("LTAI-1", SECRET);
        int colon = sealed.lastIndexOf(':');
        byte[] body = Base64.getDecoder().decode(sealed.substring(colon + 1));
        body[body.length - 20] ^= 1;
        String altered = sealed.substring(0, colon + 1) + Base64.getEncoder().encodeToString(body);
        assertThrows(SecretUnreadableException.class, () -> cipher.open("LTAI-1", altered));
        assertThrows(SecretUnreadableException.class, () -> cipher.open("LTAI-1", sealed.substring(0, colon + 1) + "AAAA"));
        assertThrows(SecretUnreadableException.class, () -> cipher.open("LTAI-1", "enc:v1:nocolon"));
        assertThrows(SecretUnreadableException.class, () -> cipher.open("LTAI-1", "enc:v9:abc:def"));
    }

    @Test
    void aPreviousKeyOpensButTheCurrentOneSeals() {
        String a = randomKey();
        String b = randomKey();
        String underA = cipher(a).seal("LTAI-1", SECRET);
        SecretCipher rotated = cipher(b, a);
        assertEquals(SECRET, rotated.open("LTAI-1", underA));
        assertFalse(rotated.isCurrent(underA));
        String underB = rotated.seal("LTAI-1", SECRET);
        assertTrue(underB.startsWith("enc:v1:" + MasterKey.parse(b, "test").id() + ":"));
        assertTrue(rotated.isCurrent(underB));
    }

    @Test
    void anUnknownKeyIsNamedWithTheSettings() {
        String underA = cipher(randomKey()).seal("LTAI-1", SECRET);
        SecretUnreadableException wrong = assertThrows(SecretUnreadableException.class, () -> cipher(randomKey()).open("LTAI-1", underA));
        assertTrue(wrong.getMessage().contains("publicip.secrets.key"), wrong.getMessage());
        SecretUnreadableException none = assertThrows(SecretUnreadableException.class, () -> SecretCipher.plaintext().open("LTAI-1", underA));
        assertTrue(none.getMessage().contains("not configured"), none.getMessage());
        assertTrue(none.getMessage().contains("publicip.secrets.key"), none.getMessage());
    }

    @Test
    void withoutAKeySecretsStayPlaintext() {
        SecretCipher plain = SecretCipher.plaintext();
        assertFalse(plain.encrypts());
        assertEquals(SECRET, plain.seal("LTAI-1", SECRET));
        assertEquals(SECRET, plain.open("LTAI-1", SECRET));
        assertTrue(plain.isCurrent(SECRET));
        String sealed = cipher(randomKey()).seal("LTAI-1", SECRET);
        assertTrue(plain.isCurrent(sealed), "without a current key nothing is rewritten, least of all into plaintext");
        assertFalse(cipher(randomKey()).isCurrent(SECRET), "a plaintext row is re-encrypted once a key is set");
    }

    @Test
    void theKeyIdIsTheStartOfTheKeysHashAndNothingShowsTheKey() throws Exception {
        String text = randomKey();
        byte[] raw = Base64.getDecoder().decode(text);
        MasterKey key = MasterKey.parse(text, "test");
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw)).substring(0, 8), key.id());
        assertFalse(key.toString().contains(text));
        assertFalse(cipher(text).toString().contains(text));
        SecretsConfiguration settings = new SecretsConfiguration();
        settings.setKey(text);
        assertFalse(settings.toString().contains(text));
    }

    @Test
    void unusableKeysAreRefusedNamingTheSetting() {
        IllegalArgumentException notBase64 = assertThrows(IllegalArgumentException.class, () -> MasterKey.parse("not base64!", "publicip.secrets.key"));
        assertTrue(notBase64.getMessage().contains("publicip.secrets.key"));
        IllegalArgumentException short16 = assertThrows(IllegalArgumentException.class,
                () -> MasterKey.parse(Base64.getEncoder().encodeToString(new byte[16]), "publicip.secrets.key"));
        assertTrue(short16.getMessage().contains("16 bytes"), short16.getMessage());
    }

    @Test
    void settingsFromPropertiesAndFiles(@TempDir Path dir) throws Exception {
        String a = randomKey();
        String b = randomKey();
        String c = randomKey();
        SecretsConfiguration inline = new SecretsConfiguration();
        inline.setKey(b);
        inline.setPreviousKeys(a + ", " + c);
        SecretCipher fromInline = SecretCipherFactory.fromSettings(inline);
        assertEquals(MasterKey.parse(b, "t").id(), fromInline.currentKeyId());
        assertEquals(SECRET, fromInline.open("k", cipher(a).seal("k", SECRET)));
        assertEquals(SECRET, fromInline.open("k", cipher(c).seal("k", SECRET)));

        Path keyFile = Files.writeString(dir.resolve("key"), "# the current key\n" + b + "\n");
        Path previousFile = Files.writeString(dir.resolve("previous"), a + "\n\n" + c + "\n");
        SecretsConfiguration files = new SecretsConfiguration();
        files.setKeyFile(keyFile.toString());
        files.setPreviousKeysFile(previousFile.toString());
        SecretCipher fromFiles = SecretCipherFactory.fromSettings(files);
        assertEquals(MasterKey.parse(b, "t").id(), fromFiles.currentKeyId());
        assertEquals(SECRET, fromFiles.open("k", cipher(c).seal("k", SECRET)));

        assertFalse(SecretCipherFactory.fromSettings(new SecretsConfiguration()).encrypts());

        SecretsConfiguration both = new SecretsConfiguration();
        both.setKey(b);
        both.setKeyFile(keyFile.toString());
        assertThrows(ConfigurationException.class, () -> SecretCipherFactory.fromSettings(both));
        SecretsConfiguration previousOnly = new SecretsConfiguration();
        previousOnly.setPreviousKeys(a);
        SecretCipher readsOnly = SecretCipherFactory.fromSettings(previousOnly);
        assertFalse(readsOnly.encrypts(), "previous keys alone decrypt, and secrets are written in plaintext");
        assertEquals(SECRET, readsOnly.open("k", cipher(a).seal("k", SECRET)));
        SecretsConfiguration missingFile = new SecretsConfiguration();
        missingFile.setKeyFile(dir.resolve("absent").toString());
        assertThrows(ConfigurationException.class, () -> SecretCipherFactory.fromSettings(missingFile));
        SecretsConfiguration bad = new SecretsConfiguration();
        bad.setKey("c2hvcnQ=");
        ConfigurationException badKey = assertThrows(ConfigurationException.class, () -> SecretCipherFactory.fromSettings(bad));
        assertTrue(badKey.getMessage().contains("publicip.secrets.key"), badKey.getMessage());
        assertFalse(badKey.getMessage().contains("c2hvcnQ="));
    }
}
