import java.io.*;
import javax.servlet.http.*;

public class Handler extends HttpServlet {

     private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Handler.class);

     protected void doPost(HttpServletRequest request, HttpServletResponse response) {
         String user = request.getParameter("user");
         // ruleid: java-log-injection
         log.info("login attempt for " + user);
         // ruleid: java-log-injection
         log.warn("bad password for {}", request.getHeader("X-User"));
         // ok: java-log-injection
         log.info("login attempt for " + user.replaceAll("[\r\n]", "_"));
         // ok: java-log-injection
         log.info("login attempt");
     }
 
 class Portal {
     enum Channel { WEB, MOBILE }

     private static final org.slf4j.Logger l = org.slf4j.LoggerFactory.getLogger(Portal.class);
     private final java.util.logging.Logger trail = java.util.logging.Logger.getLogger("portal");

     void signIn(HttpServletRequest request, java.net.http.HttpResponse<String> upstream) {
         String next = request.getParameter("next");
         // ruleid: java-log-injection
         l.debug("post-login target {}", next);
         // ruleid: java-log-injection
         trail.log(java.util.logging.Level.INFO, "target {0}", next);
         // ruleid: java-log-injection
         trail.info("target " + String.valueOf(next));
         // ok: java-log-injection
         l.info("channel {}", Channel.valueOf(request.getParameter("channel")));
         // ok: java-log-injection
         l.info("target length {}", next.length());
         // ok: java-log-injection
         trail.info("upstream answered " + upstream.statusCode());
     }

     void upload(HttpServletRequest request) throws IOException {
         byte[] raw = new byte[4096];
         int n = request.getInputStream().read(raw);
         // ok: java-log-injection
         l.info("upload of {} bytes, buffer {}", n, raw.length);
         // ruleid: java-log-injection
         l.info("upload starts with " + new String(raw, 0, 16));
     }
 }
