package auth

import (
	"os"

	"github.com/golang-jwt/jwt/v5"
)

var signingKey = []byte(os.Getenv("JWT_SIGNING_KEY"))

func issue(claims jwt.MapClaims) (string, string, error) {
	token := jwt.NewWithClaims(jwt.SigningMethodHS256, claims)
	// ruleid: go-jwt-hardcoded-signing-key
	weak, err := token.SignedString([]byte("super-secret-key"))
	if err != nil {
		return "", "", err
	}
	// ok: go-jwt-hardcoded-signing-key
	strong, err := token.SignedString(signingKey)
	return weak, strong, err
}
