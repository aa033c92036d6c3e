package io.llmgw.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;

/**
 * A TCP forwarder between a client and the test API server that can be cut and restored: an API server outage as
 * a client sees it (open connections reset, new ones refused), without stopping the API server the rest of the
 * suite shares. TLS passes through untouched, so the client still verifies the API server's certificate.
 */
public final class ApiServerLink implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ApiServerLink.class);

    private final InetSocketAddress upstream;
    private final int port;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private ServerSocket listener;

    private ApiServerLink(InetSocketAddress upstream) {
        this.upstream = upstream;
        this.listener = listen(0);
        this.port = listener.getLocalPort();
        accept(listener);
    }

    /** A link to the API server at {@code masterUrl}, listening on a free loopback port. */
    public static ApiServerLink to(String masterUrl) {
        URI uri = URI.create(masterUrl);
        return new ApiServerLink(new InetSocketAddress(uri.getHost(), uri.getPort()));
    }

    /** The URL a client uses instead of the API server's own (same scheme and host, so the certificate matches). */
    public String url() {
        return "https://127.0.0.1:" + port;
    }

    /** Resets every open connection and refuses new ones. */
    public synchronized void cut() {
        closeQuietly(listener);
        listener = null;
        open.forEach(ApiServerLink::closeQuietly);
        open.clear();
        LOG.infof("API server link %d cut", port);
    }

    /** Accepts connections again, on the same port. */
    public synchronized void restore() {
        if (listener == null) {
            listener = listen(port);
            accept(listener);
            LOG.infof("API server link %d restored", port);
        }
    }

    @Override
    public void close() {
        cut();
    }

    private static ServerSocket listen(int port) {
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return socket;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port, e);
        }
    }

    private void accept(ServerSocket socket) {
        Thread acceptor = new Thread(() -> {
            while (!socket.isClosed()) {
                try {
                    Socket client = socket.accept();
                    Socket server = new Socket(upstream.getAddress(), upstream.getPort());
                    open.add(client);
                    open.add(server);
                    pump(client, server);
                    pump(server, client);
                } catch (IOException e) {
                    // the listener was closed by cut(), or the API server refused: the client sees a reset
                }
            }
        }, "api-server-link-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void pump(Socket from, Socket to) {
        Thread pump = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                // reset by cut() or by either end
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        }, "api-server-link-pump");
        pump.setDaemon(true);
        pump.start();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception ignored) {
            // already closed
        }
    }
}
