import java.net.InetSocketAddress;

public class Server {
    void start(java.nio.channels.ServerSocketChannel channel) throws Exception {
        // ruleid: java-bind-all-interfaces
        channel.bind(new InetSocketAddress("0.0.0.0", 8080));
        // ok: java-bind-all-interfaces
        channel.bind(new InetSocketAddress("127.0.0.1", 8080));
    }
}
