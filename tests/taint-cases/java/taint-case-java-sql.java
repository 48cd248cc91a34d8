import java.sql.*;

public class UserServlet extends HttpServlet {
    private static final String TABLE = "users";

    private String wrap(String v) {
        return "'" + v + "'";
    }

    private void run(Statement st, String sql) throws SQLException {
        // ruleid: taint-case-java-sql
        st.executeQuery(sql);
    }

    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws SQLException {
        String name = request.getParameter("name");
        Statement st = conn.createStatement();
        // ruleid: taint-case-java-sql
        st.executeQuery("SELECT * FROM users WHERE name = '" + name + "'");
        // ruleid: taint-case-java-sql
        st.executeQuery("SELECT * FROM users WHERE name = " + wrap(name));
        // ok: taint-case-java-sql
        st.executeQuery("SELECT * FROM " + TABLE);
        StringBuilder sb = new StringBuilder("SELECT * FROM t WHERE a = ");
        sb.append(name);
        // ruleid: taint-case-java-sql
        st.execute(sb.toString());
        int id = Integer.parseInt(request.getParameter("id"));
        // ok: taint-case-java-sql
        st.execute("SELECT * FROM t WHERE id = " + id);
        String q = name != null ? "SELECT 1" : "SELECT 2";
        // ok: taint-case-java-sql
        st.execute(q);
        run(st, "DELETE FROM t WHERE n = " + name);
        // ok: taint-case-java-sql
        st.execute("SELECT * FROM t WHERE n = " + escapeSql(name));
        for (String v : request.getParameterValues("v")) {
            // ok: taint-case-java-sql
            st.execute(v);
        }
    }

    @GetMapping("/u")
    public String find(@RequestParam("n") String n, Model model) {
        Statement st = conn.createStatement();
        // ruleid: taint-case-java-sql
        st.executeUpdate("UPDATE t SET a = '" + n + "'");
        return "ok";
    }
}
