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

    Object fromHeader(javax.servlet.http.HttpServletRequest request, java.security.Key key) {
        String bearer = request.getHeader("Authorization").substring(7);
        var parser = Jwts.parser().setSigningKey(key);
        // ruleid: java-jwt-parsed-without-signature
        Object anyToken = parser.parse(bearer);
        // ruleid: java-jwt-parsed-without-signature
        Object plain = io.jsonwebtoken.Jwts.parserBuilder().setSigningKey(key).build().parseClaimsJwt(bearer);
        // ok: java-jwt-parsed-without-signature
        Object verified = Jwts.parserBuilder().setSigningKey(key).build().parseClaimsJws(bearer);
        // ok: java-jwt-parsed-without-signature
        Object day = java.time.LocalDate.parse(request.getParameter("day"));
        // ok: java-jwt-parsed-without-signature
        Object bytes = java.util.Base64.getDecoder().decode(bearer);
        return java.util.List.of(anyToken, plain, verified, day, bytes);
    }
}
