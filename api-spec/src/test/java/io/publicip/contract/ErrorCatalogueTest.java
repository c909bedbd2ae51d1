package io.publicip.contract;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The contract's error catalogue against the seed document it was written from: every row of
 * the seed's error table (status, code, message) is a row of the catalogue, character for
 * character.
 */
class ErrorCatalogueTest {

    record SeedRow(int status, String code, String message) {
    }

    @Test
    void everySeedErrorRowIsInTheContractExactly() throws IOException {
        List<SeedRow> seed = seedRows();
        assertEquals(15, seed.size(), "the seed documents 15 error rows");
        assertEquals(14, seed.stream().map(SeedRow::code).distinct().count(), "14 distinct codes");

        ErrorCatalogue catalogue = ErrorCatalogue.load();
        Set<SeedRow> documented = new HashSet<>();
        for (ErrorCatalogue.Entry e : catalogue.entries()) {
            documented.add(new SeedRow(e.httpStatus(), e.code(), e.message()));
        }
        List<SeedRow> missing = new ArrayList<>();
        for (SeedRow row : seed) {
            if (!documented.contains(row)) {
                missing.add(row);
            }
        }
        assertTrue(missing.isEmpty(), "seed rows missing from the contract: " + missing);
    }

    @Test
    void keysAreUniqueAndCodesCarryTheirKey() {
        ErrorCatalogue catalogue = ErrorCatalogue.load();
        for (ErrorCatalogue.Entry e : catalogue.entries()) {
            assertTrue(e.key().equals(e.code()) || e.key().startsWith(e.code() + "."),
                    "key " + e.key() + " should be its code, or its code and a variant");
            assertTrue(e.httpStatus() >= 400 && e.httpStatus() < 600);
        }
        // variants of one code are rows of their own, found by their key
        assertEquals("OperationDenied", catalogue.get("OperationDenied.InstanceInVpc").code());
        assertEquals("OperationDenied", catalogue.get("OperationDenied.VlanId").code());
        assertThrows(NoSuchElementException.class, () -> catalogue.get("NoSuch.Row"));
    }

    /** Parses the "Error codes" table of the seed's markdown, undoing its escapes. */
    static List<SeedRow> seedRows() throws IOException {
        String markdown;
        try (InputStream in = ErrorCatalogueTest.class.getResourceAsStream("/seed/AllocatePublicIpAddress.md")) {
            markdown = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String table = markdown.substring(markdown.indexOf("## Error codes"));
        Pattern row = Pattern.compile("^\\|(\\d{3})\\|([^|]+)\\|([^|]+)\\|", Pattern.MULTILINE);
        List<SeedRow> rows = new ArrayList<>();
        Matcher m = row.matcher(table);
        while (m.find()) {
            rows.add(new SeedRow(Integer.parseInt(m.group(1)), unescape(m.group(2)), unescape(m.group(3))));
        }
        return rows;
    }

    private static String unescape(String markdown) {
        return markdown.replaceAll("\\\\(.)", "$1").trim();
    }
}
