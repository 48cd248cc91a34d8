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
         String plain = name.replaceAll("[^A-Za-z0-9._-]", "_");
         // ok: java-response-header-injection
         response.setHeader("Content-Disposition", "attachment; filename=\"" + plain + "\"");
         // ok: java-response-header-injection
         response.addHeader("X-Note", request.getParameter("note").replaceAll("[\\r\\n]+", " "));
         String shorter = name.replaceAll("\\.\\./", "");
         // ruleid: java-response-header-injection
         response.setHeader("X-File", shorter);
     }

     protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
         java.net.URI here = java.net.URI.create(request.getRequestURL().toString());
         java.net.URI moved = here.resolve(request.getParameter("to"));
         response.setStatus(307);
         // ok: java-response-header-injection
         response.setHeader("Location", moved.toASCIIString());
         // ok: java-response-header-injection
         response.setHeader("Content-Location", moved.toString());
         // ruleid: java-response-header-injection
         response.setHeader("X-Requested", request.getParameter("to"));
     }
 }
