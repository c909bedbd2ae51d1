import { createHmac, randomUUID } from "node:crypto";
import type { Middleware, RequestContext, FetchParams } from "../target/generated-sources/ts/runtime";

/**
 * Signs every request as the official SDKs do (signature version 1.0, HMAC-SHA1): the query the
 * generated client built, plus AccessKeyId, SignatureMethod, SignatureVersion, a fresh
 * SignatureNonce and the Timestamp, signed over all of them. For the GET operation, whose
 * parameters are all in the query.
 */
export function rpcSigning(accessKeyId: string, accessKeySecret: string): Middleware {
  return {
    async pre(context: RequestContext): Promise<FetchParams> {
      const url = new URL(context.url);
      const parameters = new Map<string, string>();
      url.searchParams.forEach((value, name) => parameters.set(name, value));
      parameters.set("AccessKeyId", accessKeyId);
      parameters.set("SignatureMethod", "HMAC-SHA1");
      parameters.set("SignatureVersion", "1.0");
      parameters.set("SignatureNonce", randomUUID());
      parameters.set("Timestamp", new Date().toISOString().replace(/\.\d{3}Z$/, "Z"));
      const method = (context.init.method ?? "GET").toUpperCase();
      parameters.set("Signature", sign(accessKeySecret, stringToSign(method, parameters)));
      url.search = [...parameters].map(([name, value]) => percentEncode(name) + "=" + percentEncode(value)).join("&");
      return { url: url.toString(), init: context.init };
    },
  };
}

/** METHOD&%2F&percentEncode(the parameters but Signature, sorted by name in byte order). */
export function stringToSign(method: string, parameters: Map<string, string>): string {
  const names = [...parameters.keys()].filter((name) => name !== "Signature").sort(compareBytes);
  const canonical = names.map((name) => percentEncode(name) + "=" + percentEncode(parameters.get(name) ?? "")).join("&");
  return method + "&" + percentEncode("/") + "&" + percentEncode(canonical);
}

export function sign(accessKeySecret: string, text: string): string {
  return createHmac("sha1", accessKeySecret + "&").update(text, "utf8").digest("base64");
}

/** UTF-8 percent-encoding keeping only A-Z a-z 0-9 - _ . ~ (RFC 3986 unreserved), upper-case hex. */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());
}

function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}
