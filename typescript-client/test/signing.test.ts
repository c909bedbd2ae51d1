// Needs no server: the signatures against the test vector of acs3-signature.md, and what the
// middleware makes of the requests the generated clients build (sent to a fake fetch).
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  acs3Authorization, acs3Sign, acs3StringToSign, canonicalQuery, canonicalRequest, rpcSigning, sha256Hex, sign, stringToSign,
} from "../src/signing";
import { Configuration, EcsApi, EcsReleaseApi, release, rpc, RpcError } from "../src/index";

const EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
const VECTOR = {
  query: [["InstanceId", "i-demo-running-01"], ["IpAddress", "112.124.11.3"], ["VlanId", "101"], ["Tag", "a b*~"]] as Array<[string, string]>,
  headers: new Map([
    ["host", "ecs.example:8080"],
    ["x-acs-action", "AllocatePublicIpAddress"],
    ["x-acs-version", "2014-05-26"],
    ["x-acs-date", "2026-01-01T00:00:00Z"],
    ["x-acs-signature-nonce", "n-1"],
    ["content-type", "application/x-www-form-urlencoded"],
  ]),
  body: "OwnerId=1",
  canonicalQuery: "InstanceId=i-demo-running-01&IpAddress=112.124.11.3&Tag=a%20b%2A~&VlanId=101",
  payloadHash: "348dbb467cf260f8e09d127654775b7f0cbc83237e4e9eebca6137d5fef7a36a",
  signedHeaders: "content-type;host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version",
  stringToSign: "ACS3-HMAC-SHA256\n5c50a1e4551be9f7c4e3ed34760131a3db3b8a2bcdcbe980a8b05266f844310c",
  signature: "58c0026dc12f1901693f8cd107a1a558298ef53bb180de48badf4f61ffa05190",
};

test("ACS3: the test vector of acs3-signature.md, step by step", () => {
  assert.equal(canonicalQuery(VECTOR.query), VECTOR.canonicalQuery);
  assert.equal(sha256Hex(VECTOR.body), VECTOR.payloadHash);
  const headers = new Map(VECTOR.headers);
  headers.set("x-acs-content-sha256", VECTOR.payloadHash);
  const { signedHeaders, request } = canonicalRequest("POST", "/", VECTOR.query, headers, VECTOR.payloadHash);
  assert.equal(signedHeaders, VECTOR.signedHeaders);
  assert.equal(request.split("\n")[2], VECTOR.canonicalQuery);
  assert.equal(acs3StringToSign(request), VECTOR.stringToSign);
  assert.equal(acs3Sign("testsecret", acs3StringToSign(request)), VECTOR.signature);
  assert.equal(acs3Authorization("testid", "testsecret", "POST", "/", VECTOR.query, headers, VECTOR.payloadHash),
    "ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=" + VECTOR.signedHeaders + ",Signature=" + VECTOR.signature);
});

test("ACS3: the middleware gives the test vector's signature", async () => {
  const middleware = rpcSigning("testid", "testsecret", "acs3", { now: () => new Date("2026-01-01T00:00:00Z"), nonce: () => "n-1" });
  const signed = await middleware.pre!({
    fetch: () => { throw new Error("not sent"); },
    url: "http://ecs.example:8080/?InstanceId=i-demo-running-01&IpAddress=112.124.11.3&VlanId=101&Tag=a%20b*~"
      + "&Action=AllocatePublicIpAddress&Version=2014-05-26",
    init: { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: VECTOR.body },
  });
  assert.ok(signed);
  const url = new URL(signed.url);
  assert.equal(url.search, "?" + VECTOR.canonicalQuery);
  const headers = signed.init.headers as Record<string, string>;
  assert.equal(headers["x-acs-action"], "AllocatePublicIpAddress");
  assert.equal(headers["x-acs-version"], "2014-05-26");
  assert.equal(headers["x-acs-content-sha256"], VECTOR.payloadHash);
  assert.equal(headers["authorization"],
    "ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=" + VECTOR.signedHeaders + ",Signature=" + VECTOR.signature);
  assert.equal(signed.init.body, VECTOR.body);
});

/** A fetch that records the request and answers with the given status and JSON body. */
function fakeFetch(status: number, answer: unknown, seen: Array<{ url: string; init: RequestInit }>) {
  return async (url: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    seen.push({ url: String(url), init: init ?? {} });
    return new Response(JSON.stringify(answer), { status, headers: { "Content-Type": "application/json;charset=utf-8" } });
  };
}

