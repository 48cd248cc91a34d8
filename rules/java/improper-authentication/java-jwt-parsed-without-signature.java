import com.auth0.jwt.JWT;
import io.jsonwebtoken.Jwts;

public class Tokens {
    Object claims(String token, java.security.Key key) {
        // ruleid: java-jwt-parsed-without-signature
        Object unsigned = Jwts.parser().parse(token);
        // ruleid: java-jwt-parsed-without-signature
        Object decoded = JWT.decode(token);
        // ok: java-jwt-parsed-without-signature
        Object signed = Jwts.parser().setSigningKey(key).build().parseClaimsJws(token);
        return unsigned;
    }
}
