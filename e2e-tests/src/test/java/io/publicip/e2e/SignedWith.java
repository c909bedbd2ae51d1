package io.publicip.e2e;

import io.publicip.contract.rpc.SignatureV1;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/** Signs queries with a key other than the suite's own. */
record SignedWith(String accessKeyId, String secret) {

    String query(Map<String, String> parameters) {
        Map<String, String> all = new TreeMap<>(parameters);
        all.put("AccessKeyId", accessKeyId);
        all.put("SignatureMethod", SignatureV1.METHOD);
        all.put("SignatureVersion", SignatureV1.VERSION);
        all.put("SignatureNonce", UUID.randomUUID().toString());
        all.put("Timestamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        all.put(SignatureV1.SIGNATURE, SignatureV1.sign(secret, SignatureV1.stringToSign("GET", all)));
        StringBuilder query = new StringBuilder();
        all.forEach((name, value) -> query.append(query.length() == 0 ? "" : "&")
                .append(SignatureV1.percentEncode(name)).append('=').append(SignatureV1.percentEncode(value)));
        return query.toString();
    }
}
