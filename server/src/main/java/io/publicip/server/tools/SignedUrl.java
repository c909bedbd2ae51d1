package io.publicip.server.tools;

import io.publicip.contract.rpc.SignatureV1;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Prints a signed GET URL, for trying the API with curl while signatures are verified:
 * {@code java -cp publicip-server.jar io.publicip.server.tools.SignedUrl http://localhost:8080 KEY SECRET Action=... InstanceId=...}
 */
public final class SignedUrl {

    private SignedUrl() {
    }

    public static void main(String[] args) {
        if (args.length < 3) {
            System.err.println("usage: SignedUrl <endpoint> <accessKeyId> <accessKeySecret> [Name=value ...]");
            System.exit(2);
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("Version", "2014-05-26");
        parameters.put("Format", "JSON");
        for (int i = 3; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            parameters.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        parameters.put("AccessKeyId", args[1]);
        parameters.put("SignatureMethod", SignatureV1.METHOD);
        parameters.put("SignatureVersion", SignatureV1.VERSION);
        parameters.put("SignatureNonce", UUID.randomUUID().toString());
        parameters.put("Timestamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        parameters.put(SignatureV1.SIGNATURE, SignatureV1.sign(args[2], SignatureV1.stringToSign("GET", parameters)));
        StringBuilder url = new StringBuilder(args[0].replaceAll("/+$", "")).append("/?");
        parameters.forEach((name, value) -> url.append(SignatureV1.percentEncode(name)).append('=').append(SignatureV1.percentEncode(value)).append('&'));
        System.out.println(url.substring(0, url.length() - 1));
    }
}
