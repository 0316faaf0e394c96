package dev.marketplace.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A plain TCP connection to the server for clients no HTTP library would imitate: slow readers (a small receive
 * buffer, reading a few bytes at a time), slow or unfinished request headers and bodies, idle keep-alive.
 */
public final class RawHttpSocket implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;

    private RawHttpSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
    }

    /** Connects; {@code receiveBuffer} > 0 shrinks the socket's receive buffer (set before connecting, as TCP needs). */
    public static RawHttpSocket open(int port, int receiveBuffer) {
        try {
            Socket socket = new Socket();
            if (receiveBuffer > 0) {
                socket.setReceiveBufferSize(receiveBuffer);
            }
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            return new RawHttpSocket(socket);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public RawHttpSocket send(String text) {
        try {
            socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads up to the end of the response head (CRLF CRLF) and returns it; fails if the server closes first. */
    public String readHead(int timeoutMillis) {
        try {
            socket.setSoTimeout(timeoutMillis);
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int last4 = 0;
            while (last4 != 0x0d0a0d0a) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("closed before the end of the response head: "
                            + head.toString(StandardCharsets.ISO_8859_1));
                }
                head.write(b);
                last4 = (last4 << 8) | b;
            }
            return head.toString(StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads up to {@code max} bytes; -1 when the server has closed the connection. */
    public int read(byte[] buffer, int max, int timeoutMillis) throws IOException {
        socket.setSoTimeout(timeoutMillis);
        return in.read(buffer, 0, max);
    }

    /**
     * Waits up to {@code timeoutMillis} for the server to close the connection, discarding anything it sends;
     * true if it closed (end of stream or reset), false if it was still open at the deadline.
     */
    public boolean awaitClose(long timeoutMillis) {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        byte[] sink = new byte[8192];
        try {
            while (true) {
                // Past the deadline, still drain what is already there: a close behind leftover bytes counts.
                long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
                socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
                try {
                    if (in.read(sink) < 0) {
                        return true;
                    }
                } catch (SocketTimeoutException e) {
                    return false;
                }
            }
        } catch (IOException e) {
            return true; // reset by the server
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
