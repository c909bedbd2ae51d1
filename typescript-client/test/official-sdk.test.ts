// Alibaba Cloud's official Node "V2.0" SDK (@alicloud/ecs20140526 on @alicloud/openapi-core),
// unchanged, against the live server: in its default settings (ACS3-HMAC-SHA256) and with
// signatureAlgorithm "v2" (Signature V1). e2e-tests (TypeScriptClientTest) starts the server, resets
// it to the demo inventory and passes where it is and the access key in the environment; without
// them every test here is skipped.
//
// Instances: i-demo-running-03 (client.test.ts only sends it a forged request, which changes
// nothing) and i-demo-vpc (a VPC instance without an EIP: it gets an address); client.test.ts uses
// neither.
import { test } from "node:test";
import assert from "node:assert/strict";
import Ecs, * as $Ecs from "@alicloud/ecs20140526";
import { $OpenApiUtil, ClientError } from "@alicloud/openapi-core";

const API_URL = process.env.PUBLICIP_API_URL;
const KEY_ID = process.env.PUBLICIP_ACCESS_KEY_ID;
const SECRET = process.env.PUBLICIP_ACCESS_KEY_SECRET;
const skip = API_URL && KEY_ID && SECRET
  ? false
  : "PUBLICIP_API_URL, PUBLICIP_ACCESS_KEY_ID and PUBLICIP_ACCESS_KEY_SECRET are not set: run this test through e2e-tests (TypeScriptClientTest)";

const REQUEST_ID = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/;
const ADDRESS = /^112\.124\.\d+\.\d+$/;
const A = "i-demo-running-03";
const B = "i-demo-vpc";

/** The SDK as a user configures it for an endpoint of their own; "v2" selects Signature V1. */
function sdk(signatureAlgorithm?: "v2", secret = SECRET!): Ecs {
  return new Ecs(new $OpenApiUtil.Config({
    accessKeyId: KEY_ID!,
    accessKeySecret: secret,
    endpoint: new URL(API_URL!).host,
    protocol: "http",
    regionId: "cn-hangzhou",
    ...(signatureAlgorithm ? { signatureAlgorithm } : {}),
  }));
}

function allocate(client: Ecs, instanceId: string, ipAddress?: string) {
  return client.allocatePublicIpAddress(new $Ecs.AllocatePublicIpAddressRequest({ instanceId, ipAddress }));
}

function release(client: Ecs, publicIpAddress: string, instanceId: string) {
  return client.releasePublicIpAddress(new $Ecs.ReleasePublicIpAddressRequest({ publicIpAddress, instanceId }));
}

/** The SDK's own error for a 4xx answer: ClientError with the code, the status and the message. */
function refusedWith(code: string, statusCode: number, message: string) {
  return (error: unknown) => {
    assert.ok(error instanceof ClientError, String(error));
    assert.equal(error.code, code);
    assert.equal(error.statusCode, statusCode);
    // the SDK's message: "<code>: code: <status>, <Message> request id: <RequestId>"
    assert.ok(error.message.includes(message), error.message);
    assert.match(String(error.requestId), REQUEST_ID);
    assert.ok(error.message.endsWith("request id: " + error.requestId), error.message);
    assert.equal(error.data?.Code, code);
    assert.ok(String(error.data?.Message).startsWith(message), String(error.data?.Message));
    return true;
  };
}

// addresses the allocations below got, used by the tests after them (node:test runs the tests of
// a file one after the other, in order)
let addressOfA = "";
let addressOfB = "";

test("official SDK, ACS3 (default): allocates an address, body.ipAddress and body.requestId reach the caller", { skip }, async () => {
  const answer = await allocate(sdk(), A);
  assert.equal(answer.statusCode, 200);
  assert.match(String(answer.body?.ipAddress), ADDRESS);
  assert.match(String(answer.body?.requestId), REQUEST_ID);
  addressOfA = answer.body!.ipAddress!;
});

test("official SDK, ACS3: a second allocation for the same instance is AllocatedAlready (403)", { skip }, async () => {
  await assert.rejects(allocate(sdk(), A),
    refusedWith("AllocatedAlready", 403, "There is an IpAddress allocated already for the specified instance."));
});

