import java.io.*;
import javax.servlet.http.*;

public class Handler extends HttpServlet {

     private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Handler.class);

     protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
         try {
             process(request);
         } catch (Exception e) {
             // ruleid: java-stack-trace-exposure
             e.printStackTrace(response.getWriter());
             // ok: java-stack-trace-exposure
             e.printStackTrace();
             java.io.StringWriter text = new java.io.StringWriter();
             // ok: java-stack-trace-exposure
             e.printStackTrace(new java.io.PrintWriter(text));
             // ruleid: java-stack-trace-exposure
             e.printStackTrace(new java.io.PrintStream(response.getOutputStream()));
             PrintWriter out = response.getWriter();
             // ruleid: java-stack-trace-exposure
             e.printStackTrace(out);
             PrintWriter held = new PrintWriter(text);
             // ok: java-stack-trace-exposure
             e.printStackTrace(held);
             // ok: java-stack-trace-exposure
             log.error("processing failed", e);
         }
     }

     void process(HttpServletRequest request) throws Exception {}
 }
