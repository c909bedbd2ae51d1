package io.publicip.benchmarks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The floor: the fastest HTTP service that could do an allocation's job at all. Each request is
 * answered after one durable INSERT of a unique row (its own commit, autocommit on), on the same
 * database, with a connection pool of the server's size, and nothing else: no framework, no
 * signature, no rules. The JDK's built-in HTTP server, run as a process of its own so that its
 * CPU is measured as the service's is.
 *
 * <p>{@code java -cp publicip-benchmarks.jar io.publicip.benchmarks.FloorServer PORT JDBC_URL USER POOL_SIZE}
 */
public final class FloorServer {

    static final String PATH = "/floor";

    private FloorServer() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(args[1]);
        config.setUsername(args[2]);
        config.setPassword("");
        config.setMaximumPoolSize(Integer.parseInt(args[3]));
        config.setAutoCommit(true);
        HikariDataSource pool = new HikariDataSource(config);
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS floor_row (id BIGINT PRIMARY KEY, request_id VARCHAR(36) NOT NULL, at TIMESTAMP NOT NULL)");
        }
        // unique across restarts of the floor on the same table
        AtomicLong ids = new AtomicLong(System.currentTimeMillis() * 1_000_000L);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
        ExecutorService workers = Executors.newFixedThreadPool(64);
        server.setExecutor(workers);
        server.createContext(PATH, exchange -> serve(exchange, pool, ids));
        server.createContext("/", exchange -> answer(exchange, 404, "{\"Code\":\"NotFound\"}"));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop(0);
            workers.shutdown();
            pool.close();
        }));
        server.start();
        System.out.println("floor listening on " + port);
    }

    private static void serve(HttpExchange exchange, HikariDataSource pool, AtomicLong ids) throws IOException {
        try (InputStream body = exchange.getRequestBody()) {
            body.readAllBytes();
        }
        String requestId = UUID.randomUUID().toString();
        try (Connection c = pool.getConnection();
             PreparedStatement insert = c.prepareStatement("INSERT INTO floor_row (id, request_id, at) VALUES (?, ?, ?)")) {
            insert.setLong(1, ids.incrementAndGet());
            insert.setString(2, requestId);
            insert.setTimestamp(3, Timestamp.from(Instant.now()));
            insert.executeUpdate();
        } catch (SQLException e) {
            answer(exchange, 503, "{\"Code\":\"ServiceUnavailable\"}");
            return;
        }
        answer(exchange, 200, "{\"RequestId\":\"" + requestId + "\"}");
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json;charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
