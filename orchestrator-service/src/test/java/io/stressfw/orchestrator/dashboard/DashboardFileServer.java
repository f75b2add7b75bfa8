package io.stressfw.orchestrator.dashboard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Serves the dashboard's static files from the classpath, as the orchestrator does, plus one empty page, so a browser
 * test can import the page's ES modules (a file:// page may not) without starting the orchestrator or a broker.
 */
final class DashboardFileServer implements AutoCloseable {

    /** A page with no script of its own; its icon is inline so the browser asks for no /favicon.ico. */
    static final String EMPTY_PAGE = "/empty.html";
    private static final String EMPTY_PAGE_HTML = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            + "<link rel=\"icon\" href=\"data:,\"><title>dashboard modules</title></head><body></body></html>";
    private static final String STATIC_ROOT = "META-INF/resources";
    private static final Map<String, String> CONTENT_TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8");

    private final HttpServer server;

    private DashboardFileServer(HttpServer server) {
        this.server = server;
    }

    static DashboardFileServer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", DashboardFileServer::serve);
            server.start();
            return new DashboardFileServer(server);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private static void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            byte[] body = EMPTY_PAGE.equals(path) ? EMPTY_PAGE_HTML.getBytes(StandardCharsets.UTF_8) : resource(path);
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            String extension = path.substring(path.lastIndexOf('.') + 1);
            exchange.getResponseHeaders().set("Content-Type",
                    CONTENT_TYPES.getOrDefault(extension, "application/octet-stream"));
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static byte[] resource(String path) throws IOException {
        if (path.contains("..")) {
            return null;
        }
        try (InputStream in = DashboardFileServer.class.getClassLoader().getResourceAsStream(STATIC_ROOT + path)) {
            return in == null ? null : in.readAllBytes();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
