import java.io.*;
import javax.servlet.http.*;

public class Handler extends HttpServlet {

     protected void doGet(HttpServletRequest request, HttpServletResponse response) {
         String term = request.getParameter("q");
         // ruleid: java-non-literal-regex
         java.util.regex.Pattern pattern = java.util.regex.Pattern.compile(term);
         // ruleid: java-non-literal-regex
         boolean hit = "catalogue".matches(".*" + term + ".*");
         // ok: java-non-literal-regex
         java.util.regex.Pattern safe = java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(term));
         // ok: java-non-literal-regex
         String[] words = term.split("\\s+");
     }
 }
