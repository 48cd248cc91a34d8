package com.example.tools;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import javax.ws.rs.BeanParam;
import javax.ws.rs.FormParam;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import static org.springframework.web.reactive.function.server.RequestPredicates.GET;
import static org.springframework.web.reactive.function.server.RouterFunctions.route;

public class DiagnosticsServlet extends HttpServlet {
    private static final Map<String, String> TOOLS = Map.of("disk", "df", "uptime", "uptime");
    private static final boolean ALLOW_RAW = false;

    private String target(HttpServletRequest request) {
        String host = request.getParameter("host");
        return host == null ? "localhost" : host.trim();
    }

    private Process ping(String host) throws IOException {
        // ruleid: java-command-injection
        return Runtime.getRuntime().exec("ping -c 1 " + host);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ping(target(request));
        // ok: java-command-injection
        ping("127.0.0.1");

        String[] shell = {"/bin/sh", "-c", "nslookup " + request.getHeader("X-Lookup")};
        // ruleid: java-command-injection
        Runtime.getRuntime().exec(shell);

        Runtime runtime = Runtime.getRuntime();
        int count = Integer.parseInt(request.getParameter("count"));
        // ok: java-command-injection
        runtime.exec(new String[] {"ping", "-c", String.valueOf(count), "localhost"});

        String tool = "uptime";
        if (ALLOW_RAW) {
            tool = request.getParameter("tool");
        }
        // ok: java-command-injection
        runtime.exec(tool);
    }
}

class NeutralNamesServlet extends HttpServlet {
    private final Runtime host = Runtime.getRuntime();

    @Override
    protected void doPost(HttpServletRequest in, HttpServletResponse out) throws IOException {
        String v = in.getParameter("v");
        Runtime r = Runtime.getRuntime();
        // ruleid: java-command-injection
        r.exec("grep " + v + " /var/log/app.log");
        // ruleid: java-command-injection
        this.host.exec(v);
        ProcessBuilder p = new ProcessBuilder();
        // ruleid: java-command-injection
        p.command(v);
        // ok: java-command-injection
        r.exec("uptime");
        // ok: java-command-injection
        new Scheduler().exec(v);
    }

    static class Scheduler {
        void exec(String job) {}
    }
}

class GuardedServlet extends HttpServlet {
    private static final java.util.Set<String> TOOLS = java.util.Set.of("df", "uptime");

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String tool = request.getParameter("tool");
        if (!TOOLS.contains(tool)) {
            response.sendError(400);
            return;
        }
        // ok: java-command-injection
        Runtime.getRuntime().exec(tool);
        String host = request.getParameter("host");
        if (!host.matches("[a-z0-9-]+")) {
            throw new IllegalArgumentException("bad host");
        }
        // ok: java-command-injection
        Runtime.getRuntime().exec("ping -c 1 " + host);
        String any = request.getParameter("any");
        if (!any.matches(".+")) {
            return;
        }
        // ruleid: java-command-injection
        Runtime.getRuntime().exec("ping -c 1 " + any);
    }
}

@RestController
class ConvertController {
    @PostMapping("/convert")
    public String convert(@RequestParam("format") String format, @RequestBody ConvertJob job) throws IOException {
        List<String> command = new ArrayList<>();
        command.add("convert");
        command.add(job.getSource());
        command.add("out." + format);
        // ruleid: java-command-injection
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.start();

        ProcessBuilder pb = new ProcessBuilder();
        // ruleid: java-command-injection
        pb.command("bash", "-c", "tar czf /tmp/export.tgz " + job.getSource());
        pb.start();

        // ok: java-command-injection
        new ProcessBuilder("convert", "--version").inheritIO().start();
        // ok: java-command-injection
        new ProcessBuilder(List.of("df", "-h")).start();
        // ok: java-command-injection
        new ProcessBuilder("convert", job.getSource(), "out.png").start();
        // ruleid: java-command-injection
        new ProcessBuilder(job.getSource(), "--version").start();
        // ruleid: java-command-injection
        new ProcessBuilder("cmd.exe", "/c", "type " + job.getSource()).start();
        return "queued";
    }

    static class ConvertJob {
        private String source;

        String getSource() {
            return source;
        }
    }
}

@Path("/tools")
class ToolResource {
    @POST
    @Path("/ping/{host}/{count}")
    public String pingHost(@PathParam("host") String host, @PathParam("count") int count) throws IOException {
        // ruleid: java-command-injection
        Runtime.getRuntime().exec("ping -c 1 " + host);
        // ok: java-command-injection
        Runtime.getRuntime().exec("ping -c " + count + " localhost");
        return "sent";
    }

    @POST
    @Path("/archive")
    public String archive(@FormParam("name") String name, @BeanParam ArchiveOptions options) throws IOException {
        // ruleid: java-command-injection
        new ProcessBuilder("sh", "-c", "tar czf /tmp/" + name + ".tgz /data").start();
        // ruleid: java-command-injection
        new ProcessBuilder("bash", "-c", "gzip " + options.directory).start();
        // ok: java-command-injection
        new ProcessBuilder("tar", "czf", "/tmp/" + name + ".tgz", "/data").start();
        return "archived";
    }

    static class ArchiveOptions {
        @javax.ws.rs.QueryParam("dir")
        String directory;
    }
}

@io.micronaut.http.annotation.Controller("/convert")
class MicronautConvertController {
    @Post
    public String convert(@Body ConvertRequest body, @QueryValue int quality) throws IOException {
        // ruleid: java-command-injection
        Runtime.getRuntime().exec("convert " + body.file + " out.png");
        // ok: java-command-injection
        Runtime.getRuntime().exec("convert -quality " + quality + " in.png out.png");
        return "done";
    }

    static class ConvertRequest {
        String file;
    }
}

class LookupRoutes {
    RouterFunction<ServerResponse> routes() {
        return route(GET("/lookup"), req -> {
            String host = req.queryParam("host").orElse("localhost");
            try {
                // ruleid: java-command-injection
                Runtime.getRuntime().exec("nslookup " + host);
                // ok: java-command-injection
                Runtime.getRuntime().exec("nslookup localhost");
            } catch (IOException e) {
                return ServerResponse.status(500).build();
            }
            return ServerResponse.ok().build();
        });
    }

    Mono<ServerResponse> resize(ServerRequest request) {
        return request.bodyToMono(ResizeJob.class).flatMap(job -> {
            try {
                // ruleid: java-command-injection
                new ProcessBuilder("bash", "-c", "convert -resize " + job.size + " in.png out.png").start();
                // ok: java-command-injection
                new ProcessBuilder("convert", "-resize", job.size, "in.png", "out.png").start();
            } catch (IOException e) {
                return ServerResponse.status(500).build();
            }
            return ServerResponse.accepted().build();
        });
    }

    static class ResizeJob {
        String size;
    }
}
