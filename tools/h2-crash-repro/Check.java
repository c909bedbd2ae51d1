import java.sql.*;
/** Reopens the file the killed Writer left and prints what disagrees (all 0 when consistent). */
public class Check {
    public static void main(String[] args) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + args[0] + "/db", "sa", ""); Statement s = c.createStatement()) {
            String[] q = {
                "SELECT COUNT(*) FROM a a WHERE NOT EXISTS (SELECT 1 FROM b b WHERE b.k = a.k AND b.id = a.id)",
                "SELECT COUNT(*) FROM b b WHERE NOT EXISTS (SELECT 1 FROM a a WHERE a.k = b.k AND a.id = b.id)",
                "SELECT COUNT(*) FROM cnt c WHERE c.n <> (SELECT COUNT(*) FROM a WHERE a.g = c.g)",
                "SELECT (SELECT COUNT(*) FROM a USE INDEX ()) - (SELECT COUNT(*) FROM a WHERE k > '')",
                "SELECT (SELECT COUNT(*) FROM b USE INDEX ()) - (SELECT COUNT(*) FROM b WHERE k > '')"};
            StringBuilder out = new StringBuilder();
            for (String sql : q) { try (ResultSet rs = s.executeQuery(sql)) { rs.next(); out.append(rs.getLong(1)).append(' '); } }
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM a")) { rs.next(); out.append("rows=").append(rs.getLong(1)); }
            System.out.println(out);
        }
    }
}
