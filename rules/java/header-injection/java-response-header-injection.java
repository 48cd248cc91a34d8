import java.io.*;
import javax.servlet.http.*;

public class Handler extends HttpServlet {

     protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
         String name = request.getParameter("name");
         // ruleid: java-response-header-injection
         response.setHeader("Content-Disposition", "attachment; filename=" + name);
         // ruleid: java-response-header-injection
         response.addHeader("X-Trace", request.getHeader("X-Trace"));
         // ok: java-response-header-injection
         response.setHeader("Content-Disposition", "attachment; filename=" + java.net.URLEncoder.encode(name, "UTF-8"));
         // ok: java-response-header-injection
         response.setHeader("Cache-Control", "no-store");
     }
 }
