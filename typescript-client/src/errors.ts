import { ResponseError } from "../target/generated-sources/ts/runtime";
import { ResponseError as ReleaseResponseError } from "../target/generated-sources/ts-release/runtime";
import { ErrorResponseFromJSON } from "../target/generated-sources/ts/models/index";
import type { ErrorResponse } from "../target/generated-sources/ts/models/index";

/** A refused call, with the Alibaba error envelope the server answered: Code, Message, RequestId, HostId. */
export class RpcError extends Error {
  constructor(readonly httpStatus: number, readonly envelope: ErrorResponse) {
    super(envelope.code + ": " + envelope.message);
    this.name = "RpcError";
  }

  get code(): string {
    return this.envelope.code;
  }

  get requestId(): string {
    return this.envelope.requestId;
  }
}

/**
 * Runs a call of a generated client (the Allocate one or the Release one, each with a
 * ResponseError class of its own); a refusal with a JSON envelope (whatever the parameters of
 * its application/json content type) becomes an RpcError, and anything else (a network failure,
 * a body that is no envelope, an XML body) is rethrown as it is.
 */
export async function rpc<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (failure) {
    if (failure instanceof ResponseError || failure instanceof ReleaseResponseError) {
      let body: unknown;
      try {
        body = await failure.response.clone().json();
      } catch {
        throw failure;
      }
      if (typeof body !== "object" || body === null || typeof (body as Record<string, unknown>)["Code"] !== "string") {
        throw failure;
      }
      throw new RpcError(failure.response.status, ErrorResponseFromJSON(body));
    }
    throw failure;
  }
}
