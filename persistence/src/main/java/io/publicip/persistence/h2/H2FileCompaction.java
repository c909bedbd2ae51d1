package io.publicip.persistence.h2;

import io.micronaut.context.annotation.Requires;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.h2.engine.Session;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Does for an embedded H2 database the compaction that H2's own background thread would do, had
 * the URL not turned that thread off.
 *
 * <p>H2 never overwrites pages: every commit writes the pages it changed into a new chunk of the
 * file, and a chunk is freed only when none of its pages is live any more. A background thread
 * copies the few live pages of old, sparse chunks into a new one so that those can be freed. The
 * server's URL sets {@code WRITE_DELAY=0} (a commit reaches the file before it is acknowledged),
 * and in H2 that same setting stops the thread. Without it, every chunk that keeps one live page
 * stays for good: under sustained writes the file grows without bound, and the heap with it,
 * since H2 keeps every chunk's description in memory. This calls
 * the same rewrite on a schedule, then commits the copies at once so that no request's commit
 * carries them.
 *
 * <p>It stands aside for an in-memory database (no file), a database served by another process,
 * and a URL that leaves H2's thread on ({@code WRITE_DELAY} above 0). It reaches the store through
 * H2's internal classes, as of the release the build pins (2.3.232); H2FileCompactionTest fails
 * if another release moves them.
 */
@Singleton
@Requires(property = "datasources.default.url", pattern = "jdbc:h2:.*")
// publicip.h2.compaction.*: a condition and a schedule are read from their annotations, so their
// defaults (on unless "false"; every 125 ms) are written here only
@Requires(property = "publicip.h2.compaction.enabled", notEquals = "false")
public class H2FileCompaction {

    private static final Logger LOG = LoggerFactory.getLogger(H2FileCompaction.class);
    /** H2's default AUTO_COMPACT_FILL_RATE: rewrite while the chunks hold less than this share of live data. */
    static final int TARGET_FILL_RATE = 90;
    /**
     * Live bytes copied per pass at most. Commits wait while a pass copies, so a pass is kept small
     * (and passes frequent) to keep that wait short next to a request's own time.
     */
    static final int WRITE_LIMIT = 512 << 10;

    private final DataSource dataSource;
    private final AtomicLong rewritingPasses = new AtomicLong();
    private volatile MVStore store;
    private volatile boolean standingAside;
    /** The store's version when the last pass ended: while it stays so, nothing was committed since. */
    private volatile long versionAfterLastPass = -1;

    public H2FileCompaction(DataSource dataSource) {
        // a connection of the pool's own, outside any transaction of the application
        this.dataSource = DelegatingDataSource.unwrapDataSource(dataSource);
    }

    /** Passes that copied live pages out of sparse chunks, since start-up. */
    public long rewritingPassesSinceStart() {
        return rewritingPasses.get();
    }

    /** The database file's size in bytes; NaN until the first pass has found the store, or when standing aside. */
    public double fileBytes() {
        MVStore current = store;
        return current == null || current.isClosed() ? Double.NaN : current.getFileStore().size();
    }

    @Scheduled(fixedDelay = "${publicip.h2.compaction.interval:125ms}", initialDelay = "${publicip.h2.compaction.interval:125ms}")
    void scheduled() {
        if (standingAside) {
            return;
        }
        try {
            compactOnce();
        } catch (RuntimeException | SQLException e) {
            // a store closed under us (shutdown) or a busy pool: the next pass finds a fresh one
            store = null;
            LOG.debug("H2 compaction pass skipped: {}", e.toString());
        }
    }

    /** One pass; whether it copied any live pages. */
    public boolean compactOnce() throws SQLException {
        MVStore current = store();
        if (current == null) {
            return false;
        }
        // An idle database is left as it is. Each pass's own commit leaves the chunk before it
        // partly dead, sparse once H2's retention time is over, so without this check passes on an
        // idle database would keep making work for each other.
        if (current.getCurrentVersion() == versionAfterLastPass) {
            return false;
        }
        // H2's compact() gives up when it cannot take the store's lock within 10 ms, and with every
        // commit storing (WRITE_DELAY=0) the lock is rarely free that long under load. So take the
        // lock first, waiting in line with the commits; compact() takes it again.
        boolean[] rewrote = new boolean[1];
        current.executeFilestoreOperation(() -> rewrote[0] = current.compact(TARGET_FILL_RATE, WRITE_LIMIT));
        if (rewrote[0]) {
            current.commit();
            rewritingPasses.incrementAndGet();
        }
        versionAfterLastPass = current.getCurrentVersion();
        return rewrote[0];
    }

    private MVStore store() throws SQLException {
        MVStore current = store;
        if (current != null && !current.isClosed()) {
            return current;
        }
        try (Connection connection = dataSource.getConnection()) {
            Session session = connection.unwrap(JdbcConnection.class).getSession();
            if (!(session instanceof SessionLocal local)) {
                return standAside("the database is served by another process, which compacts it");
            }
            current = local.getDatabase().getStore().getMvStore();
        }
        if (current.getFileStore() == null) {
            return standAside("the database is in memory");
        }
        if (current.getAutoCommitDelay() > 0) {
            return standAside("H2's own background thread compacts it (WRITE_DELAY above 0)");
        }
        store = current;
        return current;
    }

    private MVStore standAside(String why) {
        standingAside = true;
        LOG.info("H2 file compaction not needed: {}", why);
        return null;
    }
}
