package io.publicip.server.http;

import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.netty.channel.ChannelPipelineCustomizer;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A client has {@code publicip.http.request-header-timeout} from the first byte of a request to
 * its last header line; past it, the answer is {@code 408 Request Timeout} and the connection is
 * closed. The idle timeout ({@code publicip.http.idle-timeout}) cannot do this: a client sending
 * one byte a second is never idle, and a few thousand of them would hold connections (and their
 * buffers) for as long as they like. Requests being served, and idle keep-alive connections
 * between requests, are not timed here. On every port (the API's and the operator's), HTTP/1.1.
 */
@Singleton
class RequestHeadTimeout implements BeanCreatedEventListener<NettyServerCustomizer.Registry>, NettyServerCustomizer {

    private static final Logger LOG = LoggerFactory.getLogger(RequestHeadTimeout.class);
    private static final String BYTES = "publicip-request-head-started";
    private static final String DECODED = "publicip-request-head-decoded";
    private static final byte[] REQUEST_TIMEOUT = ("HTTP/1.1 408 Request Timeout\r\n"
            + "Connection: close\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII);

    private final long timeoutMillis;

    RequestHeadTimeout(HttpSettings settings) {
        Duration timeout = settings.requestHeaderTimeout();
        this.timeoutMillis = timeout.toMillis();
    }

    @Override
    public NettyServerCustomizer.Registry onCreated(BeanCreatedEvent<NettyServerCustomizer.Registry> event) {
        if (timeoutMillis > 0) {
            event.getBean().register(this);
        }
        return event.getBean();
    }

    @Override
    public NettyServerCustomizer specializeForChannel(Channel channel, ChannelRole role) {
        return role == ChannelRole.CONNECTION ? new OnConnection(channel) : this;
    }

    private final class OnConnection implements NettyServerCustomizer {

        private final Channel channel;

        OnConnection(Channel channel) {
            this.channel = channel;
        }

        @Override
        public void onStreamPipelineBuilt() {
            ChannelPipeline pipeline = channel.pipeline();
            if (pipeline.get(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC) == null || pipeline.get(BYTES) != null) {
                return; // not HTTP/1 (no such server here), or already in place
            }
            Clock clock = new Clock();
            pipeline.addBefore(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC, BYTES, clock.bytes);
            pipeline.addAfter(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC, DECODED, clock.decoded);
        }
    }

    /**
     * One connection's clock: started by the bytes that begin a request (before the codec),
     * stopped when the codec has decoded its head (after it). Between the head and the end of
     * the response the connection is serving a request, and bytes arriving then (the body, a
     * pipelined request) start nothing. All on the connection's event loop.
     */
    private final class Clock {

        private ScheduledFuture<?> timer;
        /** Requests whose head is decoded and whose response is not yet complete (pipelining makes it more than one). */
        private int serving;

        final ChannelInboundHandlerAdapter bytes = new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
                if (serving == 0 && timer == null && msg instanceof ByteBuf buf && buf.isReadable()) {
                    timer = ctx.executor().schedule(() -> expire(ctx), timeoutMillis, TimeUnit.MILLISECONDS);
                }
                super.channelRead(ctx, msg);
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) throws Exception {
                stop();
                super.channelInactive(ctx);
            }
        };

        final ChannelDuplexHandler decoded = new ChannelDuplexHandler() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
                if (msg instanceof HttpRequest) {
                    stop();
                    serving++;
                }
                super.channelRead(ctx, msg);
            }

            @Override
            public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
                boolean informational = msg instanceof HttpResponse response && response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
                if (msg instanceof LastHttpContent && !informational && serving > 0) {
                    serving--; // a response is complete: with none left, the next bytes begin a request
                }
                super.write(ctx, msg, promise);
            }
        };

        private void stop() {
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
        }

        private void expire(ChannelHandlerContext ctx) {
            timer = null;
            if (serving > 0 || !ctx.channel().isActive()) {
                return;
            }
            LOG.debug("{}: no complete request head within {} ms, closing with 408", ctx.channel().remoteAddress(), timeoutMillis);
            // written from before the codec: raw bytes, whatever state the decoder is in
            ctx.writeAndFlush(Unpooled.wrappedBuffer(REQUEST_TIMEOUT)).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
