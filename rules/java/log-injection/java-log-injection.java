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
 }
