import { Configuration } from "../target/generated-sources/ts/runtime";
import { EcsApi } from "../target/generated-sources/ts/apis/index";
import { Configuration as ReleaseConfiguration } from "../target/generated-sources/ts-release/runtime";
import { EcsReleaseApi } from "../target/generated-sources/ts-release/apis/index";
import { rpcSigning } from "./signing";
import type { SignatureScheme } from "./signing";

// the Allocate document's client, as before
export * from "../target/generated-sources/ts/index";
// the Release document's client: its API and models (its runtime, the same code generated again,
// and its ErrorResponse, the same envelope, are under `release`)
export { EcsReleaseApi, ReleasePublicIpAddressActionEnum } from "../target/generated-sources/ts-release/apis/index";
export type { ReleasePublicIpAddressRequest, ReleasePublicIpAddressByFormRequest } from "../target/generated-sources/ts-release/apis/index";
export {
  ReleasePublicIpAddressResponseFromJSON,
  ReleasePublicIpAddressResponseToJSON,
} from "../target/generated-sources/ts-release/models/index";
export type { ReleasePublicIpAddressResponse } from "../target/generated-sources/ts-release/models/index";
export * as release from "../target/generated-sources/ts-release/index";

export { rpcSigning, DEFAULT_VERSION } from "./signing";
export type { SignatureScheme, RpcSigningOptions } from "./signing";
export { RpcError, rpc } from "./errors";

export interface ClientOptions {
  /** The signature scheme: ACS3-HMAC-SHA256 (`acs3`, the default, as today's SDKs) or V1 (`v1`, as the legacy SDKs). */
  signature?: SignatureScheme;
}

/**
 * The AllocatePublicIpAddress API at baseUrl (such as http://localhost:8080), every request
 * signed with the key (ACS3-HMAC-SHA256 unless options.signature is "v1").
 */
export function ecs(baseUrl: string, accessKeyId: string, accessKeySecret: string, options: ClientOptions = {}): EcsApi {
  const signing = rpcSigning(accessKeyId, accessKeySecret, options.signature ?? "acs3", { action: "AllocatePublicIpAddress" });
  return new EcsApi(new Configuration({ basePath: baseUrl, middleware: [signing] }));
}

/**
 * The ReleasePublicIpAddress API at baseUrl (the same endpoint), every request signed with the
 * key (ACS3-HMAC-SHA256 unless options.signature is "v1").
 */
export function ecsRelease(baseUrl: string, accessKeyId: string, accessKeySecret: string, options: ClientOptions = {}): EcsReleaseApi {
  const signing = rpcSigning(accessKeyId, accessKeySecret, options.signature ?? "acs3", { action: "ReleasePublicIpAddress" });
  return new EcsReleaseApi(new ReleaseConfiguration({ basePath: baseUrl, middleware: [signing] }));
}
