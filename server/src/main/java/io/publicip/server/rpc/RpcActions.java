package io.publicip.server.rpc;

import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The version and action step: the API version the server speaks, the handler of each action
 * it answers (any other Action, or none, is InvalidAction.NotFound), and parameters a handler
 * can take: a part of the request that could not be read, or a value with a NUL character
 * (which no database column can hold), is InvalidParameter.
 */
@Singleton
public class RpcActions {

    public static final String API_VERSION = "2014-05-26";

    private final Map<String, RpcHandler> handlers;

    RpcActions(List<RpcHandler> handlers) {
        this.handlers = handlers.stream().collect(Collectors.toUnmodifiableMap(RpcHandler::action, Function.identity()));
    }

    /** @throws RpcError NoSuchVersion for another version; InvalidAction.NotFound for an unknown or missing action; InvalidParameter */
    RpcHandler handlerFor(RpcCall call) {
        if (call.version() != null && !API_VERSION.equals(call.version())) {
            throw new RpcError(ProtocolErrors.NO_SUCH_VERSION);
        }
        RpcHandler handler = call.action() == null ? null : handlers.get(call.action());
        if (handler == null) {
            throw new RpcError(ProtocolErrors.INVALID_ACTION);
        }
        call.unreadable().ifPresent(part -> {
            throw RpcError.naming(ProtocolErrors.INVALID_PARAMETER, part);
        });
        call.parameters().forEach((name, value) -> {
            if (name.indexOf('\0') >= 0 || value.indexOf('\0') >= 0) {
                throw RpcError.naming(ProtocolErrors.INVALID_PARAMETER, name.replace('\0', '?'));
            }
        });
        return handler;
    }

    /** The action as a metric tag: one of a bounded set, whatever clients send. */
    public String tagOf(RpcCall call) {
        return call.action() == null ? "none" : handlers.containsKey(call.action()) ? call.action() : "unknown";
    }
}
