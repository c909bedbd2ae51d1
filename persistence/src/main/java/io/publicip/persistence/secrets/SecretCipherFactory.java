package io.publicip.persistence.secrets;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.publicip.persistence.secrets.SecretsConfiguration.isSet;

/** The {@link SecretCipher} of the {@code publicip.secrets.*} settings; an unusable setting stops the start-up, naming it. */
@Factory
class SecretCipherFactory {

    @Singleton
    SecretCipher secretCipher(SecretsConfiguration settings) {
        return fromSettings(settings);
    }

    static SecretCipher fromSettings(SecretsConfiguration settings) {
        try {
            if (isSet(settings.getKey()) && isSet(settings.getKeyFile())) {
                throw new ConfigurationException("set one of " + SecretsConfiguration.KEY + " and " + SecretsConfiguration.KEY_FILE + ", not both");
            }
            MasterKey current = null;
            if (isSet(settings.getKey())) {
                current = MasterKey.parse(settings.getKey(), SecretsConfiguration.KEY);
            } else if (isSet(settings.getKeyFile())) {
                List<String> lines = lines(settings.getKeyFile(), SecretsConfiguration.KEY_FILE);
                if (lines.isEmpty()) {
                    throw new ConfigurationException(SecretsConfiguration.KEY_FILE + " " + settings.getKeyFile() + " holds no key");
                }
                current = MasterKey.parse(lines.get(0), SecretsConfiguration.KEY_FILE + " " + settings.getKeyFile());
            }
            List<MasterKey> previous = new ArrayList<>();
            if (isSet(settings.getPreviousKeys())) {
                for (String key : settings.getPreviousKeys().split(",")) {
                    if (!key.isBlank()) {
                        previous.add(MasterKey.parse(key, SecretsConfiguration.PREVIOUS_KEYS));
                    }
                }
            }
            if (isSet(settings.getPreviousKeysFile())) {
                for (String key : lines(settings.getPreviousKeysFile(), SecretsConfiguration.PREVIOUS_KEYS_FILE)) {
                    previous.add(MasterKey.parse(key, SecretsConfiguration.PREVIOUS_KEYS_FILE + " " + settings.getPreviousKeysFile()));
                }
            }
            return new SecretCipher(current, previous);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage());
        }
    }

    /** The file's non-blank lines that are not comments (#). */
    private static List<String> lines(@Nullable String file, String setting) {
        try {
            return Files.readAllLines(Path.of(file)).stream().map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        } catch (IOException e) {
            throw new ConfigurationException(setting + ": cannot read " + file + " (" + e + ")");
        }
    }
}
