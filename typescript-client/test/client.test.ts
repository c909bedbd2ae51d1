// Runs against a live server: e2e-tests (TypeScriptClientTest) starts it, resets it to the demo
// inventory and passes where it is and the access key in the environment.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ecs, rpc, RpcError } from "../src/index";

const api = ecs(required("PUBLICIP_API_URL"), required("PUBLICIP_ACCESS_KEY_ID"), required("PUBLICIP_ACCESS_KEY_SECRET"));
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

test("a wrong secret is refused by the signature check", async () => {
  const forged = ecs(required("PUBLICIP_API_URL"), required("PUBLICIP_ACCESS_KEY_ID"), "not-the-secret");
  await assert.rejects(
    rpc(() => forged.allocatePublicIpAddress({ action: "AllocatePublicIpAddress", instanceId: "i-demo-running-03", format: "JSON" })),
    (error: unknown) => error instanceof RpcError && error.code === "SignatureDoesNotMatch" && error.httpStatus === 400);
});
