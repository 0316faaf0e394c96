package dev.marketplace.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Forwards a loopback port to a target port; {@link #stop()} refuses new connections and cuts open ones. */
public final class TcpProxy {
    private final int target;
    private final int port;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile ServerSocket server;
    private volatile boolean up;

    public TcpProxy(int target) throws IOException {
        this.target = target;
        start(0);
        this.port = server.getLocalPort();
    }

    public int port() {
        return port;
    }

    /**
     * Redis is back. The listening socket stays bound for the whole test (re-binding a port after closing it can
     * fail on a busy machine: the OS may have handed it out as an ephemeral port meanwhile); "down" means every
     * connection is cut and new ones are closed as soon as they are accepted.
     */
    public void start() {
        up = true;
    }

    private void start(int onPort) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort));
        server = socket;
        up = true;
        Thread.ofVirtual().start(() -> accept(socket));
    }

    private void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                if (!up) {
                    closeQuietly(client);
                    continue;
                }
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                open.add(client);
                open.add(upstream);
                Thread.ofVirtual().start(() -> pipe(client, upstream));
                Thread.ofVirtual().start(() -> pipe(upstream, client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private static void pipe(Socket from, Socket to) {
        try (InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            // cut
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    /** Redis is gone: every connection through the proxy is cut and new ones are refused (closed at once). */
    public void stop() {
        up = false;
        open.forEach(TcpProxy::closeQuietly);
        open.clear();
    }

    public void close() {
        stop();
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
