package dev.homebase.sdk;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A tiny Engine.IO v4 / Socket.IO peer for realtime tests: a real WebSocket server (RFC 6455
 * handshake and framing, text frames only) on a local port that opens Engine.IO, answers the
 * Socket.IO CONNECT (or refuses it) and records every text frame the client sends. Tests drive
 * everything else (pings, events, drops) by hand.
 */
final class EngineIoPeer implements AutoCloseable {
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private final ServerSocket server;
    private final BlockingQueue<Conn> accepted = new LinkedBlockingQueue<>();
    private final List<Conn> all = new CopyOnWriteArrayList<>();
    volatile String refusal;
    volatile long pingInterval = 25_000;
    volatile long pingTimeout = 20_000;
    /** When set, a join with an ack id ({@code 42<id>["join",room]}) is answered {@code 43<id>[ackAnswer]}. */
    volatile String ackAnswer;
    /** When set, every connection gets a ping each ping interval, as from a real server; pongs are not recorded. */
    volatile boolean autoPing;

    EngineIoPeer() throws IOException {
        this(0);
    }

    EngineIoPeer(int port) throws IOException {
        server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        Thread t = new Thread(this::acceptLoop, "engine-io-peer-accept");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return server.getLocalPort();
    }

    String url() {
        return "http://127.0.0.1:" + port();
    }

    /** The next connection the client opened, or null after the timeout. */
    Conn nextConnection(long millis) throws InterruptedException {
        return accepted.poll(millis, TimeUnit.MILLISECONDS);
    }

    Conn nextConnection() throws InterruptedException {
        Conn c = nextConnection(10_000);
        if (c == null) {
            throw new AssertionError("the client did not connect");
        }
        return c;
    }

    @Override
    public void close() throws IOException {
        server.close();
        all.forEach(Conn::drop);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Conn c = new Conn(s);
                all.add(c);
                Thread t = new Thread(c::run, "engine-io-peer-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    /** One WebSocket connection from the client. */
    final class Conn {
        private final Socket socket;
        private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
        private final CountDownLatch closed = new CountDownLatch(1);
        volatile String target;
        volatile boolean closeFrameReceived;

        Conn(Socket socket) {
            this.socket = socket;
        }

        /** The next text frame the client sent, or null after the timeout. */
        String poll(long millis) throws InterruptedException {
            return received.poll(millis, TimeUnit.MILLISECONDS);
        }

        /** The next text frame, failing after 10 s. */
        String next() throws InterruptedException {
            String s = poll(10_000);
            if (s == null) {
                throw new AssertionError("no frame from the client");
            }
            return s;
        }

        /** Waits until the connection ended; true when it did within the timeout. */
        boolean awaitClosed(long millis) throws InterruptedException {
            return closed.await(millis, TimeUnit.MILLISECONDS);
        }

        synchronized void send(String text) {
            try {
                byte[] payload = text.getBytes(StandardCharsets.UTF_8);
                OutputStream out = socket.getOutputStream();
                out.write(0x81);
                if (payload.length < 126) {
                    out.write(payload.length);
                } else if (payload.length < 65_536) {
                    out.write(126);
                    out.write(payload.length >>> 8);
                    out.write(payload.length & 0xff);
                } else {
                    out.write(127);
                    for (int i = 7; i >= 0; i--) {
                        out.write((int) ((long) payload.length >>> (8 * i)) & 0xff);
                    }
                }
                out.write(payload);
                out.flush();
            } catch (IOException e) {
                drop();
            }
        }

        /** Closes the TCP connection without a close frame (a crash or network loss). */
        void drop() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing
            }
            closed.countDown();
        }

        private void run() {
            try {
                handshake();
                if (autoPing) {
                    Thread pinger = new Thread(() -> {
                        try {
                            while (!socket.isClosed()) {
                                Thread.sleep(pingInterval);
                                send("2");
                            }
                        } catch (InterruptedException stop) {
                            // test over
                        }
                    }, "engine-io-peer-ping");
                    pinger.setDaemon(true);
                    pinger.start();
                }
                send("0{\"sid\":\"eio-" + System.nanoTime() + "\",\"upgrades\":[],\"pingInterval\":" + pingInterval
                        + ",\"pingTimeout\":" + pingTimeout + ",\"maxPayload\":1000000}");
                DataInputStream in = new DataInputStream(socket.getInputStream());
                ByteArrayOutputStream message = new ByteArrayOutputStream();
                while (true) {
                    int b0 = in.readUnsignedByte();
                    int b1 = in.readUnsignedByte();
                    long len = b1 & 0x7f;
                    if (len == 126) {
                        len = in.readUnsignedShort();
                    } else if (len == 127) {
                        len = in.readLong();
                    }
                    byte[] mask = new byte[4];
                    if ((b1 & 0x80) != 0) {
                        in.readFully(mask);
                    }
                    byte[] payload = new byte[(int) len];
                    in.readFully(payload);
                    for (int i = 0; i < payload.length; i++) {
                        payload[i] ^= mask[i % 4];
                    }
                    int opcode = b0 & 0x0f;
                    if (opcode == 8) {
                        closeFrameReceived = true;
                        synchronized (this) {
                            OutputStream out = socket.getOutputStream();
                            out.write(new byte[] {(byte) 0x88, 0});
                            out.flush();
                        }
                        break;
                    }
                    if (opcode == 9) {
                        continue; // the JDK client does not ping; ignore
                    }
                    message.write(payload);
                    if ((b0 & 0x80) != 0) {
                        String text = message.toString(StandardCharsets.UTF_8);
                        message.reset();
                        onText(text);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // connection ended
            } finally {
                drop();
            }
        }

        private void onText(String text) {
            if (autoPing && "3".equals(text)) {
                return;
            }
            received.add(text);
            java.util.regex.Matcher ackedJoin = java.util.regex.Pattern.compile("^42(\\d+)\\[\"join\",").matcher(text);
            String answer = ackAnswer;
            if (answer != null && ackedJoin.find()) {
                send("43" + ackedJoin.group(1) + "[" + answer + "]");
            }
            if (text.startsWith("40")) {
                String refused = refusal;
                send(refused == null ? "40{\"sid\":\"sock-" + System.nanoTime() + "\"}"
                        : "44{\"message\":\"" + refused + "\"}");
            }
        }

        private void handshake() throws IOException {
            InputStream in = socket.getInputStream();
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int c = in.read();
                if (c < 0) {
                    throw new IOException("closed during the handshake");
                }
                head.append((char) c);
            }
            String[] lines = head.toString().split("\r\n");
            target = lines[0].split(" ")[1];
            String key = null;
            for (String line : lines) {
                if (line.toLowerCase(java.util.Locale.ROOT).startsWith("sec-websocket-key:")) {
                    key = line.substring(line.indexOf(':') + 1).trim();
                }
            }
            String accept;
            try {
                accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                        .digest((key + GUID).getBytes(StandardCharsets.US_ASCII)));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            synchronized (this) {
                OutputStream out = socket.getOutputStream();
                out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
            accepted.add(this);
        }
    }
}
