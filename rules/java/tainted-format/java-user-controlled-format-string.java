import java.io.*;
import javax.servlet.http.*;

public class Handler extends HttpServlet {

     protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
         // ruleid: java-user-controlled-format-string
         String text = String.format(request.getParameter("template"), "user");
         // ok: java-user-controlled-format-string
         String safe = String.format("Hello %s", request.getParameter("name"));
         response.getWriter().printf("%s", safe);
     }
 }
