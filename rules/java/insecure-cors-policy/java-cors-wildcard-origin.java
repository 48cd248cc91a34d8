import java.io.*;
import javax.servlet.http.*;

public class Handler extends HttpServlet {

     protected void doGet(HttpServletRequest request, HttpServletResponse response) {
         // ruleid: java-cors-wildcard-origin
         response.setHeader("Access-Control-Allow-Origin", "*");
         // ok: java-cors-wildcard-origin
         response.setHeader("Access-Control-Allow-Origin", "https://app.example.com");
     }

     void configure(org.springframework.web.servlet.config.annotation.CorsRegistry registry) {
         // ruleid: java-cors-wildcard-origin
         registry.addMapping("/api/**").allowedOrigins("*");
     }
 }
