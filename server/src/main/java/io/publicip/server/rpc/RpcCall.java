package io.publicip.server.rpc;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One public API request, parsed once by {@link RpcCallParser}: every later step (signature,
 * throttle, dispatch, handler, error envelope, request log) reads this, never the raw request.
 *
 * @param requestId  this request's RequestId, in every answer to it
 * @param httpMethod GET or POST (anything else is refused before a handler runs)
 * @param action     the action: {@code x-acs-action} for ACS3, else the {@code Action} parameter; null when absent
 * @param version    the API version, from {@code x-acs-version} or {@code Version}; null when absent
 * @param parameters query and form body merged, the first value of each, the query's winning on a clash
 * @param query      the query string's parameters alone (ACS3 signs these and not the body)
 * @param format     the format of every answer to this request
 * @param signature  what the request carries to prove who sent it
 * @param unreadable the part of the request that could not be read ("Body", "Content-Type",
 *                   "QueryString"), refused once the signature is checked; empty when all was read
 */
public record RpcCall(String requestId, String httpMethod, String action, String version, Map<String, String> parameters,
                      Map<String, String> query, ResponseFormat format, Signature signature, Optional<String> unreadable) {

    public RpcCall {
        parameters = Map.copyOf(parameters);
        query = Map.copyOf(query);
    }

    /** The scheme a request is signed with: the Authorization header makes it ACS3. */
    public enum Scheme {
        /** Signature V1 (HMAC-SHA1) over the parameters: the legacy SDKs, and today's with signatureAlgorithm=v2. */
        V1,
        /** ACS3-HMAC-SHA256 in headers: the default of today's SDKs. */
        ACS3;

        /** The tag value of the request log and metrics (an unsigned request, or one with no Authorization header, is V1's). */
        public String label() {
            return this == V1 ? "v1" : "acs3";
        }
    }

    /**
     * The signature evidence as sent, not yet checked.
     *
     * @param scheme        V1 or ACS3
     * @param accessKeyId   the key that claims to have signed; null when absent or unreadable
     * @param nonce         SignatureNonce or x-acs-signature-nonce; null when absent
     * @param time          Timestamp or x-acs-date, as sent; null when absent
     * @param acs3          the ACS3 parts (empty for V1)
     */
    public record Signature(Scheme scheme, String accessKeyId, String nonce, String time, Optional<Acs3> acs3) {
    }

    /**
     * An ACS3 request's signature parts.
     *
     * @param authorization the Authorization header as sent
     * @param algorithm     its algorithm (the text before the first space); null when unreadable
     * @param signedHeaders the names in SignedHeaders, as sent; empty when absent
     * @param signature     the Signature value; null when absent
     * @param headers       every header of the request, by lower-case name, all values
     * @param body          the body bytes received (their hash is signed), however they came
     */
    public record Acs3(String authorization, String algorithm, List<String> signedHeaders, String signature,
                       Map<String, List<String>> headers, byte[] body) {

        public Acs3 {
            signedHeaders = List.copyOf(signedHeaders);
            Map<String, List<String>> copied = new java.util.HashMap<>();
            headers.forEach((name, values) -> copied.put(name, List.copyOf(values)));
            headers = Map.copyOf(copied);
            body = body.clone();
        }

        @Override
        public byte[] body() {
            return body.clone();
        }
    }
}
