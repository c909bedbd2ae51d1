import { Configuration } from "../target/generated-sources/ts/runtime";
import { EcsApi } from "../target/generated-sources/ts/apis/index";
import { rpcSigning } from "./signing";

export * from "../target/generated-sources/ts/index";
export { rpcSigning } from "./signing";
export { RpcError, rpc } from "./errors";

/** The public API at baseUrl (such as http://localhost:8080), every request signed with the key. */
export function ecs(baseUrl: string, accessKeyId: string, accessKeySecret: string): EcsApi {
  return new EcsApi(new Configuration({ basePath: baseUrl, middleware: [rpcSigning(accessKeyId, accessKeySecret)] }));
}
