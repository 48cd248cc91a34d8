package com.example.tools;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

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