test("ACS3 (the default): the generated GET loses Action and Version to x-acs-* headers and is signed over host:port", async () => {
  const seen: Array<{ url: string; init: RequestInit }> = [];
  const api = new EcsApi(new Configuration({
    basePath: "http://127.0.0.1:8080",
    middleware: [rpcSigning("testid", "testsecret", undefined, { action: "AllocatePublicIpAddress" })],
    fetchApi: fakeFetch(200, { RequestId: "473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E", IpAddress: "112.124.10.7" }, seen),
  }));
  const answer = await api.allocatePublicIpAddress({ instanceId: "i-demo-running-01", vlanId: "", version: "2014-05-26" });
  assert.equal(answer.ipAddress, "112.124.10.7");
  const { url, init } = seen[0];
  const sent = new URL(url);
  assert.equal(init.method, "GET");
  assert.equal(sent.search, "?InstanceId=i-demo-running-01&VlanId=");
  const headers = init.headers as Record<string, string>;
  assert.equal(headers["x-acs-action"], "AllocatePublicIpAddress");
  assert.equal(headers["x-acs-version"], "2014-05-26");
  assert.match(headers["x-acs-date"], /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  assert.match(headers["x-acs-signature-nonce"], /^[0-9a-f]{64}$/);
  assert.equal(headers["x-acs-content-sha256"], EMPTY_SHA256);
  assert.equal(headers["accept"], "application/json");
  const signedHeaders = "host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version";
  const expected = new Map<string, string>([["host", "127.0.0.1:8080"]]);
  for (const name of signedHeaders.split(";").slice(1)) {
    expected.set(name, headers[name]);
  }
  assert.equal(headers["authorization"],
    acs3Authorization("testid", "testsecret", "GET", "/", [["InstanceId", "i-demo-running-01"], ["VlanId", ""]], expected, EMPTY_SHA256));
  assert.match(headers["authorization"], new RegExp("^ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=" + signedHeaders + ",Signature=[0-9a-f]{64}$"));

  // a fresh nonce per request, and the version's default
  await api.allocatePublicIpAddress({ instanceId: "i-demo-running-01", format: "JSON" });
  const second = seen[1].init.headers as Record<string, string>;
  assert.notEqual(second["x-acs-signature-nonce"], headers["x-acs-signature-nonce"]);
  assert.equal(second["x-acs-version"], "2014-05-26");
  assert.equal(second["accept"], undefined, "a Format is given: no Accept added");
  assert.equal(new URL(seen[1].url).search, "?Format=JSON&InstanceId=i-demo-running-01");
});

test("V1 (selectable): every signature parameter in the query, signed with HMAC-SHA1", async () => {
  const seen: Array<{ url: string; init: RequestInit }> = [];
  const api = new EcsApi(new Configuration({
    basePath: "http://127.0.0.1:8080",
    middleware: [rpcSigning("testid", "testsecret", "v1", { action: "AllocatePublicIpAddress" })],
    fetchApi: fakeFetch(200, { RequestId: "473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E", IpAddress: "112.124.10.7" }, seen),
  }));
  await api.allocatePublicIpAddress({ instanceId: "i-demo-running-01", format: "JSON" });
  const parameters = new Map<string, string>();
  new URL(seen[0].url).searchParams.forEach((value, name) => parameters.set(name, value));
  assert.equal(parameters.get("Action"), "AllocatePublicIpAddress");
  assert.equal(parameters.get("SignatureMethod"), "HMAC-SHA1");
  assert.equal(parameters.get("SignatureVersion"), "1.0");
  assert.equal(parameters.get("AccessKeyId"), "testid");
  assert.equal(parameters.get("Signature"), sign("testsecret", stringToSign("GET", parameters)));
  assert.equal((seen[0].init.headers as Record<string, string>)["authorization"], undefined);
});

test("rpc() reads the JSON envelope (application/json;charset=utf-8) of both clients' refusals", async () => {
  const envelope = {
    RequestId: "473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E", HostId: "ecs.aliyuncs.com",
    Code: "InvalidIpAddress.NotFound", Message: "The specified parameter \"IpAddress\" is not found in your records.",
  };
  const releaseApi = new EcsReleaseApi(new release.Configuration({
    basePath: "http://127.0.0.1:8080",
    middleware: [rpcSigning("testid", "testsecret", "acs3", { action: "ReleasePublicIpAddress" })],
    fetchApi: fakeFetch(400, envelope, []),
  }));
  await assert.rejects(rpc(() => releaseApi.releasePublicIpAddress({ publicIpAddress: "112.124.10.9" })), (error: unknown) => {
    assert.ok(error instanceof RpcError, String(error));
    assert.equal(error.httpStatus, 400);
    assert.equal(error.code, "InvalidIpAddress.NotFound");
    assert.equal(error.envelope.hostId, "ecs.aliyuncs.com");
    return true;
  });
  const allocateApi = new EcsApi(new Configuration({
    basePath: "http://127.0.0.1:8080",
    middleware: [rpcSigning("testid", "testsecret")],
    fetchApi: fakeFetch(404, { ...envelope, Code: "InvalidInstanceId.NotFound" }, []),
  }));
  await assert.rejects(rpc(() => allocateApi.allocatePublicIpAddress({ action: "AllocatePublicIpAddress", instanceId: "i-nope" })),
    (error: unknown) => error instanceof RpcError && error.httpStatus === 404 && error.code === "InvalidInstanceId.NotFound");
});
