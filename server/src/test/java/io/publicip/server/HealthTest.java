package io.publicip.server;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Value;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Health on the operator port, without the token: liveness, and readiness that is down while
 * the schema lacks a migration; probes leave no request log lines.
 */
@MicronautTest(environments = "test", transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Property(name = "publicip.operator.token", value = "health-token")
class HealthTest implements FreePort {

    @Value("${micronaut.server.port}")
    int apiPort;
    @Value("${publicip.operator.port}")
    int operatorPort;
    @Inject
    SchemaHistory history;

    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void livenessAndReadinessAnswerWithoutTheToken() throws Exception {
        assertEquals(200, get(operatorPort, "/health/liveness").statusCode());
        HttpResponse<String> ready = get(operatorPort, "/health/readiness");
        assertEquals(200, ready.statusCode(), ready.body());
        assertTrue(ready.body().contains("\"schema\""), ready.body());
        assertTrue(ready.body().contains("\"jdbc\""), ready.body());
        assertEquals(404, get(apiPort, "/health/readiness").statusCode(), "health is on the operator port only");
    }

    @Test
    void readinessIsDownWhileAMigrationIsMissing() throws Exception {
        String latest = history.latest();
        Object[] row = history.forget(latest);
        try {
            HttpResponse<String> notReady = get(operatorPort, "/health/readiness");
            assertEquals(503, notReady.statusCode(), notReady.body());
            assertTrue(notReady.body().contains("\"pending\""), notReady.body());
            assertEquals(200, get(operatorPort, "/health/liveness").statusCode(), "alive all the same: no restart would help");
        } finally {
            history.restore(row);
        }
        assertEquals(200, get(operatorPort, "/health/readiness").statusCode(), "ready again once the schema is current");
    }

    @Test
    void probesAreNotRequestLogged() throws Exception {
        Logger requests = (Logger) LoggerFactory.getLogger("publicip.requests");
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        ch.qos.logback.classic.Level level = requests.getLevel();
        requests.setLevel(ch.qos.logback.classic.Level.INFO);
        requests.addAppender(lines);
        try {
            for (int i = 0; i < 3; i++) {
                get(operatorPort, "/health/readiness");
                get(operatorPort, "/health/liveness");
            }
            get(apiPort, "/?Action=AllocatePublicIpAddress&Format=JSON");
        } finally {
            requests.detachAppender(lines);
            requests.setLevel(level);
        }
        List<String> logged = lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertEquals(1, logged.size(), "one line, for the API request: " + logged);
        assertTrue(logged.get(0).contains("action=AllocatePublicIpAddress"), logged.get(0));
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Flyway's history, edited as a database restored from before the latest migration would be. */
    @Singleton
    static class SchemaHistory {
        // Flyway names them in lower case, quoted: H2 then wants the quotes too
        private static final String TABLE = "\"flyway_schema_history\"";
        private static final String COLUMNS = "\"installed_rank\", \"version\", \"description\", \"type\", \"script\", \"checksum\", "
                + "\"installed_by\", \"execution_time\", \"success\"";

        @Inject
        JdbcOperations jdbc;

        @Transactional
        String latest() {
            return jdbc.prepareStatement("SELECT \"version\" FROM " + TABLE + " WHERE \"version\" IS NOT NULL ORDER BY \"installed_rank\" DESC FETCH FIRST 1 ROWS ONLY",
                    ps -> {
                        try (var rs = ps.executeQuery()) {
                            rs.next();
                            return rs.getString(1);
                        }
                    });
        }

        @Transactional
        Object[] forget(String version) {
            Object[] row = jdbc.prepareStatement("SELECT " + COLUMNS + ", \"installed_on\" FROM " + TABLE + " WHERE \"version\" = ?", ps -> {
                ps.setString(1, version);
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    Object[] values = new Object[10];
                    for (int i = 0; i < values.length; i++) {
                        values[i] = rs.getObject(i + 1);
                    }
                    return values;
                }
            });
            jdbc.prepareStatement("DELETE FROM " + TABLE + " WHERE \"version\" = ?", ps -> {
                ps.setString(1, version);
                return ps.executeUpdate();
            });
            return row;
        }

        /** Puts the row back exactly as it was, types included (a history Flyway finds changed would stop the next start). */
        @Transactional
        void restore(Object[] row) {
            jdbc.prepareStatement("INSERT INTO " + TABLE + " (" + COLUMNS + ", \"installed_on\") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", ps -> {
                for (int i = 0; i < row.length; i++) {
                    ps.setObject(i + 1, row[i]);
                }
                return ps.executeUpdate();
            });
        }
    }
}
