package io.publicip.server.rpc;

import io.publicip.server.metrics.ServiceMetrics;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.core.annotation.Order;
import io.micronaut.http.annotation.ServerFilter;
import io.publicip.server.FilterOrder;
import io.publicip.server.operator.access.OperatorPort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.regex.Pattern;

/**
 * One structured line per public API request: RequestId, Action, signature scheme, AccessKeyId,
 * result code, status and latency, read from the parsed call. Never a secret or a signature.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@Order(FilterOrder.REQUEST_LOG)
class RequestLog {

    private static final Logger LOG = LoggerFactory.getLogger("publicip.requests");
    private static final String STARTED = "publicip.started";
    private static final Pattern NOT_PRINTABLE = Pattern.compile("[^\\x21-\\x7E]");

    private final OperatorPort operatorPort;
    private final ServiceMetrics metrics;
    private final RpcActions actions;

    RequestLog(OperatorPort operatorPort, ServiceMetrics metrics, RpcActions actions) {
        this.operatorPort = operatorPort;
        this.metrics = metrics;
        this.actions = actions;
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
        // a request the front door never parsed (refused before routing) is described by its query and headers
        RpcCall call = RpcCallParser.headersOnly(request);
        String code = response.status().getCode() < 300 ? "OK" : response.getAttribute(EnvelopeWriter.CODE_ATTRIBUTE, String.class).orElse("-");
        String scheme = call.signature().scheme().label();
        metrics.requestCompleted(actions.tagOf(call), scheme, code, took);
        if (!LOG.isInfoEnabled()) {
            return;
        }
        LOG.info("requestId={} action={} scheme={} accessKeyId={} code={} status={} latencyMs={}",
                call.requestId(), clean(call.action() == null ? "-" : call.action()), scheme,
                clean(call.signature().accessKeyId() == null ? "-" : call.signature().accessKeyId()),
                code, response.code(), Math.round(took / 1e5) / 10.0);
    }

    /** Keeps a log line one line: a client's value cannot inject another. */
    private static String clean(String value) {
        String printable = NOT_PRINTABLE.matcher(value).replaceAll("?");
        return printable.length() > 64 ? printable.substring(0, 64) + "..." : printable;
    }
}
