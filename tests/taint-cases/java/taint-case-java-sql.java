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

    private String current;
    private static final java.util.Map<String, String> COLUMNS = java.util.Map.of("n", "name");

    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws SQLException {
        Statement st = conn.createStatement();
        this.current = request.getParameter("c");
        // ruleid: taint-case-java-sql
        st.execute("SELECT " + current);
        StringBuilder sb = new StringBuilder();
        sb.append("SELECT * FROM t WHERE a = ").append(request.getParameter("a"));
        // ruleid: taint-case-java-sql
        st.execute(sb.toString());
        // ok: taint-case-java-sql
        st.execute("SELECT " + COLUMNS.get(request.getParameter("col")));
        java.util.List<String> names = java.util.List.of(request.getParameter("n"));
        names.forEach(n -> {
            // ruleid: taint-case-java-sql
            st.executeUpdate("DELETE FROM t WHERE n = " + n);
        });
        // ruleid: taint-case-java-sql
        st.execute(Helpers.wrapQuote(request.getParameter("w")));
    }

    protected void doPut(HttpServletRequest request, HttpServletResponse response) throws SQLException {
        Statement st = conn.createStatement();
        java.util.Map<String, String> parts = new java.util.HashMap<>();
        parts.put("where", request.getParameter("w"));
        parts.put("order", "name");
        // ok: taint-case-java-sql
        st.execute("SELECT * FROM t ORDER BY " + parts.get("order"));
        // ruleid: taint-case-java-sql
        st.execute("SELECT * FROM t WHERE " + parts.get("where"));
        // ok: taint-case-java-sql
        st.execute("SELECT * FROM t ORDER BY " + parts.getOrDefault("order", "id"));
        // ruleid: taint-case-java-sql
        st.execute("SELECT * FROM t ORDER BY " + parts.getOrDefault("order", request.getParameter("d")));
        parts.put("where", "a = 1");
        // ok: taint-case-java-sql
        st.execute("SELECT * FROM t WHERE " + parts.get("where"));
        parts.put(request.getParameter("k"), request.getParameter("v"));
        // ruleid: taint-case-java-sql
        st.execute("SELECT * FROM t ORDER BY " + parts.get("order"));
        String[] columns = new String[2];
        columns[0] = "name";
        columns[1] = request.getParameter("c");
        // ok: taint-case-java-sql
        st.execute("SELECT " + columns[0] + " FROM t");
        // ruleid: taint-case-java-sql
        st.execute("SELECT " + columns[1] + " FROM t");
    }
}

class Helpers {
    static String wrapQuote(String value) {
        return "SELECT '" + value + "'";
    }
}
