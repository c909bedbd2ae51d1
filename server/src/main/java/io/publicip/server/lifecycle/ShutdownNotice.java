package io.publicip.server.lifecycle;

import io.micronaut.context.ApplicationContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

import java.time.Duration;

/**
 * SIGTERM first starts a notice period (publicip.shutdown.notice-period): the ports stay open,
 * every new request is answered ServiceUnavailable and readiness is down, so that load balancers
 * stop sending while clients still get an answer they can retry elsewhere. Then the JVM exits,
 * and Micronaut's graceful shutdown closes the ports, lets requests in flight finish and closes
 * the pool. A second SIGTERM ends the notice at once. SIGINT (Ctrl-C) skips it.
 */
public final class ShutdownNotice {

    private static final Logger LOG = LoggerFactory.getLogger("publicip.shutdown");
    /** What the JVM's own SIGTERM handling exits with. */
    private static final int SIGTERM_STATUS = 143;

    private ShutdownNotice() {
    }

    public static void install(ApplicationContext context) {
        Duration notice = context.getBean(ShutdownSettings.class).noticePeriod();
        if (notice.isZero() || notice.isNegative()) {
            return; // the JVM's own handling: straight to the graceful shutdown
        }
        Draining draining = context.getBean(Draining.class);
        Signal.handle(new Signal("TERM"), signal -> {
            if (draining.isDraining()) {
                exit();
                return;
            }
            draining.startNotice();
            LOG.info("publicip got SIGTERM: new requests are answered ServiceUnavailable for {} ms, then it shuts down", notice.toMillis());
            Thread countdown = new Thread(() -> {
                try {
                    Thread.sleep(notice.toMillis());
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
                exit();
            }, "shutdown-notice");
            countdown.setDaemon(true);
            countdown.start();
        });
    }

    private static void exit() {
        // System.exit blocks until the shutdown hooks (Micronaut's graceful stop) are done; not on the signal thread
        new Thread(() -> System.exit(SIGTERM_STATUS), "shutdown").start();
    }
}
