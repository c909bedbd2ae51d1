import java.sql.*;
import java.util.concurrent.atomic.*;
import java.util.concurrent.locks.*;

/**
 * 16 threads on one H2 file (WRITE_DELAY=0, as the server's): each transaction inserts a row in
 * a and its twin in b (each with a unique secondary index) and bumps one of 16 counter rows;
 * one in ten rolls back. With "serial", one transaction at a time. Killed from outside. The
 * padding makes each commit's write to the file longer, as the server's wider rows do.
 */
public class Writer {
    public static void main(String[] args) throws Exception {
        String url = "jdbc:h2:file:" + args[0] + "/db;LOCK_TIMEOUT=10000;WRITE_DELAY=0";
        boolean serialize = args.length > 1 && args[1].equals("serial");
        ReentrantLock lock = new ReentrantLock();
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS a (id BIGINT PRIMARY KEY, k VARCHAR(40) NOT NULL UNIQUE, g INT NOT NULL, pad VARCHAR(400))");
            s.execute("CREATE TABLE IF NOT EXISTS b (id BIGINT PRIMARY KEY, k VARCHAR(40) NOT NULL UNIQUE)");
            s.execute("CREATE TABLE IF NOT EXISTS cnt (g INT PRIMARY KEY, n BIGINT NOT NULL)");
            s.execute("MERGE INTO cnt KEY (g) SELECT X, 0 FROM SYSTEM_RANGE(0, 15)");
        }
        AtomicLong next = new AtomicLong(System.nanoTime() % 1_000_000_000L * 1000);
        for (int t = 0; t < 16; t++) {
            new Thread(() -> {
                try (Connection c = DriverManager.getConnection(url, "sa", "")) {
                    c.setAutoCommit(false);
                    PreparedStatement ia = c.prepareStatement("INSERT INTO a VALUES (?, ?, ?, REPEAT(?, 20))");
                    PreparedStatement ib = c.prepareStatement("INSERT INTO b VALUES (?, ?)");
                    PreparedStatement uc = c.prepareStatement("UPDATE cnt SET n = n + 1 WHERE g = ?");
                    while (true) {
                        if (serialize) lock.lock();
                        try {
                            long id = next.incrementAndGet();
                            int g = (int) (id % 16);
                            String key = "k-" + id;
                            ia.setLong(1, id); ia.setString(2, key); ia.setInt(3, g); ia.setString(4, key); ia.executeUpdate();
                            ib.setLong(1, id); ib.setString(2, key); ib.executeUpdate();
                            uc.setInt(1, g); uc.executeUpdate();
                            if (id % 10 == 3) { c.rollback(); } else { c.commit(); }
                        } finally {
                            if (serialize) lock.unlock();
                        }
                    }
                } catch (SQLException e) {
                    e.printStackTrace();
                }
            }).start();
        }
    }
}
