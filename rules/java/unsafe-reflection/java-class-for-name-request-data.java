import java.io.*;
import javax.servlet.http.*;

public class Handler extends HttpServlet {

     private static final java.util.Map<String, String> HANDLERS = java.util.Map.of("csv", "app.CsvExporter");

     protected void doGet(HttpServletRequest request, HttpServletResponse response) throws Exception {
         String type = request.getParameter("type");
         // ruleid: java-class-for-name-request-data
         Class<?> exporter = Class.forName("app." + type);
         // ruleid: java-class-for-name-request-data
         java.lang.reflect.Method action = exporter.getMethod(request.getParameter("action"));
         // ok: java-class-for-name-request-data
         Class<?> safe = Class.forName(HANDLERS.get(type));
         // ok: java-class-for-name-request-data
         Class<?> fixed = Class.forName("app.CsvExporter");
     }
 }
