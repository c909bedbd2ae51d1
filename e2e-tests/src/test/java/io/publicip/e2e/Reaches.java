package io.publicip.e2e;

import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the row of the contract's error catalogue that a test gets from the server, and the
 * signature schemes of the requests that got it.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@Repeatable(Reaches.All.class)
public @interface Reaches {

    String value();

    /** The schemes the test's requests were signed with. */
    Scheme[] schemes();

    /** Signature V1 in parameters (legacy SDKs) or ACS3-HMAC-SHA256 in headers (today's SDKs). */
    enum Scheme { V1, ACS3 }

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @interface All {
        Reaches[] value();
    }
}
