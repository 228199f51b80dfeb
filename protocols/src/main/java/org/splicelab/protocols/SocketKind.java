package org.splicelab.protocols;

/**
 * What a connected socket pair is: an AF_UNIX stream pair, a loopback TCP connection, or two AF_INET
 * datagram sockets on 127.0.0.1 bound and connected to each other (UDP).
 */
public enum SocketKind {
    /** {@code socketpair(AF_UNIX, SOCK_STREAM)}: one skb per send; SPLICE_F_NONBLOCK is honoured. */
    UNIX("unix"),
    /** A loopback TCP connection: small sends are appended; only the socket's O_NONBLOCK counts. */
    TCP("tcp"),
    /**
     * Two connected UDP sockets: every send is one datagram; a read or splice takes one datagram and
     * drops what does not fit; splice to a pipe goes through {@code copy_splice_read} (fresh pages).
     */
    UDP("udp");

    /** The largest UDP payload over IPv4: 65535 - 20 (IP header) - 8 (UDP header). */
    public static final int MAX_DATAGRAM = 65507;

    private final String id;

    SocketKind(final String id) {
        this.id = id;
    }

    /** The name litmus and scenario files use. */
    public String id() {
        return id;
    }

    /** The kind named {@code id}, or null. */
    public static SocketKind byId(final String id) {
        for (final SocketKind k : values()) {
            if (k.id.equals(id)) {
                return k;
            }
        }
        return null;
    }
}
