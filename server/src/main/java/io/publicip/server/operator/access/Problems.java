package io.publicip.server.operator.access;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.publicip.server.generated.operator.model.Problem;
import jakarta.inject.Singleton;

/** RFC 7807 problems, the operator API's only error shape. */
@Singleton
public class Problems {

    public static final MediaType PROBLEM_JSON = MediaType.of("application/problem+json");

    public MutableHttpResponse<Problem> of(HttpStatus status, String detail) {
        Problem problem = new Problem(status.getReason(), status.getCode()).type("about:blank").detail(detail);
        return HttpResponse.<Problem>status(status).contentType(PROBLEM_JSON).body(problem);
    }
}
