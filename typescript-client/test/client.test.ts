// Runs against a live server: e2e-tests (TypeScriptClientTest) starts it, resets it to the demo
// inventory and passes where it is and the access key in the environment.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ecs, ecsRelease, rpc, RpcError } from "../src/index";

const URL = required("PUBLICIP_API_URL");
const KEY_ID = required("PUBLICIP_ACCESS_KEY_ID");
const SECRET = required("PUBLICIP_ACCESS_KEY_SECRET");
// ACS3-HMAC-SHA256, the default
const api = ecs(URL, KEY_ID, SECRET);
const releases = ecsRelease(URL, KEY_ID, SECRET);
// Signature V1, the legacy scheme
const apiV1 = ecs(URL, KEY_ID, SECRET, { signature: "v1" });
const REQUEST_ID = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/;

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(name + " is not set: run this test through e2e-tests (TypeScriptClientTest)");
  }
  return value;
}

test("allocates an address to an instance", async () => {
  const answer = await rpc(() => api.allocatePublicIpAddress({ action: "AllocatePublicIpAddress", instanceId: "i-demo-running-01", format: "JSON" }));
  assert.match(answer.ipAddress, /^112\.124\.\d+\.\d+$/);
  assert.match(answer.requestId, REQUEST_ID);
});

test("a refusal is an RpcError carrying the envelope", async () => {
  await assert.rejects(
    rpc(() => api.allocatePublicIpAddress({ action: "AllocatePublicIpAddress", instanceId: "i-nope", format: "JSON" })),
    (error: unknown) => {
      assert.ok(error instanceof RpcError, String(error));
      assert.equal(error.httpStatus, 404);
      assert.equal(error.code, "InvalidInstanceId.NotFound");
      assert.equal(error.envelope.message, "The specified InstanceId does not exist.");
      assert.match(error.requestId, REQUEST_ID);
      assert.ok(error.envelope.hostId.length > 0);
      return true;
    });
});

test("a second allocation for the same instance is AllocatedAlready", async () => {
  const instanceId = "i-demo-running-02";
  await rpc(() => api.allocatePublicIpAddress({ action: "AllocatePublicIpAddress", instanceId, format: "JSON" }));
  await assert.rejects(
    rpc(() => api.allocatePublicIpAddress({ action: "AllocatePublicIpAddress", instanceId, format: "JSON" })),
    (error: unknown) => error instanceof RpcError && error.code === "AllocatedAlready" && error.httpStatus === 403);
});

test("a wrong secret is refused by the signature check (ACS3)", async () => {
  const forged = ecs(URL, KEY_ID, "not-the-secret");
  await assert.rejects(
    rpc(() => forged.allocatePublicIpAddress({ instanceId: "i-demo-running-03" })),
    (error: unknown) => {
      assert.ok(error instanceof RpcError, String(error));
      assert.equal(error.httpStatus, 400);
      assert.equal(error.code, "SignatureDoesNotMatch");
      return true;
    });
});

test("V1: allocates an address to an instance", async () => {
  const answer = await rpc(() => apiV1.allocatePublicIpAddress({ action: "AllocatePublicIpAddress", instanceId: "i-demo-running-04", format: "JSON" }));
  assert.match(answer.ipAddress, /^112\.124\.\d+\.\d+$/);
  assert.match(answer.requestId, REQUEST_ID);
});

test("V1: a refusal is an RpcError carrying the envelope", async () => {
  await assert.rejects(
    rpc(() => apiV1.allocatePublicIpAddress({ action: "AllocatePublicIpAddress", instanceId: "i-nope", format: "JSON" })),
    (error: unknown) => {
      assert.ok(error instanceof RpcError, String(error));
      assert.equal(error.httpStatus, 404);
      assert.equal(error.code, "InvalidInstanceId.NotFound");
      assert.match(error.requestId, REQUEST_ID);
      return true;
    });
});

test("a released address (ACS3) can be allocated to another instance", async () => {
  // ACS3 without Format: the Accept header makes the answers JSON
  const allocated = await rpc(() => api.allocatePublicIpAddress({ instanceId: "i-demo-running-05" }));
  assert.match(allocated.ipAddress, /^112\.124\.\d+\.\d+$/);

  const released = await rpc(() => releases.releasePublicIpAddress({ publicIpAddress: allocated.ipAddress, instanceId: "i-demo-running-05" }));
  assert.match(released.requestId, REQUEST_ID);

  // released once: the instance holds it no longer
  await assert.rejects(
    rpc(() => releases.releasePublicIpAddress({ publicIpAddress: allocated.ipAddress, instanceId: "i-demo-running-05" })),
    (error: unknown) => error instanceof RpcError && error.code === "InvalidIpAddress.NotFound" && error.httpStatus === 400);

  const again = await rpc(() => api.allocatePublicIpAddress({ instanceId: "i-demo-stopped", ipAddress: allocated.ipAddress }));
  assert.equal(again.ipAddress, allocated.ipAddress);
  assert.match(again.requestId, REQUEST_ID);
});
