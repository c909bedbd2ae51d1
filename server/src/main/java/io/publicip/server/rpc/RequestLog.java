package io.publicip.server.rpc;

import io.publicip.server.metrics.ServiceMetrics;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.publicip.server.operator.access.OperatorPort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.regex.Pattern;

/**
 * One structured line per public API request: RequestId, Action, AccessKeyId, result code,
 * status and latency. Never a secret or a signature.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
class RequestLog {

    private static final Logger LOG = LoggerFactory.getLogger("publicip.requests");
    private static final String STARTED = "publicip.started";
    private static final Pattern NOT_PRINTABLE = Pattern.compile("[^\\x21-\\x7E]");

    private final OperatorPort operatorPort;
    private final ServiceMetrics metrics;

    RequestLog(OperatorPort operatorPort, ServiceMetrics metrics) {
        this.operatorPort = operatorPort;
        this.metrics = metrics;
    }

    @RequestFilter
    void start(HttpRequest<?> request) {
        request.setAttribute(STARTED, System.nanoTime());
    }

    @ResponseFilter
    void log(HttpRequest<?> request, MutableHttpResponse<?> response) {
        if (operatorPort.isOperatorRequest(request)) {
            return;
        }
        long took = System.nanoTime() - request.getAttribute(STARTED, Long.class).orElse(System.nanoTime());
        RpcParameters parameters = RpcParameters.of(request);
        String code = response.status().getCode() < 300 ? "OK"
                : response.getBody().map(body -> body instanceof io.publicip.server.generated.model.ErrorResponse e ? e.getCode() : null).orElse("-");
        String action = parameters.get("Action").orElse(null);
        // the action tag takes a bounded set of values, whatever clients send
        metrics.requestCompleted(action == null ? "none" : RpcActions.isKnown(action) ? action : "unknown", code, took);
        if (!LOG.isInfoEnabled()) {
            return;
        }
        LOG.info("requestId={} action={} accessKeyId={} code={} status={} latencyMs={}",
                RequestIds.of(request), clean(parameters.get("Action").orElse("-")), clean(parameters.get("AccessKeyId").orElse("-")),
                code, response.code(), Math.round(took / 1e5) / 10.0);
    }

    /** Keeps a log line one line: a client's value cannot inject another. */
    private static String clean(String value) {
        String printable = NOT_PRINTABLE.matcher(value).replaceAll("?");
        return printable.length() > 64 ? printable.substring(0, 64) + "..." : printable;
    }
}
