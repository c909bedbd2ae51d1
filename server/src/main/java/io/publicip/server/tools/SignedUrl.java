package io.publicip.server.tools;

import io.publicip.contract.rpc.SignatureV1;

import java.util.LinkedHashMap;
import java.util.Map;

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
        String query = SignatureV1.queryString(SignatureV1.signedParameters("GET", parameters, args[1], args[2]));
        System.out.println(args[0].replaceAll("/+$", "") + "/?" + query);
    }
}
