import { createHash, createHmac, randomBytes, randomUUID } from "node:crypto";
import type { Middleware, RequestContext, FetchParams } from "../target/generated-sources/ts/runtime";

/**
 * The two signature schemes of the official SDKs: `acs3` (ACS3-HMAC-SHA256, the default of
 * today's SDKs: an Authorization header and x-acs-* headers) and `v1` (signature version 1.0,
 * HMAC-SHA1, in the query: the legacy SDKs' scheme).
 */
export type SignatureScheme = "acs3" | "v1";

export interface RpcSigningOptions {
  /** The action when the request names none in its query (the factories set their document's). */
  action?: string;
  /** The clock (for tests): the request's x-acs-date or Timestamp. */
  now?: () => Date;
  /** The nonce (for tests): the request's x-acs-signature-nonce or SignatureNonce. */
  nonce?: () => string;
}

/** The API version sent when the request names none. */
export const DEFAULT_VERSION = "2014-05-26";
export const ACS3_ALGORITHM = "ACS3-HMAC-SHA256";

/**
 * A fetch middleware signing every request the generated client builds (GET / with every
 * parameter in the query) with the key, in the given scheme (ACS3-HMAC-SHA256 by default).
 */
export function rpcSigning(accessKeyId: string, accessKeySecret: string, scheme: SignatureScheme = "acs3",
                           options: RpcSigningOptions = {}): Middleware {
  if (scheme !== "acs3" && scheme !== "v1") {
    throw new Error("unknown signature scheme " + String(scheme) + ": acs3 or v1");
  }
  return {
    async pre(context: RequestContext): Promise<FetchParams> {
      return scheme === "v1"
        ? signV1(context, accessKeyId, accessKeySecret, options)
        : signAcs3(context, accessKeyId, accessKeySecret, options);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// ACS3-HMAC-SHA256

/**
 * ACS3: Action and Version leave the query for x-acs-action / x-acs-version; x-acs-date,
 * a fresh x-acs-signature-nonce, x-acs-content-sha256 and the Authorization header are added,
 * and `Accept: application/json` unless the request names a Format.
 */
async function signAcs3(context: RequestContext, accessKeyId: string, accessKeySecret: string,
                        options: RpcSigningOptions): Promise<FetchParams> {
  const url = new URL(context.url);
  const method = (context.init.method ?? "GET").toUpperCase();
  const query: Array<[string, string]> = [];
  let action: string | undefined;
  let version: string | undefined;
  url.searchParams.forEach((value, name) => {
    if (name === "Action") {
      action = value;
    } else if (name === "Version") {
      version = value;
    } else {
      query.push([name, value]);
    }
  });
  action = action || options.action;
  if (!action) {
    throw new Error("the request names no Action and the signing middleware has no default one");
  }

  const headers = new Headers(context.init.headers as HeadersInit | undefined);
  const { hashed, replacement, contentType } = bodyToSign(context.init.body);
  if (contentType && !headers.has("content-type")) {
    headers.set("content-type", contentType);
  }
  headers.set("x-acs-action", action);
  headers.set("x-acs-version", version || DEFAULT_VERSION);
  headers.set("x-acs-date", utcSeconds((options.now ?? (() => new Date()))()));
  headers.set("x-acs-signature-nonce", (options.nonce ?? (() => randomBytes(32).toString("hex")))());
  headers.set("x-acs-content-sha256", sha256Hex(hashed));
  if (!query.some(([name]) => name === "Format") && !headers.has("accept")) {
    headers.set("accept", "application/json");
  }

  // what is signed: host (as fetch sends it), content-type when present, every x-acs-* header
  const signed = new Map<string, string>();
  signed.set("host", headers.get("host") ?? url.host);
  headers.forEach((value, name) => {
    if (name.startsWith("x-acs-") || name === "content-type") {
      signed.set(name, value);
    }
  });
  headers.set("authorization", acs3Authorization(accessKeyId, accessKeySecret, method, "/", query, signed,
    headers.get("x-acs-content-sha256")!));

  url.search = canonicalQuery(query);
  const sent: Record<string, string> = {};
  headers.forEach((value, name) => { sent[name] = value; });
  return { url: url.toString(), init: { ...context.init, headers: sent, ...(replacement !== undefined ? { body: replacement } : {}) } };
}

/**
 * The bytes of the body that will be sent (empty: none), the body to send instead of the
 * request's when it must change, and the content type to declare (and sign) then.
 */
function bodyToSign(body: unknown): { hashed: string | Uint8Array; replacement?: string; contentType?: string } {
  if (body === undefined || body === null) {
    return { hashed: "" };
  }
  if (typeof body === "string") {
    return { hashed: body };
  }
  if (body instanceof URLSearchParams) {
    // sent as a string with its content type set here, so that the content type is signed
    // (fetch would add its own after the signature)
    const form = body.toString();
    return { hashed: form, replacement: form, contentType: "application/x-www-form-urlencoded;charset=UTF-8" };
  }
  if (body instanceof Uint8Array) {
    return { hashed: body };
  }
  if (body instanceof ArrayBuffer) {
    return { hashed: new Uint8Array(body) };
  }
  throw new Error("ACS3 signing cannot hash a body of this kind: " + Object.prototype.toString.call(body));
}

/**
 * The Authorization header value: `ACS3-HMAC-SHA256 Credential=<id>,SignedHeaders=<names>,Signature=<hex>`.
 * `headers` holds the signed headers (names in any case, they are lower-cased).
 */
export function acs3Authorization(accessKeyId: string, accessKeySecret: string, method: string, path: string,
                                  query: Iterable<[string, string]>, headers: Map<string, string>,
                                  payloadHash: string): string {
  const { signedHeaders, request } = canonicalRequest(method, path, query, headers, payloadHash);
  const signature = acs3Sign(accessKeySecret, acs3StringToSign(request));
  return ACS3_ALGORITHM + " Credential=" + accessKeyId + ",SignedHeaders=" + signedHeaders + ",Signature=" + signature;
}

/** The canonical request (six parts joined by \n) and its SignedHeaders value. */
export function canonicalRequest(method: string, path: string, query: Iterable<[string, string]>,
                                 headers: Map<string, string>, payloadHash: string): { signedHeaders: string; request: string } {
  const lower = new Map<string, string>();
  headers.forEach((value, name) => lower.set(name.toLowerCase(), value.trim()));
  const names = [...lower.keys()].sort();
  const canonicalHeaders = names.map((name) => name + ":" + lower.get(name) + "\n").join("");
  const signedHeaders = names.join(";");
  const request = [method.toUpperCase(), path, canonicalQuery(query), canonicalHeaders, signedHeaders, payloadHash].join("\n");
  return { signedHeaders, request };
}

/** `name=value` sorted by name (JS string order), percent-encoded, joined by `&`; `name=` for an empty value. */
export function canonicalQuery(query: Iterable<[string, string]>): string {
  return [...query]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => percentEncode(name) + "=" + percentEncode(value ?? ""))
    .join("&");
}

/** `ACS3-HMAC-SHA256\n` + hex SHA-256 of the canonical request. */
export function acs3StringToSign(canonical: string): string {
  return ACS3_ALGORITHM + "\n" + sha256Hex(canonical);
}

/** Lower-case hex HMAC-SHA256 keyed by the secret itself (no trailing `&`). */
export function acs3Sign(accessKeySecret: string, stringToSign: string): string {
  return createHmac("sha256", accessKeySecret).update(stringToSign, "utf8").digest("hex");
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

function utcSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

// ---------------------------------------------------------------------------------------------
// Signature V1

/**
 * V1, as the legacy SDKs do (signature version 1.0, HMAC-SHA1): the query the generated client
 * built, plus AccessKeyId, SignatureMethod, SignatureVersion, a fresh SignatureNonce and the
 * Timestamp, signed over all of them and over the parameters of a form body (URLSearchParams).
 */
async function signV1(context: RequestContext, accessKeyId: string, accessKeySecret: string,
                      options: RpcSigningOptions): Promise<FetchParams> {
  const url = new URL(context.url);
  const parameters = new Map<string, string>();
  url.searchParams.forEach((value, name) => parameters.set(name, value));
  if (!parameters.get("Action") && options.action) {
    parameters.set("Action", options.action);
  }
  parameters.set("AccessKeyId", accessKeyId);
  parameters.set("SignatureMethod", "HMAC-SHA1");
  parameters.set("SignatureVersion", "1.0");
  parameters.set("SignatureNonce", options.nonce ? options.nonce() : randomUUID());
  parameters.set("Timestamp", utcSeconds(options.now ? options.now() : new Date()));
  const method = (context.init.method ?? "GET").toUpperCase();
  // a form body's parameters are signed too (the query's win on a clash, as on the server)
  const signedOver = new Map<string, string>();
  if (context.init.body instanceof URLSearchParams) {
    context.init.body.forEach((value, name) => signedOver.set(name, value));
  }
  parameters.forEach((value, name) => signedOver.set(name, value));
  parameters.set("Signature", sign(accessKeySecret, stringToSign(method, signedOver)));
  url.search = [...parameters].map(([name, value]) => percentEncode(name) + "=" + percentEncode(value)).join("&");
  let init = context.init;
  if (!parameters.has("Format")) {
    // not signed in V1; the server answers JSON to it when no Format is given
    const headers = new Headers(context.init.headers as HeadersInit | undefined);
    if (!headers.has("accept")) {
      headers.set("accept", "application/json");
    }
    const sent: Record<string, string> = {};
    headers.forEach((value, name) => { sent[name] = value; });
    init = { ...context.init, headers: sent };
  }
  return { url: url.toString(), init };
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
