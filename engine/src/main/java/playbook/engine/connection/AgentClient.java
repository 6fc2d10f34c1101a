package playbook.engine.connection;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal ssh-agent client (draft-miller-ssh-agent) over a JDK 16+ unix socket: list
 * identities and sign with flags, so RSA keys sign with rsa-sha2-256/512. It replaces
 * jsch-agent-proxy, whose sign request has no flags and so always asks for ssh-rsa/SHA-1, which
 * OpenSSH 8.8+ refuses. Delete it once sshj ships its own agent support.
 */
final class AgentClient implements AutoCloseable {
    static final int RSA_SHA2_256 = 2;
    static final int RSA_SHA2_512 = 4;
    private static final byte REQUEST_IDENTITIES = 11;
    private static final byte IDENTITIES_ANSWER = 12;
    private static final byte SIGN_REQUEST = 13;
    private static final byte SIGN_RESPONSE = 14;

    private final SocketChannel channel;

    record Identity(byte[] blob, String type, String comment) {}

    private AgentClient(SocketChannel channel) {
        this.channel = channel;
    }

    static AgentClient open(Path socket) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        return new AgentClient(ch);
    }

    synchronized List<Identity> identities() throws IOException {
        ByteBuffer r = call(new byte[]{REQUEST_IDENTITIES});
        if (r.get() != IDENTITIES_ANSWER) throw new IOException("ssh-agent refused to list its keys");
        int n = r.getInt();
        List<Identity> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] blob = string(r);
            String comment = new String(string(r), StandardCharsets.UTF_8);
            out.add(new Identity(blob, new String(string(ByteBuffer.wrap(blob)), StandardCharsets.US_ASCII), comment));
        }
        return out;
    }

    /** Returns the signature blob ({@code string alg, string sig}) as the agent sends it. */
    synchronized byte[] sign(byte[] keyBlob, byte[] data, int flags) throws IOException {
        ByteBuffer req = ByteBuffer.allocate(1 + 4 + keyBlob.length + 4 + data.length + 4);
        req.put(SIGN_REQUEST).putInt(keyBlob.length).put(keyBlob).putInt(data.length).put(data).putInt(flags);
        ByteBuffer r = call(req.array());
        if (r.get() != SIGN_RESPONSE) throw new IOException("ssh-agent refused to sign (is the key still loaded, or does it need confirmation?)");
        return string(r);
    }

    private ByteBuffer call(byte[] payload) throws IOException {
        ByteBuffer out = ByteBuffer.allocate(4 + payload.length).putInt(payload.length).put(payload).flip();
        while (out.hasRemaining()) channel.write(out);
        ByteBuffer len = ByteBuffer.allocate(4);
        readFully(len);
        int n = len.flip().getInt();
        if (n <= 0 || n > 256 * 1024) throw new IOException("bad ssh-agent reply length " + n);
        ByteBuffer body = ByteBuffer.allocate(n);
        readFully(body);
        return body.flip();
    }

    private void readFully(ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            if (channel.read(b) < 0) throw new IOException("ssh-agent closed the connection");
        }
    }

    private static byte[] string(ByteBuffer b) {
        byte[] s = new byte[b.getInt()];
        b.get(s);
        return s;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }
}