test("official SDK, ACS3: an unknown instance is InvalidInstanceId.NotFound (404)", { skip }, async () => {
  await assert.rejects(allocate(sdk(), "i-nope"),
    refusedWith("InvalidInstanceId.NotFound", 404, "The specified InstanceId does not exist."));
});

test("official SDK, ACS3: a wrong secret is SignatureDoesNotMatch (400)", { skip }, async () => {
  await assert.rejects(allocate(sdk(undefined, "not-the-secret"), A),
    refusedWith("SignatureDoesNotMatch", 400, "Specified signature is not matched with our calculation."));
});

test("official SDK, V1 (signatureAlgorithm v2): allocates an address, body.ipAddress and body.requestId reach the caller", { skip }, async () => {
  const answer = await allocate(sdk("v2"), B);
  assert.equal(answer.statusCode, 200);
  assert.match(String(answer.body?.ipAddress), ADDRESS);
  assert.match(String(answer.body?.requestId), REQUEST_ID);
  assert.notEqual(answer.body?.ipAddress, addressOfA);
  addressOfB = answer.body!.ipAddress!;
});

test("official SDK, V1: a second allocation for the same instance is AllocatedAlready (403)", { skip }, async () => {
  await assert.rejects(allocate(sdk("v2"), B),
    refusedWith("AllocatedAlready", 403, "There is an IpAddress allocated already for the specified instance."));
});

test("official SDK, V1: an unknown instance is InvalidInstanceId.NotFound (404)", { skip }, async () => {
  await assert.rejects(allocate(sdk("v2"), "i-nope"),
    refusedWith("InvalidInstanceId.NotFound", 404, "The specified InstanceId does not exist."));
});

test("official SDK, V1: a wrong secret is SignatureDoesNotMatch (400)", { skip }, async () => {
  await assert.rejects(allocate(sdk("v2", "not-the-secret"), B),
    refusedWith("SignatureDoesNotMatch", 400, "Specified signature is not matched with our calculation."));
});

test("official SDK, ACS3: ReleasePublicIpAddress, then the instance asking for an address another holds is IpInUse (403)", { skip }, async () => {
  assert.match(addressOfA, ADDRESS, "the ACS3 allocation did not succeed");
  assert.match(addressOfB, ADDRESS, "the V1 allocation did not succeed");
  const released = await release(sdk(), addressOfA, A);
  assert.equal(released.statusCode, 200);
  assert.match(String(released.body?.requestId), REQUEST_ID);
  // A holds nothing now: asking for B's address is refused as in use, not as AllocatedAlready
  await assert.rejects(allocate(sdk(), A, addressOfB),
    refusedWith("IpInUse", 403, "The specified IP is already in use."));
});

test("official SDK, V1: ReleasePublicIpAddress, then IpInUse, then the released address goes to another instance", { skip }, async () => {
  assert.match(addressOfA, ADDRESS, "the ACS3 allocation did not succeed");
  assert.match(addressOfB, ADDRESS, "the V1 allocation did not succeed");
  // B's address stays B's until released
  await assert.rejects(allocate(sdk("v2"), A, addressOfB),
    refusedWith("IpInUse", 403, "The specified IP is already in use."));
  const released = await release(sdk("v2"), addressOfB, B);
  assert.equal(released.statusCode, 200);
  assert.match(String(released.body?.requestId), REQUEST_ID);
  // the address A gave back (ACS3 release above) now goes to B
  const again = await allocate(sdk("v2"), B, addressOfA);
  assert.equal(again.body?.ipAddress, addressOfA);
  assert.match(String(again.body?.requestId), REQUEST_ID);
});

test("official SDK, ACS3: the address B gave back (V1 release) is allocated to A", { skip }, async () => {
  assert.match(addressOfB, ADDRESS, "the V1 allocation did not succeed");
  const again = await allocate(sdk(), A, addressOfB);
  assert.equal(again.body?.ipAddress, addressOfB);
  assert.match(String(again.body?.requestId), REQUEST_ID);
});
