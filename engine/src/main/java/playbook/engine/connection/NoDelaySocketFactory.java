package playbook.engine.connection;

import javax.net.SocketFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;

/**
 * Sockets with TCP_NODELAY, as OpenSSH sets them. Without it, Nagle's algorithm holds each small
 * SSH packet of a command's request until the previous one is acknowledged, and with delayed ACKs
 * every command waits about 40 ms for nothing.
 */
final class NoDelaySocketFactory extends SocketFactory {
    private static Socket noDelay(Socket s) throws IOException {
        s.setTcpNoDelay(true);
        return s;
    }

    @Override public Socket createSocket() throws IOException { return noDelay(new Socket()); }

    @Override public Socket createSocket(String host, int port) throws IOException { return noDelay(new Socket(host, port)); }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return noDelay(new Socket(host, port, localHost, localPort));
    }

    @Override public Socket createSocket(InetAddress host, int port) throws IOException { return noDelay(new Socket(host, port)); }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return noDelay(new Socket(address, port, localAddress, localPort));
    }
}
