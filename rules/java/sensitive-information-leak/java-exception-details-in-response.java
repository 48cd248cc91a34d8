import java.io.*;
import javax.servlet.http.*;

class ErrorViews {
    @org.springframework.web.bind.annotation.ExceptionHandler(Exception.class)
    public org.springframework.http.ResponseEntity<String> onError(Exception e) {
        java.io.StringWriter sw = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(sw));
        // ruleid: java-exception-details-in-response
        return org.springframework.http.ResponseEntity.status(500).body("failed:\n" + sw);
    }

    public void write(javax.servlet.http.HttpServletResponse response) throws java.io.IOException {
        try {
            run();
        } catch (IllegalStateException ex) {
            // ruleid: java-exception-details-in-response
            response.getWriter().write("error: " + ex.getMessage());
            PrintWriter w = response.getWriter();
            // ok: java-exception-details-in-response
            w.println("error of kind " + ex.getClass().getSimpleName());
            // ruleid: java-exception-details-in-response
            response.sendError(500, ex.toString());
            // ok: java-exception-details-in-response
            response.sendError(500, "internal error");
        }
    }

    public javax.ws.rs.core.Response jaxrs() {
        try {
            run();
            return javax.ws.rs.core.Response.ok("done").build();
        } catch (RuntimeException failure) {
            String text = "run failed: " + failure;
            // ruleid: java-exception-details-in-response
            return javax.ws.rs.core.Response.serverError().entity(text).build();
        }
    }

    void run() {}
}

class NotFoundMapper implements javax.ws.rs.ext.ExceptionMapper<IllegalArgumentException> {
    public javax.ws.rs.core.Response toResponse(IllegalArgumentException exception) {
        // ok: java-exception-details-in-response
        return javax.ws.rs.core.Response.status(404).entity(exception.getMessage()).build();
    }
}

class Plain {
    public String describe(Exception e) {
        // ok: java-exception-details-in-response
        return org.springframework.http.ResponseEntity.ok("kind " + e.getClass().getName()).toString();
    }
}
