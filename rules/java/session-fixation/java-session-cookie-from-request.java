import java.io.*;
import javax.servlet.http.*;

public class Handler extends HttpServlet {

     protected void doPost(HttpServletRequest request, HttpServletResponse response) {
         // ruleid: java-session-cookie-from-request
         Cookie session = new Cookie("JSESSIONID", request.getParameter("sid"));
         // ok: java-session-cookie-from-request
         Cookie fresh = new Cookie("JSESSIONID", java.util.UUID.randomUUID().toString());
         // ok: java-session-cookie-from-request
         Cookie theme = new Cookie("theme", request.getParameter("theme"));
     }
 }
